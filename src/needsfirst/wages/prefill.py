"""Claim facts from the facts a screening recorded (pure: plain data in, plain data out).

The screening interview records the work (sector, pay promised and received, deductions,
hours, fees) in its own layout; `claim_facts_from_screening` turns it into the layout
`needsfirst claim FILE.json` reads, for the wage-claim page to prefill. The web layer only
fetches the screening's facts and calls this.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from needsfirst.wages.rates import GENERAL, WEEKS_PER_MONTH

# The screening's sectors, as the wage data names them. A sector the wage data has no rules
# of its own for takes the general rules; the caseworker sees it in the sector select.
SCREENING_SECTOR = {"domestic_work": "domestic", "agriculture": "agriculture"}


def _amount(value: Any) -> str | None:
    """A screening amount (a JSON number) as the claim's decimal string; None if unusable."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    return format(amount.normalize(), "f") if amount else "0"


def _money(value: Any, *, period: bool) -> dict[str, str] | None:
    if not isinstance(value, Mapping):
        return None
    amount = _amount(value.get("amount"))
    currency = value.get("currency")
    if amount is None or not isinstance(currency, str):
        return None
    money = {"amount": amount, "currency": currency}
    if period:
        per = value.get("period")
        if per not in {"hour", "day", "week", "month"}:
            return None
        money["per"] = per
    return money


def _deduction_total(
    deduction: Mapping[str, str], start: str, end: str, hours: Any, days: Any
) -> str | None:
    """A deduction recorded per pay period, as the total over the stretch of work the claim
    takes (the core's arithmetic: a week is 7 days, a month 52/12 weeks)."""
    try:
        weeks = Decimal((date.fromisoformat(end) - date.fromisoformat(start)).days + 1) / 7
        per_week = {
            "hour": Decimal(str(hours)) * Decimal(str(days)),
            "day": Decimal(str(days)),
            "week": Decimal(1),
            "month": 1 / WEEKS_PER_MONTH,
        }[deduction["per"]]
    except (ValueError, TypeError, InvalidOperation, KeyError):
        return None
    total = (Decimal(deduction["amount"]) * per_week * weeks).quantize(Decimal("0.01"))
    return format(total, "f")


def _country(facts: Mapping[str, Any]) -> str | None:
    """The country whose law applies: where the work took place (the screening's
    jurisdiction), else the destination the person moved to."""
    jurisdiction = facts.get("jurisdiction")
    if isinstance(jurisdiction, str) and jurisdiction:
        return jurisdiction
    movement = facts.get("movement")
    destination = movement.get("destination_country") if isinstance(movement, Mapping) else None
    return destination if isinstance(destination, str) and destination else None


def _period(
    work: Mapping[str, Any], dates: Mapping[str, Any], money: Mapping[str, dict[str, str] | None]
) -> dict[str, Any]:
    hours, days = work.get("hours_per_day"), work.get("days_per_week")
    period: dict[str, Any] = {}
    for key, source in (("start", "exploitation_start"), ("end", "exploitation_end")):
        if isinstance(dates.get(source), str):
            period[key] = dates[source]
    for key, value in (("hours_per_day", hours), ("days_per_week", days)):
        amount = _amount(value)
        if amount is not None:
            period[key] = amount
    if money["paid"] is not None:
        period["paid"] = money["paid"]
    if money["promised"] is not None:
        period["promised"] = money["promised"]
    deduction = money["deduction"]
    if deduction is not None and "start" in period and "end" in period:
        total = _deduction_total(deduction, period["start"], period["end"], hours, days)
        if total is not None and Decimal(total) > 0:
            period["deductions"] = [
                {"amount": total, "currency": deduction["currency"], "reason": "other"}
            ]
    return period


def claim_facts_from_screening(facts: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The work facts of a screening record, in the layout `needsfirst claim FILE.json` reads
    (amounts as strings); None when the record holds no work facts.

    Facts the screening does not know are left out, and the caseworker completes them: the
    period of work is the exploitation's first and last day, the deductions (recorded per pay
    period, reason unknown) become one deduction of reason "other" over the period, and
    recruitment fees one fee. The country whose law applies is where the work took place (or
    the destination); the currency, which the claim layout carries on each amount, is the
    currency of the wage recorded.
    """
    if not isinstance(facts, Mapping):
        return None
    work = facts.get("work")
    if not isinstance(work, Mapping):
        return None
    money = {
        "paid": _money(work.get("wage_paid"), period=True),
        "promised": _money(work.get("wage_promised"), period=True),
        "deduction": _money(work.get("deductions"), period=True),
    }
    fee = _money(work.get("recruitment_fees"), period=False)
    hours, days = work.get("hours_per_day"), work.get("days_per_week")
    if not any((*money.values(), fee, hours, days)):
        return None
    raw_dates = facts.get("dates")
    dates: Mapping[str, Any] = raw_dates if isinstance(raw_dates, Mapping) else {}
    period = _period(work, dates, money)
    sector = work.get("sector", GENERAL)
    claim: dict[str, Any] = {
        "sector": SCREENING_SECTOR.get(sector, GENERAL) if isinstance(sector, str) else GENERAL,
        "periods": [period] if period else [],
        "fees": [{**fee, "category": "recruitment-fee"}] if fee is not None else [],
    }
    country = _country(facts)
    if country is not None:
        claim["jurisdiction"] = country
    return claim
