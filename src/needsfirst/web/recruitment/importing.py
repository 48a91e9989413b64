"""Reading a licensing authority's published list (CSV) with a column mapping.

The whole file is read and checked before anything is written: `parse_licence_list` returns
either the rows or every rejected row with its field and reason. Writing is the service's job
(`services.licence_list_import`), in one transaction.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import pycountry
from django.utils.translation import gettext as _

from needsfirst.recruitment.terms import SECTORS
from needsfirst.web.recruitment.models import LicenceStatus, PartyKind, licence_key

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Our fields, and whether a mapping must name a column for them.
FIELDS: dict[str, bool] = {
    "name": True,
    "licence_number": True,
    "transliterations": False,
    "kind": False,
    "status": False,
    "valid_from": False,
    "valid_until": False,
    "countries": False,
    "sectors": False,
    "certification": False,  # a certification scheme the recruiter holds, e.g. "IOM IRIS"
    "certified_until": False,
}
STATUS_WORDS = {
    "licensed": LicenceStatus.LICENSED,
    "licenced": LicenceStatus.LICENSED,
    "active": LicenceStatus.LICENSED,
    "valid": LicenceStatus.LICENSED,
    "suspended": LicenceStatus.SUSPENDED,
    "revoked": LicenceStatus.REVOKED,
    "cancelled": LicenceStatus.REVOKED,
    "canceled": LicenceStatus.REVOKED,
    "withdrawn": LicenceStatus.REVOKED,
    "expired": LicenceStatus.EXPIRED,
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")


class MappingError(ValueError):
    """The column mapping itself is wrong: `field` names the mapping entry."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class RowError:
    row: int  # the line of the file (the header is line 1)
    field: str
    reason: str


@dataclass(frozen=True)
class ListedRow:
    row: int
    name: str
    licence_number: str
    transliterations: tuple[str, ...] = ()
    kind: str = PartyKind.AGENCY
    status: str = LicenceStatus.LICENSED
    valid_from: date | None = None
    valid_until: date | None = None
    countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    certification: str = ""
    certified_until: date | None = None


