"""The NRM core: working days, the mechanism read from law data, and what it allows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from needsfirst.law import check_all
from needsfirst.needs import Category
from needsfirst.nrm import (
    Action,
    NrmErrorCode,
    NrmInputError,
    actions_allowed,
    add_working_days,
    deadline_for,
    entitlements_after,
    mechanism_on,
    supported_jurisdictions,
    working_days_between,
)


def test_working_days_skip_weekends_and_agree_with_a_day_by_day_count() -> None:
    start = date(2024, 1, 1)
    for offset in range(14):
        day = start + timedelta(days=offset)
        for count in range(0, 23):
            end = add_working_days(day, count)
            assert end.weekday() < 5
            # day by day: the same number of working days lie between
            if day.weekday() < 5:
                assert working_days_between(day, end) == count


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2024, 1, 1), -1)


def test_the_united_kingdom_is_held_by_nation() -> None:
    assert {"GB-ENG", "GB-WLS", "GB-SCT", "GB-NIR"} <= set(supported_jurisdictions())
    check_all()


def test_the_mechanism_changes_on_30_january_2023_in_england() -> None:
    before = mechanism_on("GB-ENG", date(2023, 1, 29))
    after = mechanism_on("GB-ENG", date(2023, 1, 30))
    assert "suspects but cannot prove" in before.stage("reasonable_grounds").test
    assert "is (no longer" in after.stage("reasonable_grounds").test
    assert after.children_panels == "pilot"
    assert not after.verified  # several values are marked unverified, so the whole is


def test_a_deadline_in_the_future_is_not_overdue_and_counts_no_waiting() -> None:
    mechanism = mechanism_on("GB-ENG", date(2024, 3, 4))
    deadline = deadline_for(
        mechanism, "reasonable_grounds", started_on=date(2024, 3, 4), today=date(2024, 3, 4)
    )
    assert deadline.due_on == date(2024, 3, 11)
    assert deadline.waited_days == 0
    assert not deadline.overdue


def test_today_before_the_start_is_refused_naming_the_field() -> None:
    mechanism = mechanism_on("GB-ENG", date(2024, 3, 4))
    with pytest.raises(NrmInputError) as error:
        deadline_for(
            mechanism, "reasonable_grounds", started_on=date(2024, 3, 4), today=date(2024, 3, 1)
        )
    assert error.value.field == "started_on"
    assert error.value.code == NrmErrorCode.DATE_ORDER


def test_a_code_that_is_not_a_country_is_refused() -> None:
    with pytest.raises(NrmInputError) as error:
        mechanism_on("XX", date(2024, 1, 1))
    assert error.value.code == NrmErrorCode.UNKNOWN_JURISDICTION


def test_an_adult_with_consent_may_be_referred_in_every_nation() -> None:
    for code in ("GB-ENG", "GB-WLS", "GB-SCT", "GB-NIR"):
        mechanism = mechanism_on(code, date(2024, 6, 1))
        assert Action.REFER_WITH_CONSENT in actions_allowed(mechanism, child=False, consent=True)
        assert Action.REFER_WITH_CONSENT not in actions_allowed(
            mechanism, child=False, consent=False
        )


def test_entitlements_after_a_decision_come_from_the_needs_package() -> None:
    mechanism = mechanism_on("GB-ENG", date(2024, 6, 1))
    positive = entitlements_after(
        mechanism, "conclusive_grounds", positive=True, on=date(2024, 6, 1), child=False
    )
    negative = entitlements_after(
        mechanism, "conclusive_grounds", positive=False, on=date(2024, 6, 1), child=False
    )
    assert positive is not None
    assert negative is not None
    assert positive.category == Category.IDENTIFIED_VICTIM
    assert negative.category == Category.ANY_MIGRANT
    assert len(positive.now) > len(negative.now)
    # what everyone is owed stays owed after a negative decision
    assert {item.id for item in negative.now} <= {item.id for item in positive.now}
