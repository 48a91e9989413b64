"""Dated legal values: every value takes effect on a day and cites where it comes from."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class LawDataError(ValueError):
    """A law data file is malformed: the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where a legal value comes from: the instrument, the provision, an address."""

    instrument: str
    provision: str = ""
    url: str = ""
    verified: bool = False
    note: str = ""
    # a marked stand-in (ILOSTAT's figure where we hold no table), never a checked legal value
    fallback: bool = False

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any], where: str) -> Source:
        if not isinstance(raw, Mapping) or not raw.get("instrument"):
            raise LawDataError(f"{where}: source.instrument is required")
        verified = raw.get("verified", False)
        if not isinstance(verified, bool):
            raise LawDataError(f"{where}: source.verified must be true or false")
        return cls(
            instrument=str(raw["instrument"]),
            provision=str(raw.get("provision", "")),
            url=str(raw.get("url", "")),
            verified=verified,
            note=str(raw.get("note", "")),
            fallback=raw.get("fallback") is True,
        )

    def cite(self) -> str:
        """A short citation for explanations, e.g. 'Trafficking Protocol, Art. 3(a)'."""
        text = self.instrument if not self.provision else f"{self.instrument}, {self.provision}"
        if self.fallback:
            return f"{text} [fallback; unverified]"
        return text if self.verified else f"{text} [unverified]"


@dataclass(frozen=True, slots=True)
class Dated(Generic[T]):
    """One value of a timeline, in force from `effective_from` until the next entry."""

    value: T
    effective_from: date
    source: Source


class Timeline(Generic[T]):
    """The history of one legal value; a change in the law adds an entry, never edits one."""

    __slots__ = ("_entries", "_starts")

    def __init__(self, entries: Iterable[Dated[T]]) -> None:
        ordered = sorted(entries, key=lambda entry: entry.effective_from)
        starts = [entry.effective_from for entry in ordered]
        if len(set(starts)) != len(starts):
            raise LawDataError("two entries of one timeline take effect on the same day")
        self._entries: tuple[Dated[T], ...] = tuple(ordered)
        self._starts: tuple[date, ...] = tuple(starts)

    def at(self, on: date) -> Dated[T] | None:
        """The entry in force on `on`, or None before the first entry."""
        index = bisect.bisect_right(self._starts, on) - 1
        return self._entries[index] if index >= 0 else None

    @property
    def entries(self) -> tuple[Dated[T], ...]:
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)


def parse_date(raw: object, where: str) -> date:
    """A date from YAML (already a date) or an ISO string; anything else is an error."""
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError as error:
            raise LawDataError(f"{where}: {raw!r} is not an ISO date") from error
    raise LawDataError(f"{where}: a date is required")