@dataclass
class ParsedList:
    rows: list[ListedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def parse_mapping(text: str) -> dict[str, str]:
    """Lines of `field = Column header` (or a mapping already) into a dict, checked."""
    mapping: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        ours, sep, theirs = line.partition("=")
        ours, theirs = ours.strip(), theirs.strip()
        if not sep or not theirs:
            raise MappingError(ours or line.strip(), _("write each line as: field = Column header"))
        mapping[ours] = theirs
    return check_mapping(mapping)


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    for key in mapping:
        if key not in FIELDS:
            raise MappingError(
                key,
                _("not a field of the registry; use one of: %(fields)s")
                % {"fields": ", ".join(FIELDS)},
            )
    for key, required in FIELDS.items():
        if required and not mapping.get(key):
            raise MappingError(key, _("this field must be mapped to a column"))
    return dict(mapping)


def _date(raw: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(raw)


def _split(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in re.split(r"[;|]", raw) if part.strip())


def _country(raw: str) -> str | None:
    text = raw.strip()
    if len(text) == 2 and pycountry.countries.get(alpha_2=text.upper()) is not None:
        return text.upper()
    if len(text) == 3 and pycountry.countries.get(alpha_3=text.upper()) is not None:
        found = pycountry.countries.get(alpha_3=text.upper())
        return str(found.alpha_2) if found is not None else None
    return None


def parse_licence_list(data: bytes, mapping: Mapping[str, str]) -> ParsedList:
    """Every row of the file checked; errors name the line, our field and the reason."""
    result = ParsedList()
    if len(data) > MAX_BYTES:
        result.errors.append(RowError(0, "file", _("The file is larger than 5 MB.")))
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(RowError(0, "file", _("The file is not UTF-8 text.")))
        return result
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = reader.fieldnames or []
    for ours, theirs in mapping.items():
        if theirs not in headers:
            result.errors.append(
                RowError(
                    1, ours, _("the column %(column)s is not in the file") % {"column": theirs}
                )
            )
    if result.errors:
        return result
    seen: dict[str, int] = {}
    for index, raw in enumerate(reader):
        line = index + 2
        if index >= MAX_ROWS:
            result.errors.append(RowError(line, "file", _("More than 20,000 rows.")))
            break
        if None in raw:
            result.errors.append(
                RowError(line, "file", _("The row has more cells than the header."))
            )
            continue

        def cell(ours: str, raw: dict[str, str] = raw) -> str:
            column = mapping.get(ours)
            return " ".join((raw.get(column) or "").split()) if column else ""

        problems: list[RowError] = []
        name = cell("name")
        if not name:
            problems.append(RowError(line, "name", _("the name is empty")))
        elif len(name) > 200:
            problems.append(RowError(line, "name", _("the name is longer than 200 characters")))
        number = cell("licence_number")
        if not licence_key(number):
            problems.append(RowError(line, "licence_number", _("the licence number is empty")))
        elif len(number) > 100:
            problems.append(RowError(line, "licence_number", _("longer than 100 characters")))
        elif licence_key(number) in seen:
            problems.append(
                RowError(
                    line,
                    "licence_number",
                    _("the same licence number is on line %(line)s")
                    % {"line": seen[licence_key(number)]},
                )
            )
        else:
            seen[licence_key(number)] = line
        kind = cell("kind").lower().replace("-", "_").replace(" ", "_") or PartyKind.AGENCY
        if kind not in PartyKind.values:
            problems.append(
                RowError(line, "kind", _("%(value)s is not a kind of party") % {"value": kind})
            )
        status_word = cell("status").lower() or "licensed"
        status = STATUS_WORDS.get(status_word)
        if status is None:
            problems.append(
                RowError(
                    line, "status", _("%(value)s is not a licence status") % {"value": status_word}
                )
            )
        dates: dict[str, date | None] = {}
        for key in ("valid_from", "valid_until", "certified_until"):
            value = cell(key)
            try:
                dates[key] = _date(value) if value else None
            except ValueError:
                problems.append(
                    RowError(line, key, _("%(value)s is not a date") % {"value": value})
                )
                dates[key] = None
        start, end = dates["valid_from"], dates["valid_until"]
        if start is not None and end is not None and end < start:
            problems.append(RowError(line, "valid_until", _("the licence ends before it starts")))
        countries: list[str] = []
        for item in _split(cell("countries")):
            code = _country(item)
            if code is None:
                problems.append(
                    RowError(
                        line, "countries", _("%(value)s is not a country code") % {"value": item}
                    )
                )
            else:
                countries.append(code)
        certification = cell("certification")
        if len(certification) > 100:
            problems.append(RowError(line, "certification", _("longer than 100 characters")))
        if dates["certified_until"] is not None and not certification:
            problems.append(
                RowError(line, "certification", _("a certification end date needs its scheme"))
            )
        sectors = tuple(item.lower() for item in _split(cell("sectors")))
        for item in sectors:
            if item not in SECTORS:
                problems.append(
                    RowError(
                        line, "sectors", _("%(value)s is not a known sector") % {"value": item}
                    )
                )
        if problems:
            result.errors.extend(problems)
            continue
        result.rows.append(
            ListedRow(
                row=line,
                name=name,
                licence_number=number,
                transliterations=_split(cell("transliterations")),
                kind=kind,
                status=status or LicenceStatus.LICENSED,
                valid_from=start,
                valid_until=end,
                countries=tuple(dict.fromkeys(countries)),
                sectors=tuple(dict.fromkeys(sectors)),
                certification=certification,
                certified_until=dates["certified_until"],
            )
        )
    if not result.rows and not result.errors:
        result.errors.append(RowError(1, "file", _("The file has no rows.")))
    return result
