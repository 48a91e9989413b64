"""Reading a licensing authority's published list (CSV or XLSX) with a column mapping.

The whole file is read and checked before anything is written: `parse_licence_list` returns
either the rows or every rejected row with its field and reason. Writing is the service's job
(`services.licence_list_import`), in one transaction.

The kind of file is told by its content, not its name: an XLSX is a ZIP archive holding an
Excel workbook (`[Content_Types].xml` declaring a spreadsheet, `xl/workbook.xml`), checked
before openpyxl opens it (at most 5 MB, 2,000 parts and 100 MB unpacked, so a small archive
cannot unpack into gigabytes); macro-enabled workbooks and the old binary `.xls` are refused.
Both kinds then go through the same row checks. A cell's value is data: a formula is never
evaluated, and a mapped cell holding a formula is refused (its cached result could say anything).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pycountry
from django.utils.translation import gettext as _

from needsfirst.recruitment.terms import SECTORS
from needsfirst.web.recruitment.models import LicenceStatus, PartyKind, licence_key

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200
XLSX_MAX_PARTS = 2_000
XLSX_MAX_UNPACKED = 100 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and password-protected XLSX
XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
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
        if not any(problem.field == field for problem in self.problems):  # one reason a field
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


# One row of a file, before our checks: its line, the cells by column header, and the headers
# of the cells that hold a formula (XLSX only).
RawRow = tuple[int, dict[str, str], frozenset[str]]


class FileProblem(ValueError):
    """The file as a whole cannot be read; the reason is for the person importing it."""


def _csv_table(data: bytes) -> tuple[list[str], Iterator[RawRow | int]]:
    text, problem = _decode(data)
    if text is None:
        raise FileProblem(problem.reason if problem else _("The file has no rows."))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = list(reader.fieldnames or [])

    def rows() -> Iterator[RawRow | int]:
        for index, raw in enumerate(reader):
            line = index + 2
            if None in raw:
                yield line  # more cells than the header
                continue
            yield line, {key: value or "" for key, value in raw.items()}, frozenset()

    return headers, rows()


def _xlsx_checked(data: bytes) -> None:
    """A real XLSX workbook within the limits, or FileProblem: before openpyxl reads a byte."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise FileProblem(_("The file is neither a CSV nor an XLSX workbook.")) from error
    with archive:
        parts = archive.infolist()
        names = {part.filename for part in parts}
        if len(parts) > XLSX_MAX_PARTS or sum(p.file_size for p in parts) > XLSX_MAX_UNPACKED:
            raise FileProblem(_("The workbook unpacks to more than 100 MB."))
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise FileProblem(_("The file is neither a CSV nor an XLSX workbook."))
        if "xl/vbaProject.bin" in names:
            raise FileProblem(_("The workbook contains macros; save it as a plain XLSX or CSV."))
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > 1024 * 1024:
            raise FileProblem(_("The file is neither a CSV nor an XLSX workbook."))
        if XLSX_MAIN not in archive.read(info):
            raise FileProblem(_("The workbook contains macros or is not a spreadsheet."))


