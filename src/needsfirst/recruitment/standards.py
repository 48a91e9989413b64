"""The standards an offer is checked against, read from `instruments/fair-recruitment.yaml`.

Each standard is a timeline of dated entries (a summary and its source); the checker asks for
the entry in force on the day of the check, so a change in a standard is a new entry, never an
edit. Thresholds (debt-bondage months, pay interval, domestic weekly rest) are dated the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache

from needsfirst.law import Dated, LawDataError, Source, Timeline, load_yaml, parse_date

DATA_FILE = "instruments/fair-recruitment.yaml"


@dataclass(frozen=True)
class Standard:
    """One standard as in force on a day: its id, title, our summary and its source."""

    id: str
    title: str
    summary: str
    source: Source
    effective_from: date

    def cite(self) -> str:
        return self.source.cite()


@dataclass(frozen=True)
class _Entry:
    title: str
    summary: str


def _where(*parts: object) -> str:
    return f"{DATA_FILE}: " + ".".join(str(part) for part in parts)


@cache
def _tables() -> tuple[dict[str, Timeline[_Entry]], dict[str, Timeline[Decimal]]]:
    raw = load_yaml(DATA_FILE)
    if not isinstance(raw, Mapping) or not isinstance(raw.get("standards"), Mapping):
        raise LawDataError(_where("standards") + " is required")
    standards: dict[str, Timeline[_Entry]] = {}
    for key, body in raw["standards"].items():
        if not isinstance(body, Mapping) or not body.get("title") or not body.get("entries"):
            raise LawDataError(_where("standards", key) + " needs a title and entries")
        entries: list[Dated[_Entry]] = []
        for index, entry in enumerate(body["entries"]):
            where = _where("standards", key, "entries", index)
            if not isinstance(entry, Mapping) or not entry.get("summary"):
                raise LawDataError(f"{where}: summary is required")
            entries.append(
                Dated(
                    _Entry(str(body["title"]), str(entry["summary"])),
                    parse_date(entry.get("effective_from"), f"{where}.effective_from"),
                    Source.from_mapping(entry.get("source", {}), f"{where}.source"),
                )
            )
        standards[str(key)] = Timeline(entries)
    thresholds: dict[str, Timeline[Decimal]] = {}
    for key, values in (raw.get("thresholds") or {}).items():
        dated: list[Dated[Decimal]] = []
        for index, entry in enumerate(values):
            where = _where("thresholds", key, index)
            try:
                value = Decimal(str(entry["value"]))
            except (KeyError, InvalidOperation, TypeError) as error:
                raise LawDataError(f"{where}: value must be a number") from error
            dated.append(
                Dated(
                    value,
                    parse_date(entry.get("effective_from"), f"{where}.effective_from"),
                    Source.from_mapping(entry.get("source", {}), f"{where}.source"),
                )
            )
        thresholds[str(key)] = Timeline(dated)
    return standards, thresholds


def standard(key: str, on: date) -> Standard | None:
    """The standard `key` as in force on `on`, or None (unknown key, or not yet in force)."""
    timeline = _tables()[0].get(key)
    entry = timeline.at(on) if timeline is not None else None
    if entry is None:
        return None
    return Standard(key, entry.value.title, entry.value.summary, entry.source, entry.effective_from)


def standards_in_force(on: date) -> tuple[Standard, ...]:
    """Every standard in force on `on` (for the documentation and the public pages)."""
    found = (standard(key, on) for key in sorted(_tables()[0]))
    return tuple(item for item in found if item is not None)


def threshold(key: str, on: date) -> Dated[Decimal] | None:
    """A dated threshold (e.g. `debt_bondage_months`) in force on `on`, with its source."""
    timeline = _tables()[1].get(key)
    return timeline.at(on) if timeline is not None else None


def standard_keys() -> tuple[str, ...]:
    return tuple(sorted(_tables()[0]))
