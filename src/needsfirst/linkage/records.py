"""The fields of a person that linkage encodes, read from an organisation's own file.

A record holds only what the encoding uses: names, date or year of birth (and whether it is an
estimate), sex and nationalities. Where a date of birth is an estimate, or a placeholder such as
1 January, only its year is encoded: two clerks who guessed differently should not look like two
people, and an invented day should not look like evidence.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from needsfirst.linkage.errors import LinkageErrorCode, LinkageInputError

COLUMNS = (
    "id",
    "first_name",
    "middle_name",
    "family_name",
    "birthdate",
    "birth_year",
    "birthdate_estimated",
    "sex",
    "nationality",
)
SEXES = frozenset({"male", "female", "other", "unknown", ""})
MAXIMUM_FIELD_LENGTH = 200
_TRUE = frozenset({"true", "yes", "1", "y"})
_FALSE = frozenset({"false", "no", "0", "n", ""})


@dataclass(frozen=True)
class LinkageRecord:
    names: tuple[str, ...]
    family_name: str
    birth_year: int | None
    birth_month_day: tuple[int, int] | None
    sex: str
    nationalities: tuple[str, ...]


def record_from_fields(fields: dict[str, str], *, where: str = "") -> LinkageRecord:
    """One record from text fields (a CSV row); errors name `where` and the column."""

    def error(column: str, message: str) -> LinkageInputError:
        return LinkageInputError(f"{where}{column}", LinkageErrorCode.INVALID, message)

    for column, value in fields.items():
        if value is not None and len(value) > MAXIMUM_FIELD_LENGTH:
            raise LinkageInputError(
                f"{where}{column}",
                LinkageErrorCode.TOO_LARGE,
                f"longer than {MAXIMUM_FIELD_LENGTH} characters",
            )
    names = tuple(
        (fields.get(column) or "").strip()
        for column in ("first_name", "middle_name", "family_name")
    )
    if not any(names):
        raise LinkageInputError(
            f"{where}first_name", LinkageErrorCode.REQUIRED, "a record needs at least one name"
        )
    estimated_text = (fields.get("birthdate_estimated") or "").strip().lower()
    if estimated_text not in _TRUE | _FALSE:
        raise error("birthdate_estimated", "write true or false")
    estimated = estimated_text in _TRUE
    year, month_day = _birth(fields, estimated, error)
    sex = (fields.get("sex") or "").strip().lower()
    if sex not in SEXES:
        raise error("sex", "write male, female, other or unknown")
    nationalities = tuple(
        sorted(
            {code.strip().upper() for code in (fields.get("nationality") or "").split(";")} - {""}
        )
    )
    if any(len(code) != 2 or not code.isalpha() for code in nationalities):
        raise error("nationality", "write ISO 3166 alpha-2 codes separated by ';'")
    return LinkageRecord(
        names=tuple(name for name in names if name),
        family_name=names[2],
        birth_year=year,
        birth_month_day=month_day,
        sex=sex if sex not in {"unknown", ""} else "",
        nationalities=nationalities,
    )


def _birth(
    fields: dict[str, str], estimated: bool, make_error: Callable[[str, str], LinkageInputError]
) -> tuple[int | None, tuple[int, int] | None]:
    birthdate_text = (fields.get("birthdate") or "").strip()
    year_text = (fields.get("birth_year") or "").strip()
    if birthdate_text:
        try:
            birthdate = dt.date.fromisoformat(birthdate_text)
        except ValueError:
            raise make_error("birthdate", "write the date as YYYY-MM-DD") from None
        placeholder = (birthdate.month, birthdate.day) == (1, 1)
        month_day = None if estimated or placeholder else (birthdate.month, birthdate.day)
        return birthdate.year, month_day
    if year_text:
        if not (year_text.isdigit() and 1880 <= int(year_text) <= 2100):
            raise make_error("birth_year", "write a year such as 1994")
        return int(year_text), None
    return None, None


def read_csv(path: Path, *, maximum_rows: int = 10_000_000) -> Iterator[LinkageRecord]:
    """Records of a UTF-8 CSV with the `COLUMNS` header; a bad row is refused by line and column."""
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        unknown = set(reader.fieldnames or ()) - set(COLUMNS)
        if unknown:
            raise LinkageInputError(
                "header",
                LinkageErrorCode.INVALID,
                f"unknown columns: {', '.join(sorted(unknown))}",
            )
        for line, row in enumerate(reader, start=2):
            if line - 1 > maximum_rows:
                raise LinkageInputError(
                    "file", LinkageErrorCode.TOO_LARGE, f"more than {maximum_rows} rows"
                )
            yield record_from_fields(row, where=f"line {line}: ")
