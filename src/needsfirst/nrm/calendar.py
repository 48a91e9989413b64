"""Working days: Monday to Friday, less the jurisdiction's public holidays.

The holidays are dated law data (`law/data/jurisdictions/<country>/public-holidays.yaml`), each
list complete for the years its `covers` says (2023-2027 for the United Kingdom's nations and
Ireland). Outside those years, or for a jurisdiction without a list, a holiday is unknown and is
counted as a working day, so a deadline may fall a day or two earlier than the authority's own
count; `Holidays.covers_range` lets the caller say so (docs/nrm.md). Every function is pure and
total over dates.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from needsfirst.law import LawDataError, Source, parse_date
from needsfirst.law.jurisdictions import JurisdictionError, resolve

SATURDAY = 5
FILE = "public-holidays.yaml"


@dataclass(frozen=True, slots=True)
class Holidays:
    """The public holidays of one jurisdiction that fall on a weekday, sorted, and the span of
    days the list is complete for (`first`..`last`; both None when nothing is held)."""

    jurisdiction: str
    days: tuple[date, ...] = ()
    names: Mapping[date, str] | None = None
    first: date | None = None
    last: date | None = None
    source: Source | None = None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        index = bisect_left(self.days, day)
        return index < len(self.days) and self.days[index] == day

    def count_between(self, start: date, end: date) -> int:
        """How many held holidays fall after `start` up to and including `end`."""
        return bisect_right(self.days, end) - bisect_right(self.days, start)

    def covers_range(self, start: date, end: date) -> bool:
        """Whether the list is complete for every day from `start` to `end`."""
        return (
            self.first is not None
            and self.last is not None
            and self.first <= start
            and end <= self.last
        )

    def name_of(self, day: date) -> str:
        return (self.names or {}).get(day, "")


NO_HOLIDAYS = Holidays(jurisdiction="")


def _build(code: str, content: Mapping[str, Any], where: str) -> Holidays:
    weekdays: dict[date, str] = {}
    for index, raw in enumerate(content["days"]):
        day = parse_date(raw["date"], f"{where}.days[{index}].date")
        if day.weekday() < SATURDAY:
            weekdays[day] = str(raw["name"])
    covers = content["covers"]
    first = parse_date(covers["from"], f"{where}.covers.from")
    last = parse_date(covers["to"], f"{where}.covers.to")
    if last < first:
        raise LawDataError(f"{where}: covers ends before it starts")
    outside = [day for day in weekdays if not first <= day <= last]
    if outside:
        raise LawDataError(f"{where}: {outside[0]} is outside the years the list covers")
    return Holidays(
        jurisdiction=code,
        days=tuple(sorted(weekdays)),
        names=weekdays,
        first=first,
        last=last,
        source=Source.from_mapping(content["source"], f"{where}.source"),
    )


@lru_cache(maxsize=64)
def holidays_of(jurisdiction: str) -> Holidays:
    """The held public holidays of a jurisdiction code (GB-ENG, IE, ...), or an empty list for a
    jurisdiction without one (its holidays are unknown, and count as working days)."""
    try:
        data = resolve(jurisdiction, FILE)
    except JurisdictionError:
        return Holidays(jurisdiction=jurisdiction)
    return _build(data.code, data.content, data.file)


def holidays_from(jurisdiction: str, days: Iterable[date], first: date, last: date) -> Holidays:
    """A holiday list built from days in hand (tests and benches); weekends are dropped."""
    weekdays = sorted({day for day in days if day.weekday() < SATURDAY})
    return Holidays(jurisdiction, tuple(weekdays), {}, first, last, None)


def is_working_day(day: date, holidays: Holidays = NO_HOLIDAYS) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def add_working_days(start: date, count: int, holidays: Holidays = NO_HOLIDAYS) -> date:
    """The working day `count` working days after `start` (`start` itself is day 0).

    A referral received on a Saturday, a Sunday or a holiday is counted from the next working
    day, as if received then. Whole weeks are jumped, then the holidays the jump passed over are
    made up, so a long count costs no more than a short one.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    weeks, rest = divmod(count, 5)
    while True:
        while rest:
            day += timedelta(days=1)
            if is_working_day(day, holidays):
                rest -= 1
        if not weeks:
            return day
        # a jump of whole weeks passes 5 weekdays a week; the holidays among them (the landing
        # day included) are still owed, counted on from the landing day
        after = day + timedelta(weeks=weeks)
        rest = holidays.count_between(day, after)
        day, weeks = after, 0


def working_days_between(start: date, end: date, holidays: Holidays = NO_HOLIDAYS) -> int:
    """How many working days passed after `start` up to and including `end` (0 if end <= start)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    day = start + timedelta(weeks=weeks)
    for _ in range(rest):
        day += timedelta(days=1)
        if day.weekday() < SATURDAY:
            count += 1
    return count - holidays.count_between(start, end)
