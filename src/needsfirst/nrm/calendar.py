"""Working days: Monday to Friday.

needsfirst holds no dated public holidays as law data yet, so a bank holiday counts as a working
day here; a deadline may therefore fall one or two days earlier than the authority's own count
(said in docs/nrm.md). Every function is pure and total over dates.
"""

from __future__ import annotations

from datetime import date, timedelta

SATURDAY = 5


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY


def add_working_days(start: date, count: int) -> date:
    """The working day `count` working days after `start` (`start` itself is day 0).

    A referral received on a Saturday is counted from the next Monday's end, as if received then.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    while not is_working_day(day):
        day += timedelta(days=1)
    # whole weeks first, so a long count costs no more than a short one
    weeks, rest = divmod(count, 5)
    day += timedelta(weeks=weeks)
    while rest:
        day += timedelta(days=1)
        if is_working_day(day):
            rest -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days passed after `start` up to and including `end` (0 if end <= start)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    day = start + timedelta(weeks=weeks)
    for _ in range(rest):
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
