"""Tied visas and sponsorship as dated law per country of work
(`law/data/jurisdictions/<CC>/sponsorship.yaml`): does the law itself make a worker ask the
employer's permission to change employer or to leave the country, and may an employer keep the
worker's passport?"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from needsfirst.law import Dated, LawDataError, Source, Timeline, list_data, load_yaml, parse_date


@dataclass(frozen=True)
class SponsorshipLaw:
    country: str
    effective_from: date
    visa_tied_to_employer: bool
    change_employer_needs_permission: bool
    leaving_needs_permission: bool
    exit_permit_sectors: frozenset[str]
    note: str
    source: Source
    change_permission_sectors: frozenset[str] = frozenset()
    change_employer_free_after: str = ""

    def leaving_needs_permission_in(self, sector: str) -> bool:
        return self.leaving_needs_permission or sector in self.exit_permit_sectors

    def change_needs_permission_in(self, sector: str) -> bool:
        return self.change_employer_needs_permission or sector in self.change_permission_sectors


@dataclass(frozen=True)
class DocumentRetentionLaw:
    """Whether the law lets an employer keep a worker's passport, from a day on."""

    country: str
    effective_from: date
    employer_may_keep_passport: bool
    unless_worker_asks_in_writing: bool
    sectors: frozenset[str]  # empty: every sector
    note: str
    source: Source

    def covers(self, sector: str) -> bool:
        return not self.sectors or sector in self.sectors


def _flag(raw: Mapping[str, object], key: str, where: str) -> bool:
    value = raw.get(key)
    if not isinstance(value, bool):
        raise LawDataError(f"{where}.{key}: true or false is required")
    return value


@cache
def _table(country: str) -> Timeline[SponsorshipLaw] | None:
    relative = f"jurisdictions/{country}/sponsorship.yaml"
    if relative not in list_data(f"jurisdictions/{country}"):
        return None
    raw = load_yaml(relative)
    entries: list[Dated[SponsorshipLaw]] = []
    for index, entry in enumerate(raw.get("entries") or []):
        where = f"{relative}: entries[{index}]"
        start = parse_date(entry.get("effective_from"), f"{where}.effective_from")
        source = Source.from_mapping(entry.get("source", {}), f"{where}.source")
        law = SponsorshipLaw(
            country=country,
            effective_from=start,
            visa_tied_to_employer=_flag(entry, "visa_tied_to_employer", where),
            change_employer_needs_permission=_flag(
                entry, "change_employer_needs_permission", where
            ),
            leaving_needs_permission=_flag(entry, "leaving_needs_permission", where),
            exit_permit_sectors=frozenset(entry.get("exit_permit_sectors") or ()),
            note=" ".join(str(entry.get("note", "")).split()),
            source=source,
            change_permission_sectors=frozenset(entry.get("change_permission_sectors") or ()),
            change_employer_free_after=" ".join(
                str(entry.get("change_employer_free_after", "")).split()
            ),
        )
        entries.append(Dated(law, start, source))
    return Timeline(entries)


@cache
def _retention(country: str) -> tuple[DocumentRetentionLaw, ...]:
    relative = f"jurisdictions/{country}/sponsorship.yaml"
    if relative not in list_data(f"jurisdictions/{country}"):
        return ()
    found: list[DocumentRetentionLaw] = []
    for index, entry in enumerate(load_yaml(relative).get("document_retention") or []):
        where = f"{relative}: document_retention[{index}]"
        found.append(
            DocumentRetentionLaw(
                country=country,
                effective_from=parse_date(entry.get("effective_from"), f"{where}.effective_from"),
                employer_may_keep_passport=_flag(entry, "employer_may_keep_passport", where),
                unless_worker_asks_in_writing=bool(entry.get("unless_worker_asks_in_writing")),
                sectors=frozenset(entry.get("sectors") or ()),
                note=" ".join(str(entry.get("note", "")).split()),
                source=Source.from_mapping(entry.get("source", {}), f"{where}.source"),
            )
        )
    return tuple(sorted(found, key=lambda law: law.effective_from))


def document_retention_law(country: str, on: date, sector: str) -> DocumentRetentionLaw | None:
    """The latest rule on keeping a worker's passport that covers `sector` and is in force on
    `on` (a rule for one sector, e.g. domestic workers, and a general one may both exist: the
    later one that covers the sector holds), or None when none is modelled."""
    if not country.isalpha() or len(country) != 2:
        return None
    in_force = [
        law
        for law in _retention(country.upper())
        if law.effective_from <= on and law.covers(sector)
    ]
    return in_force[-1] if in_force else None


def sponsorship_law(country: str, on: date) -> SponsorshipLaw | None:
    """The sponsorship rules of `country` in force on `on`, or None when not modelled."""
    if not country.isalpha() or len(country) != 2:
        return None
    table = _table(country.upper())
    entry = table.at(on) if table is not None else None
    return entry.value if entry is not None else None
