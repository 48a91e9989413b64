"""Tied visas and sponsorship as dated law per country of work
(`law/data/jurisdictions/<CC>/sponsorship.yaml`): does the law itself make a worker ask the
employer's permission to change employer or to leave the country?"""

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

    def leaving_needs_permission_in(self, sector: str) -> bool:
        return self.leaving_needs_permission or sector in self.exit_permit_sectors


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
        )
        entries.append(Dated(law, start, source))
    return Timeline(entries)


def sponsorship_law(country: str, on: date) -> SponsorshipLaw | None:
    """The sponsorship rules of `country` in force on `on`, or None when not modelled."""
    if not country.isalpha() or len(country) != 2:
        return None
    table = _table(country.upper())
    entry = table.at(on) if table is not None else None
    return entry.value if entry is not None else None
