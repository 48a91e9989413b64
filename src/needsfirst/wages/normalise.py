"""Pay normalised to an hourly figure by the hours actually worked, and compared.

The worked case of the 2009 IOM paper: $5 a day for 10 hours where the minimum is $5 an hour
is $0.50 an hour, 10% of the minimum, whatever the worker agreed to.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from needsfirst.wages.rates import MinimumWage, PayPeriod, per_hour


def hourly_equivalent(
    amount: Decimal, period: PayPeriod, hours_per_day: Decimal, days_per_week: Decimal
) -> Decimal:
    """Pay per hour from pay per hour, day, week or month, given the hours actually worked.

    A day is `hours_per_day` hours; a week is `days_per_week` such days; a month is 52/12
    weeks. Nothing is rounded: round only what is shown.
    """
    if amount < 0:
        raise ValueError("amount must not be negative")
    return per_hour(amount, PayPeriod(period), hours_per_day, days_per_week)


@dataclass(frozen=True)
class PayComparison:
    """Pay per hour against a reference per hour (a promise or a legal minimum)."""

    hourly_paid: Decimal
    hourly_reference: Decimal
    currency: str

    @property
    def share(self) -> Decimal:
        """Pay as a fraction of the reference: 0.1 means a tenth of it (to 12 places, so the
        last digit of two inexact hourly figures does not show)."""
        return (self.hourly_paid / self.hourly_reference).quantize(Decimal("1e-12"))

    @property
    def shortfall_per_hour(self) -> Decimal:
        """What each hour fell short by; zero when pay meets or beats the reference."""
        return max(Decimal(0), self.hourly_reference - self.hourly_paid)

    @property
    def below(self) -> bool:
        return self.hourly_paid < self.hourly_reference


def compare_with_minimum(
    amount: Decimal,
    period: PayPeriod,
    currency: str,
    hours_per_day: Decimal,
    days_per_week: Decimal,
    minimum: MinimumWage,
) -> PayComparison:
    """Pay at `amount` per `period` for the hours worked, against the legal minimum per hour."""
    if currency != minimum.currency:
        raise ValueError(
            f"pay is in {currency} and the minimum in {minimum.currency}: no conversion is made"
        )
    return PayComparison(
        hourly_paid=hourly_equivalent(amount, period, hours_per_day, days_per_week),
        hourly_reference=minimum.hourly(),
        currency=currency,
    )


def compare_with_promise(
    paid_amount: Decimal,
    paid_period: PayPeriod,
    promised_amount: Decimal,
    promised_period: PayPeriod,
    currency: str,
    hours_per_day: Decimal,
    days_per_week: Decimal,
) -> PayComparison:
    """Pay against the promise, both brought to an hourly figure over the same hours."""
    return PayComparison(
        hourly_paid=hourly_equivalent(paid_amount, paid_period, hours_per_day, days_per_week),
        hourly_reference=hourly_equivalent(
            promised_amount, promised_period, hours_per_day, days_per_week
        ),
        currency=currency,
    )
