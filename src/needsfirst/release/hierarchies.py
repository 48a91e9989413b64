"""Generalisation hierarchies: for each kind of quasi-identifier, the ladder of coarser values.

Level 0 is the value as recorded; the last level is `*` (the column says nothing). A missing
value (empty, or CTDC's `-99`) stays missing at every level below the top: generalising cannot
invent a value, and "unknown" is itself a category a reader needs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

from needsfirst.errors import InputError

TOP = "*"
MISSING = "-99"
MISSING_VALUES = frozenset({"", "-99", "NA", "N/A", "null", "None", "00"})


class ReleaseErrorCode(StrEnum):
    UNKNOWN_KIND = "release.unknown_kind"
    BAD_VALUE = "release.bad_value"
    UNKNOWN_COLUMN = "release.unknown_column"
    NO_QUASI_IDENTIFIER = "release.no_quasi_identifier"
    K_TOO_SMALL = "release.k_too_small"
    CANNOT_MEET_K = "release.cannot_meet_k"
    BAD_LEVEL = "release.bad_level"
    BAD_EPSILON = "release.bad_epsilon"
    BAD_BOUND = "release.bad_bound"
    UNDECLARED_COLUMN = "release.undeclared_column"
    TOO_FEW_ROWS = "release.too_few_rows"
    BAD_BUDGET = "release.bad_budget"
    BUDGET_EXCEEDED = "release.budget_exceeded"
    BAD_LEDGER = "release.bad_ledger"
    NO_BUDGET = "release.no_budget"


Step = Callable[[str], str]


@dataclass(frozen=True)
class Hierarchy:
    """A named ladder: `steps[i]` maps a level-0 value to its value at level i + 1."""

    kind: str
    level_names: tuple[str, ...]  # one per level, level 0 first
    steps: tuple[Step, ...]

    @property
    def top(self) -> int:
        return len(self.level_names) - 1

    def generalise(self, value: str, level: int) -> str:
        if level >= self.top:
            return TOP
        if value in MISSING_VALUES:
            return MISSING
        if level == 0:
            return value
        return self.steps[level - 1](value)


def _age(value: str) -> int:
    try:
        age = int(value)
    except ValueError:
        raise InputError(
            ReleaseErrorCode.BAD_VALUE, "age", "an age must be a whole number of years"
        ) from None
    if not 0 <= age <= 130:
        raise InputError(ReleaseErrorCode.BAD_VALUE, "age", "an age must be 0 to 130")
    return age


def _band(width: int) -> Step:
    def step(value: str) -> str:
        low = _age(value) // width * width
        return f"{low}-{low + width - 1}"

    return step


def _majority(value: str) -> str:
    return "Minor" if _age(value) < 18 else "Adult"


# CTDC's `ageBroad` bands (ctdc_fields.json); a band generalises to majority status.
CTDC_AGE_BANDS = (
    (0, 8, "0--8"),
    (9, 17, "9--17"),
    (18, 20, "18--20"),
    (21, 23, "21--23"),
    (24, 26, "24--26"),
    (27, 29, "27--29"),
    (30, 38, "30--38"),
    (39, 47, "39--47"),
    (48, 200, "48+"),
)
_CTDC_MINOR_BANDS = frozenset({"0--8", "9--17", "09--17"})


def ctdc_age_band(age: int | None) -> str:
    if age is None:
        return MISSING
    for low, high, label in CTDC_AGE_BANDS:
        if low <= age <= high:
            return label
    return MISSING


def _ctdc_majority(value: str) -> str:
    return "Minor" if value in _CTDC_MINOR_BANDS else "Adult"


def _date_parts(value: str) -> tuple[int, int]:
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        raise InputError(
            ReleaseErrorCode.BAD_VALUE, "date", "a date must be YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None
    if len(parts[0]) != 4 or not 0 <= month <= 12:
        raise InputError(
            ReleaseErrorCode.BAD_VALUE, "date", "a date must be YYYY, YYYY-MM or YYYY-MM-DD"
        )
    return year, month


def _month(value: str) -> str:
    year, month = _date_parts(value)
    return f"{year}-{month:02d}" if month else str(year)


def _quarter(value: str) -> str:
    year, month = _date_parts(value)
    return f"{year}-Q{(month - 1) // 3 + 1}" if month else str(year)


def _year(value: str) -> str:
    return str(_date_parts(value)[0])


def _five_years(value: str) -> str:
    low = _date_parts(value)[0] // 5 * 5
    return f"{low}-{low + 4}"


@cache
def _regions() -> tuple[dict[str, str], dict[str, str]]:
    text = resources.files("needsfirst.release").joinpath("regions.json").read_text("utf-8")
    data = json.loads(text)
    subregion: dict[str, str] = {}
    region: dict[str, str] = {}
    for name, entry in data["subregions"].items():
        for code in entry["countries"].split():
            subregion[code] = name
            region[code] = entry["region"]
    return subregion, region


def country_region(code: str) -> str:
    return _regions()[1].get(code.upper(), "Other")


def _subregion(value: str) -> str:
    return _regions()[0].get(value.upper(), "Other")


def _region(value: str) -> str:
    return country_region(value)


def _group(groups: Mapping[str, str]) -> Step:
    def step(value: str) -> str:
        return groups.get(value, "Other")

    return step


def hierarchy(kind: str, groups: Mapping[str, str] | None = None) -> Hierarchy:
    """The ladder for a column kind: age, ctdc_age, date, year, country, category."""
    if kind == "age":
        return Hierarchy(
            kind,
            ("exact", "5-year band", "10-year band", "minor or adult", "suppressed"),
            (_band(5), _band(10), _majority),
        )
    if kind == "ctdc_age":
        return Hierarchy(kind, ("CTDC age band", "minor or adult", "suppressed"), (_ctdc_majority,))
    if kind == "date":
        return Hierarchy(
            kind,
            ("as recorded", "month", "quarter", "year", "suppressed"),
            (_month, _quarter, _year),
        )
    if kind == "year":
        return Hierarchy(kind, ("year", "5-year period", "suppressed"), (_five_years,))
    if kind == "country":
        return Hierarchy(
            kind,
            ("country", "UN M49 sub-region", "UN M49 region", "suppressed"),
            (_subregion, _region),
        )
    if kind == "category":
        if groups:
            return Hierarchy(kind, ("value", "group", "suppressed"), (_group(groups),))
        return Hierarchy(kind, ("value", "suppressed"), ())
    raise InputError(
        ReleaseErrorCode.UNKNOWN_KIND,
        "kind",
        "the kind of a quasi-identifier must be age, ctdc_age, date, year, country or category",
        {"kind": kind},
    )
