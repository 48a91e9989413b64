"""Check a whole exchange file before anything is written.

`validate(document)` reads every row of every table and returns the rows in plain Python types
(dates, lists, integers) with every rejection: the table, the row, the field and the reason.
A rejection never quotes the value it refused (it may be personal data): it names where and why.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import Any

import pycountry

from needsfirst.exchange.codes import CODE_LISTS
from needsfirst.exchange.tables import TABLES, TABLES_BY_NAME, Field, Kind, Table

STANDARD = "HTCDS"
VERSION = "2.0"

# Size limits: a file larger than this is refused before it is parsed.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000  # per table
MAX_TEXT = 200
MAX_LONG = 10_000
MAX_ID = 64
# Each checked row keeps the number it had in its file under this key, for later rejections.
ROW = "_row"
# The fields a row named, blank or not: an update changes only those (a file that leaves a
# column out says nothing about it; a blank cell empties the field).
GIVEN = "_given"
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Reason(StrEnum):
    """Why a row, or the file, was rejected."""

    REQUIRED = "required"
    UNKNOWN_FIELD = "unknown_field"
    NOT_IN_CODE_LIST = "not_in_code_list"
    BAD_DATE = "bad_date"
    BAD_NUMBER = "bad_number"
    OUT_OF_RANGE = "out_of_range"
    BAD_BOOLEAN = "bad_boolean"
    BAD_ID = "bad_id"
    DUPLICATE_ID = "duplicate_id"
    UNKNOWN_REFERENCE = "unknown_reference"
    UNKNOWN_COUNTRY = "unknown_country"
    UNKNOWN_LANGUAGE = "unknown_language"
    TOO_LONG = "too_long"
    NOT_TEXT = "not_text"
    NOT_A_ROW = "not_a_row"
    UNKNOWN_TABLE = "unknown_table"
    TOO_MANY_ROWS = "too_many_rows"
    TOO_LARGE = "too_large"
    NOT_A_FILE = "not_a_file"
    WRONG_STANDARD = "wrong_standard"
    IMPORTED_MEANWHILE = "imported_meanwhile"
    # Conflicts of an update (reported, the record left as it is; the file is not rejected):
    CHANGED_HERE = "changed_here"
    REMOVED_HERE = "removed_here"
    NEVER_EDITED = "never_edited"


MESSAGES: dict[Reason, str] = {
    Reason.REQUIRED: "a value is required",
    Reason.UNKNOWN_FIELD: "not a field of this table",
    Reason.NOT_IN_CODE_LIST: "not a value of the field's code list",
    Reason.BAD_DATE: "not a date (YYYY-MM-DD)",
    Reason.BAD_NUMBER: "not a number",
    Reason.OUT_OF_RANGE: "outside the allowed range",
    Reason.BAD_BOOLEAN: "not true or false",
    Reason.BAD_ID: "not an identifier (letters, digits and . _ : -, at most 64)",
    Reason.DUPLICATE_ID: "the same id is on an earlier row",
    Reason.UNKNOWN_REFERENCE: "refers to a row that is not in the file",
    Reason.UNKNOWN_COUNTRY: "not an ISO 3166-1 alpha-2 country code",
    Reason.UNKNOWN_LANGUAGE: "not an ISO 639 language code",
    Reason.TOO_LONG: "longer than the field allows",
    Reason.NOT_TEXT: "not text",
    Reason.NOT_A_ROW: "a row must be a set of named fields",
    Reason.UNKNOWN_TABLE: "not a table of HTCDS 2.0 exchange",
    Reason.TOO_MANY_ROWS: "more rows than an exchange file may hold",
    Reason.TOO_LARGE: "the file is larger than an exchange file may be",
    Reason.NOT_A_FILE: "not an exchange file",
    Reason.WRONG_STANDARD: "not an HTCDS 2.0 file",
    Reason.IMPORTED_MEANWHILE: "another import wrote the same rows meanwhile; import again",
    Reason.CHANGED_HERE: "changed here since the last import: left as it is",
    Reason.REMOVED_HERE: "removed here since the last import: not brought back",
    Reason.NEVER_EDITED: "a recorded decision is never edited: left as it is",
}


@dataclass(frozen=True, slots=True)
class Rejection:
    """One refusal: `row` counts from 1 (in a spreadsheet, the row number of its sheet)."""

    table: str
    row: int
    field: str
    reason: Reason

    @property
    def message(self) -> str:
        return MESSAGES[self.reason]

    def __str__(self) -> str:
        where = f"{self.table} row {self.row}" if self.row else self.table or "file"
        return f"{where}, {self.field or '-'}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "row": self.row,
            "field": self.field,
            "reason": self.reason.value,
            "message": self.message,
        }


@dataclass(slots=True)
class Checked:
    """The rows of a file in Python types, keyed by table; `rejections` empty when all pass."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    # HTCDS fields the file fills that needsfirst does not keep, by table.
    not_held: dict[str, set[str]] = field(default_factory=dict)
    source: str = ""

    @property
    def ok(self) -> bool:
        return not self.rejections

    def count(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    codes: set[str] = set()
    for language in pycountry.languages:
        for attribute in ("alpha_2", "alpha_3", "bibliographic"):
            value = getattr(language, attribute, None)
            if value:
                codes.add(value)
    return frozenset(codes)


def code_list(field: Field) -> tuple[str, ...]:
    return field.codes or CODE_LISTS.get(field.name, ())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value
    return None


def _split(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return None


Converted = tuple[Any, Reason | None]


def _identifier(field: Field, value: Any) -> Converted:
    text = _as_text(value)
    if text is None or len(text) > MAX_ID or not _ID.match(text.strip()):
        return None, Reason.BAD_ID
    return text.strip(), None


def _text(field: Field, value: Any) -> Converted:
    text = _as_text(value)
    if text is None:
        return None, Reason.NOT_TEXT
    if len(text) > (MAX_TEXT if field.kind is Kind.TEXT else MAX_LONG):
        return None, Reason.TOO_LONG
    return text, None


def _date(field: Field, value: Any) -> Converted:
    if isinstance(value, date):
        return value, None
    text = (_as_text(value) or "").strip()
    if not _DATE.match(text):
        return None, Reason.BAD_DATE
    try:
        return date.fromisoformat(text), None
    except ValueError:
        return None, Reason.BAD_DATE


def _code(field: Field, value: Any) -> Converted:
    text = _as_text(value)
    if text is None or text.strip() not in code_list(field):
        return None, Reason.NOT_IN_CODE_LIST
    return text.strip(), None


def _codes(field: Field, value: Any) -> Converted:
    parts = _split(value)
    if parts is None or not all(isinstance(part, str) for part in parts):
        return None, Reason.NOT_IN_CODE_LIST
    values = list(dict.fromkeys(part.strip() for part in parts))
    if field.kind is Kind.COUNTRIES:
        return (values, None) if set(values) <= _countries() else (None, Reason.UNKNOWN_COUNTRY)
    if not set(values) <= set(code_list(field)):
        return None, Reason.NOT_IN_CODE_LIST
    return values, None


def _country(field: Field, value: Any) -> Converted:
    text = (_as_text(value) or "").strip()
    return (text, None) if text in _countries() else (None, Reason.UNKNOWN_COUNTRY)


def _language(field: Field, value: Any) -> Converted:
    text = (_as_text(value) or "").strip()
    return (text, None) if text in _languages() else (None, Reason.UNKNOWN_LANGUAGE)


def _integer(field: Field, value: Any) -> Converted:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,9}\s*", value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return None, Reason.BAD_NUMBER
    if (field.minimum is not None and value < field.minimum) or (
        field.maximum is not None and value > field.maximum
    ):
        return None, Reason.OUT_OF_RANGE
    return value, None


def _number(field: Field, value: Any) -> Converted:
    if isinstance(value, bool):
        return None, Reason.BAD_NUMBER
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        try:
            number = float(str(value))
        except ValueError:
            return None, Reason.BAD_NUMBER
    if not math.isfinite(number):
        return None, Reason.BAD_NUMBER
    return value if isinstance(value, (int, float)) else number, None


def _boolean(field: Field, value: Any) -> Converted:
    if isinstance(value, bool):
        return value, None
    text = (_as_text(value) or "").strip().lower()
    if text in ("true", "1", "yes"):
        return True, None
    if text in ("false", "0", "no"):
        return False, None
    return None, Reason.BAD_BOOLEAN


CONVERTERS: dict[Kind, Callable[[Field, Any], Converted]] = {
    Kind.ID: _identifier,
    Kind.REF: _identifier,
    Kind.TEXT: _text,
    Kind.LONG: _text,
    Kind.DATE: _date,
    Kind.CODE: _code,
    Kind.CODES: _codes,
    Kind.COUNTRIES: _codes,
    Kind.COUNTRY: _country,
    Kind.LANGUAGE: _language,
    Kind.INTEGER: _integer,
    Kind.NUMBER: _number,
    Kind.BOOLEAN: _boolean,
}


def _check_row(table: Table, number: int, raw: Any, checked: Checked) -> dict[str, Any] | None:
    if not isinstance(raw, Mapping):
        checked.rejections.append(Rejection(table.name, number, "", Reason.NOT_A_ROW))
        return None
    row: dict[str, Any] = {}
    problems: list[Rejection] = []
    for name, value in raw.items():
        field = table.field(str(name))
        if field is None:
            problems.append(Rejection(table.name, number, str(name)[:80], Reason.UNKNOWN_FIELD))
            continue
        if _blank(value) or value == []:
            continue
        converted, reason = CONVERTERS[field.kind](field, value)
        if reason is not None:
            problems.append(Rejection(table.name, number, field.name, reason))
            continue
        if not field.held:
            checked.not_held.setdefault(table.name, set()).add(field.name)
        row[field.name] = converted
    for field in table.fields:
        if (
            field.required
            and field.name not in row
            and not any(problem.field == field.name for problem in problems)
        ):
            problems.append(Rejection(table.name, number, field.name, Reason.REQUIRED))
    checked.rejections.extend(problems)
    return None if problems else row


def _row_numbers(document: Mapping[str, Any], table: str) -> list[int]:
    numbers = document.get("_row_numbers")
    if isinstance(numbers, Mapping):
        found = numbers.get(table)
        if isinstance(found, list) and all(isinstance(n, int) for n in found):
            return found
    return []


def _header(document: Any) -> tuple[str, Rejection | None]:
    if not isinstance(document, Mapping) or not isinstance(document.get("tables"), Mapping):
        return "", Rejection("", 0, "tables", Reason.NOT_A_FILE)
    standard = document.get("standard", STANDARD)
    if standard != STANDARD or str(document.get("version", VERSION)) != VERSION:
        return "", Rejection("", 0, "version", Reason.WRONG_STANDARD)
    source = document.get("source", "")
    if not isinstance(source, str) or len(source) > MAX_TEXT:
        return "", Rejection("", 0, "source", Reason.NOT_TEXT)
    return source.strip(), None


def _check_links(
    table: Table, number: int, row: dict[str, Any], ids: Mapping[str, set[str]]
) -> list[Rejection]:
    return [
        Rejection(table.name, number, link.name, Reason.UNKNOWN_REFERENCE)
        for link in table.fields
        if link.kind is Kind.REF
        and link.name in row
        and row[link.name] not in ids.get(link.ref, set())
    ]


def _check_table(
    table: Table, document: Mapping[str, Any], ids: dict[str, set[str]], checked: Checked
) -> None:
    raw_rows = document["tables"].get(table.name, [])
    if not isinstance(raw_rows, list):
        checked.rejections.append(Rejection(table.name, 0, "", Reason.NOT_A_FILE))
        return
    if len(raw_rows) > MAX_ROWS:
        checked.rejections.append(Rejection(table.name, 0, "", Reason.TOO_MANY_ROWS))
        return
    # A row's key: its id, or for the victim context (one row per case) its case.
    key_field = "nf_CaseId" if table.name == "victim_context" else "nf_Id"
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    numbers = _row_numbers(document, table.name)
    for index, raw in enumerate(raw_rows):
        number = numbers[index] if index < len(numbers) else 1 + index
        row = _check_row(table, number, raw, checked)
        if row is None:
            # Keep its id known, so rows referring to it are not rejected a second time.
            if isinstance(raw, Mapping) and isinstance(raw.get(key_field), str):
                seen.add(raw[key_field].strip())
            continue
        problems = _check_links(table, number, row, ids)
        if row[key_field] in seen:
            problems.append(Rejection(table.name, number, key_field, Reason.DUPLICATE_ID))
        seen.add(row[key_field])
        checked.rejections.extend(problems)
        if not problems:
            row[ROW] = number
            row[GIVEN] = frozenset(str(name) for name in raw if table.field(str(name)))
            rows.append(row)
    ids[table.name] = seen
    checked.tables[table.name] = rows


def validate(document: Any) -> Checked:
    """Check every row of every table. Rows are numbered from 1 (JSON), or by the sheet row the
    spreadsheet reader noted (records start on row 3, under the two header rows)."""
    checked = Checked()
    source, refused = _header(document)
    if refused is not None:
        checked.rejections.append(refused)
        return checked
    checked.source = source
    for name in document["tables"]:
        if name not in TABLES_BY_NAME:
            checked.rejections.append(Rejection(str(name)[:80], 0, "", Reason.UNKNOWN_TABLE))
    ids: dict[str, set[str]] = {}
    for table in TABLES:
        _check_table(table, document, ids, checked)
    return checked


def too_large(size: int) -> Rejection | None:
    """The rejection of a file of `size` bytes, if it is over the limit."""
    if size > MAX_FILE_BYTES:
        return Rejection("", 0, "", Reason.TOO_LARGE)
    return None


def rejections_text(rejections: Iterable[Rejection]) -> str:
    return "\n".join(str(rejection) for rejection in rejections)