def _cell_text(value: Any) -> str:
    """A cell's value as the text a CSV would hold (dates ISO, 12345.0 as 12345)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    return str(value)


HEADER_SEARCH_ROWS = 20


def _texts(row: tuple[Any, ...]) -> list[str]:
    return [_cell_text(cell.value).strip() for cell in row]


def _find_header(
    cells: Iterator[tuple[Any, ...]], wanted: frozenset[str]
) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """The header is the first row (of the first 20 that hold anything) naming every mapped
    column, so a title above the table does no harm; failing that, the first row that holds
    anything (the missing columns are then reported, and the rows read while looking are data
    again)."""
    skipped: list[tuple[Any, ...]] = []
    for row in cells:
        texts = _texts(row)
        if not any(texts):
            continue
        if wanted <= set(texts):
            return texts, cells
        skipped.append(row)
        if len(skipped) >= HEADER_SEARCH_ROWS:
            break
    if not skipped:
        return [], cells
    return _texts(skipped[0]), itertools.chain(skipped[1:], cells)


def _xlsx_row(row: tuple[Any, ...], headers: list[str]) -> RawRow | int | None:
    """One sheet row by header; None for an empty row, its line for cells beyond the header."""
    if not row or all(cell.value in (None, "") for cell in row):
        return None
    line = int(getattr(row[0], "row", 0) or 0)
    raw: dict[str, str] = {}
    formulas: set[str] = set()
    for index, cell in enumerate(row):
        header = headers[index] if index < len(headers) else ""
        if not header:
            if cell.value not in (None, ""):
                return line
            continue
        if header in raw:
            continue  # a repeated header: the first column of that name counts
        if getattr(cell, "data_type", None) == "f":
            formulas.add(header)
            raw[header] = ""
        else:
            raw[header] = _cell_text(cell.value)
    return line, raw, frozenset(formulas)


def _xlsx_table(
    data: bytes, wanted: frozenset[str] = frozenset()
) -> tuple[list[str], Iterator[RawRow | int]]:
    """The first worksheet, its header found by `_find_header`; lines are the sheet's rows."""
    _xlsx_checked(data)
    from openpyxl import load_workbook  # only when an XLSX arrives

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            # read_only streams the sheet; data_only=False so a formula stays a formula, which
            # is refused, never evaluated and never taken from its cached result.
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:
        raise FileProblem(_("The XLSX workbook could not be read.")) from error
    if not book.worksheets:
        book.close()
        raise FileProblem(_("The file has no rows."))
    headers, cells = _find_header(book.worksheets[0].iter_rows(max_col=MAX_COLUMNS), wanted)

    def rows() -> Iterator[RawRow | int]:
        try:
            for row in cells:
                item = _xlsx_row(row, headers)
                if item is not None:
                    yield item
        finally:
            book.close()

    return [header for header in headers if header], rows()


def _open_table(
    data: bytes, mapping: Mapping[str, str]
) -> tuple[list[str], Iterator[RawRow | int]]:
    """The headers and rows of a CSV or XLSX, told apart by content; FileProblem if neither."""
    if len(data) > MAX_BYTES:
        raise FileProblem(_("The file is larger than 5 MB."))
    if data.startswith(OLE_MAGIC):
        raise FileProblem(
            _(
                "This is an old Excel file (.xls) or a password-protected workbook; "
                "save it as XLSX or CSV without a password."
            )
        )
    if data.startswith(ZIP_MAGIC):
        return _xlsx_table(data, frozenset(mapping.values()))
    return _csv_table(data)


def _check_row(
    item: RawRow, mapping: Mapping[str, str], seen: dict[str, int]
) -> tuple[ListedRow | None, list[RowError]]:
    line, raw, formulas = item
    row = _Row(raw, line, mapping)
    for ours, theirs in mapping.items():
        if theirs in formulas:
            row.refuse(
                ours,
                _(
                    "the cell holds a formula; needsfirst reads values only, so save the "
                    "list with its values"
                ),
            )
    listed = row.read(seen)
    return listed, row.problems


def parse_licence_list(data: bytes, mapping: Mapping[str, str]) -> ParsedList:
    """Every row of the file (CSV or XLSX) checked; errors name the line, our field and the
    reason."""
    result = ParsedList()
    try:
        headers, rows = _open_table(data, mapping)
    except FileProblem as problem:
        result.errors.append(RowError(0, "file", str(problem)))
        return result
    for ours, theirs in mapping.items():
        if theirs not in headers:
            message = _("the column %(column)s is not in the file") % {"column": theirs}
            result.errors.append(RowError(1, ours, message))
    if result.errors:
        return result
    seen: dict[str, int] = {}
    for count, item in enumerate(rows, start=1):
        if isinstance(item, int):
            message = _("The row has more cells than the header.")
            result.errors.append(RowError(item, "file", message))
            continue
        if count > MAX_ROWS:
            result.errors.append(RowError(item[0], "file", _("More than 20,000 rows.")))
            break
        listed, problems = _check_row(item, mapping, seen)
        if listed is None:
            result.errors.extend(problems)
        else:
            result.rows.append(listed)
    if not result.rows and not result.errors:
        result.errors.append(RowError(1, "file", _("The file has no rows.")))
    return result
