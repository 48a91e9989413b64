"""Pay normalised to an hourly figure by the hours actually worked."""

from datetime import date
from decimal import Decimal

import pytest

from needsfirst.law import Source
from needsfirst.wages import (
    MinimumWage,
    PayPeriod,
    compare_with_minimum,
    compare_with_promise,
    hourly_equivalent,
)

FIVE_AN_HOUR = MinimumWage(
    amount=Decimal("5"),
    currency="USD",
    period=PayPeriod.HOUR,
    effective_from=date(2009, 1, 1),
    sector="agriculture",
    source=Source(instrument="worked example of the 2009 IOM workshop paper"),
)


def test_five_dollars_a_day_for_ten_hours_is_fifty_cents_an_hour() -> None:
    assert hourly_equivalent(Decimal(5), PayPeriod.DAY, Decimal(10), Decimal(6)) == Decimal("0.5")


def test_five_dollars_a_day_for_ten_hours_is_ten_percent_of_five_an_hour() -> None:
    comparison = compare_with_minimum(
        Decimal(5), PayPeriod.DAY, "USD", Decimal(10), Decimal(6), FIVE_AN_HOUR
    )
    assert comparison.hourly_paid == Decimal("0.5")
    assert comparison.share == Decimal("0.1")
    assert comparison.shortfall_per_hour == Decimal("4.5")
    assert comparison.below


def test_an_hourly_amount_is_already_hourly() -> None:
    assert hourly_equivalent(Decimal("7.25"), PayPeriod.HOUR, Decimal(12), Decimal(7)) == Decimal(
        "7.25"
    )


def test_a_weekly_amount_is_divided_by_the_hours_of_the_week() -> None:
    assert hourly_equivalent(Decimal(480), PayPeriod.WEEK, Decimal(8), Decimal(6)) == Decimal(10)


def test_a_month_is_fifty_two_twelfths_of_a_week() -> None:
    # 1,801.80 a month for 35 hours a week is the French SMIC of 11.88 an hour (35 x 52/12).
    hourly = hourly_equivalent(Decimal("1801.80"), PayPeriod.MONTH, Decimal(7), Decimal(5))
    assert hourly == Decimal("11.88")


def test_a_promise_of_400_a_month_paid_as_300_is_three_quarters_of_it() -> None:
    comparison = compare_with_promise(
        Decimal(300), PayPeriod.MONTH, Decimal(400), PayPeriod.MONTH, "USD", Decimal(8), Decimal(6)
    )
    assert comparison.share == Decimal("0.75")


def test_pay_above_the_minimum_has_no_shortfall() -> None:
    comparison = compare_with_minimum(
        Decimal(60), PayPeriod.DAY, "USD", Decimal(10), Decimal(5), FIVE_AN_HOUR
    )
    assert comparison.shortfall_per_hour == 0
    assert not comparison.below


def test_pay_in_another_currency_than_the_minimum_is_refused() -> None:
    with pytest.raises(ValueError, match="no conversion"):
        compare_with_minimum(
            Decimal(5), PayPeriod.DAY, "EUR", Decimal(10), Decimal(6), FIVE_AN_HOUR
        )


@pytest.mark.parametrize(
    ("hours", "days"),
    [(Decimal(0), Decimal(5)), (Decimal(8), Decimal(0)), (Decimal(-1), Decimal(5))],
)
def test_zero_or_negative_hours_are_refused(hours: Decimal, days: Decimal) -> None:
    with pytest.raises(ValueError, match="greater than zero"):
        hourly_equivalent(Decimal(100), PayPeriod.WEEK, hours, days)


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        hourly_equivalent(Decimal(-1), PayPeriod.DAY, Decimal(8), Decimal(5))
