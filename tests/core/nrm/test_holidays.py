"""Public holidays as dated law data, and the working-day count that skips them."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from needsfirst.law import LawDataError
from needsfirst.nrm import add_working_days, holidays_of, is_working_day, working_days_between
from needsfirst.nrm.calendar import _build, holidays_from


def _day_by_day_add(start: date, count: int, holidays: object) -> date:
    day = start
    while not is_working_day(day, holidays):  # type: ignore[arg-type]
        day += timedelta(days=1)
    while count:
        day += timedelta(days=1)
        if is_working_day(day, holidays):  # type: ignore[arg-type]
            count -= 1
    return day


def test_each_nation_has_its_own_bank_holidays() -> None:
    england, scotland = holidays_of("GB-ENG"), holidays_of("GB-SCT")
    northern_ireland, wales = holidays_of("GB-NIR"), holidays_of("GB-WLS")
    assert date(2024, 4, 1) in england  # Easter Monday
    assert date(2024, 4, 1) not in scotland
    assert date(2024, 1, 2) in scotland
    assert date(2024, 1, 2) not in england
    assert date(2024, 12, 2) in scotland  # St Andrew's Day, substitute Monday
    assert date(2024, 7, 12) in northern_ireland
    assert date(2024, 7, 12) not in england
    assert date(2026, 6, 15) in scotland  # the World Cup bank holiday
    assert wales.days == england.days
    assert england.name_of(date(2023, 5, 8)).startswith("Bank holiday for the coronation")


def test_irish_public_holidays_follow_the_schedule_without_weekend_substitutes() -> None:
    ireland = holidays_of("IE")
    assert date(2025, 2, 3) in ireland  # St Brigid's Day, first Monday in February
    assert date(2024, 2, 5) in ireland
    assert date(2024, 3, 18) not in ireland  # a banks' holiday only, not a public holiday
    assert date(2025, 10, 27) in ireland  # last Monday in October
    assert ireland.source is not None
    assert not ireland.source.verified


def test_the_uk_lists_are_marked_verified_with_their_source() -> None:
    england = holidays_of("GB-ENG")
    assert england.source is not None
    assert england.source.verified
    assert england.source.url == "https://www.gov.uk/bank-holidays"
    assert england.first == date(2023, 1, 1)
    assert england.last == date(2027, 12, 31)


def test_a_jurisdiction_without_a_list_has_no_holidays_and_says_it_does_not_know() -> None:
    france = holidays_of("FR")
    assert france.days == ()
    assert not france.covers_range(date(2024, 1, 1), date(2024, 1, 2))
    assert is_working_day(date(2024, 5, 1), france)


def test_counting_with_holidays_agrees_with_a_day_by_day_count() -> None:
    rng = random.Random(13)
    for code in ("GB-ENG", "GB-SCT", "GB-NIR", "IE"):
        holidays = holidays_of(code)
        for _ in range(400):
            start = date(2022, 10, 1) + timedelta(days=rng.randint(0, 1950))
            count = rng.randint(0, 45)
            end = add_working_days(start, count, holidays)
            assert end == _day_by_day_add(start, count, holidays), (code, start, count)
            assert is_working_day(end, holidays)
            if is_working_day(start, holidays):
                assert working_days_between(start, end, holidays) == count


def test_a_referral_received_on_a_bank_holiday_counts_from_the_next_working_day() -> None:
    england = holidays_of("GB-ENG")
    # Good Friday 2025 (18 April), then Easter Monday: counted from Tuesday 22 April
    assert add_working_days(date(2025, 4, 18), 0, england) == date(2025, 4, 22)
    assert add_working_days(date(2025, 4, 18), 5, england) == date(2025, 4, 29)


def test_a_long_count_over_several_holidays_jumps_weeks_and_makes_them_up() -> None:
    england = holidays_of("GB-ENG")
    # 20 working days from Monday 16 December 2024: Christmas, Boxing Day, New Year's Day skipped
    assert add_working_days(date(2024, 12, 16), 20, england) == date(2025, 1, 16)
    assert add_working_days(date(2024, 12, 16), 20) == date(2025, 1, 13)


def test_holidays_built_by_hand_drop_weekends() -> None:
    built = holidays_from(
        "XX", [date(2024, 1, 6), date(2024, 1, 8)], date(2024, 1, 1), date(2024, 12, 31)
    )
    assert built.days == (date(2024, 1, 8),)


def test_a_list_with_a_day_outside_its_years_is_refused() -> None:
    content = {
        "title": "t",
        "covers": {"from": "2024-01-01", "to": "2024-12-31"},
        "source": {"instrument": "i", "verified": False},
        "days": [{"date": "2025-01-01", "name": "New Year's Day"}],
    }
    with pytest.raises(LawDataError, match="outside the years"):
        _build("XX", content, "test")
