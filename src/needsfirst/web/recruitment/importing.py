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


def _decode(data: bytes) -> tuple[str | None, RowError | None]:
    if len(data) > MAX_BYTES:
        return None, RowError(0, "file", _("The file is larger than 5 MB."))
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, RowError(0, "file", _("The file is not UTF-8 text."))


class _Row:
    """One line of the file read into our fields; `problems` collects what is wrong with it."""

    def __init__(self, raw: Mapping[str, str], line: int, mapping: Mapping[str, str]) -> None:
        self.raw = raw
        self.line = line
        self.mapping = mapping
        self.problems: list[RowError] = []

    def cell(self, ours: str) -> str:
        column = self.mapping.get(ours)
        return " ".join((self.raw.get(column) or "").split()) if column else ""

    def refuse(self, field: str, reason: str) -> None:
        self.problems.append(RowError(self.line, field, reason))

    def name(self) -> str:
        name = self.cell("name")
        if not name:
            self.refuse("name", _("the name is empty"))
        elif len(name) > 200:
            self.refuse("name", _("the name is longer than 200 characters"))
        return name

    def licence(self, seen: dict[str, int]) -> str:
        number = self.cell("licence_number")
        key = licence_key(number)
        if not key:
            self.refuse("licence_number", _("the licence number is empty"))
        elif len(number) > 100:
            self.refuse("licence_number", _("longer than 100 characters"))
        elif key in seen:
            message = _("the same licence number is on line %(line)s") % {"line": seen[key]}
            self.refuse("licence_number", message)
        else:
            seen[key] = self.line
        return number

    def kind(self) -> str:
        kind = self.cell("kind").lower().replace("-", "_").replace(" ", "_") or PartyKind.AGENCY
        if kind not in PartyKind.values:
            self.refuse("kind", _("%(value)s is not a kind of party") % {"value": kind})
        return kind

    def status(self) -> str:
        word = self.cell("status").lower() or "licensed"
        status = STATUS_WORDS.get(word)
        if status is None:
            self.refuse("status", _("%(value)s is not a licence status") % {"value": word})
        return status or LicenceStatus.LICENSED

    def day(self, ours: str) -> date | None:
        value = self.cell(ours)
        try:
            return _date(value) if value else None
        except ValueError:
            self.refuse(ours, _("%(value)s is not a date") % {"value": value})
            return None

    def countries(self) -> tuple[str, ...]:
        found: list[str] = []
        for item in _split(self.cell("countries")):
            code = _country(item)
            if code is None:
                self.refuse("countries", _("%(value)s is not a country code") % {"value": item})
            else:
                found.append(code)
        return tuple(dict.fromkeys(found))

    def sectors(self) -> tuple[str, ...]:
        sectors = tuple(dict.fromkeys(item.lower() for item in _split(self.cell("sectors"))))
        for item in sectors:
            if item not in SECTORS:
                self.refuse("sectors", _("%(value)s is not a known sector") % {"value": item})
        return sectors

    def certification(self, until: date | None) -> str:
        scheme = self.cell("certification")
        if len(scheme) > 100:
            self.refuse("certification", _("longer than 100 characters"))
        if until is not None and not scheme:
            self.refuse("certification", _("a certification end date needs its scheme"))
        return scheme

    def read(self, seen: dict[str, int]) -> ListedRow | None:
        start, end = self.day("valid_from"), self.day("valid_until")
        if start is not None and end is not None and end < start:
            self.refuse("valid_until", _("the licence ends before it starts"))
        certified_until = self.day("certified_until")
        row = ListedRow(
            row=self.line,
            name=self.name(),
            licence_number=self.licence(seen),
            transliterations=_split(self.cell("transliterations")),
            kind=self.kind(),
            status=self.status(),
            valid_from=start,
            valid_until=end,
            countries=self.countries(),
            sectors=self.sectors(),
            certification=self.certification(certified_until),
            certified_until=certified_until,
        )
        return None if self.problems else row


def parse_licence_list(data: bytes, mapping: Mapping[str, str]) -> ParsedList:
    """Every row of the file checked; errors name the line, our field and the reason."""
    result = ParsedList()
    text, problem = _decode(data)
    if text is None:
        result.errors.append(problem or RowError(0, "file", _("The file has no rows.")))
        return result
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = reader.fieldnames or []
    for ours, theirs in mapping.items():
        if theirs not in headers:
            message = _("the column %(column)s is not in the file") % {"column": theirs}
            result.errors.append(RowError(1, ours, message))
    if result.errors:
        return result
    seen: dict[str, int] = {}
    for index, raw in enumerate(reader):
        line = index + 2
        if index >= MAX_ROWS:
            result.errors.append(RowError(line, "file", _("More than 20,000 rows.")))
            break
        if None in raw:
            message = _("The row has more cells than the header.")
            result.errors.append(RowError(line, "file", message))
            continue
        row = _Row(raw, line, mapping)
        listed = row.read(seen)
        if listed is None:
            result.errors.extend(row.problems)
        else:
            result.rows.append(listed)
    if not result.rows and not result.errors:
        result.errors.append(RowError(1, "file", _("The file has no rows.")))
    return result
