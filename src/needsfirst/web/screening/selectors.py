"""Reading screenings. Only the organisation holding the case sees them: a screening is not a
section another organisation can be given through a share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from needsfirst.screening import Determination as Result
from needsfirst.screening import screen
from needsfirst.web.accounts.models import User
from needsfirst.web.cases.models import Case
from needsfirst.web.cases.selectors import case_get_for
from needsfirst.web.screening.models import (
    AuthorityDecision,
    Determination,
    Screening,
    TraffickingStatus,
)

# How a screening reads in HTCDS vic_TraffickingStatus terms, as the engine compares them
# (a presumed victim is the screening's "actual", a possible victim its "possible").
STATUS_OF_LABEL = {
    "presumed_trafficking_victim": TraffickingStatus.ACTUAL,
    "possible_trafficking_victim": TraffickingStatus.POSSIBLE,
}


def screening_case_get_for(user: User, case_uuid: str) -> Case:
    """The case, if the user works on it in the holding organisation; otherwise 404."""
    case = case_get_for(user, case_uuid)
    if case.organisation_id != user.organisation_id:
        raise Http404
    return case


def screening_of(case: Case) -> Screening | None:
    return Screening.objects.filter(case=case).first()


def determinations_of(screening: Screening | None) -> QuerySet[Determination]:
    if screening is None:
        return Determination.objects.none()
    return screening.determinations.select_related("created_by")


def authority_decisions_of(case: Case) -> QuerySet[AuthorityDecision]:
    return AuthorityDecision.objects.filter(case=case).select_related("recorded_by")


def authority_status_latest(case: Case) -> str | None:
    """The HTCDS status of the competent authority's latest decision on the case, if any."""
    latest = authority_decisions_of(case).first()
    return latest.status if latest is not None else None


def screening_preview(facts: Mapping[str, Any]) -> Result:
    """What the engine concludes from unsaved facts; raises ScreeningInputError."""
    return screen(facts)


@dataclass(frozen=True)
class Comparison:
    decision: AuthorityDecision
    screening_status: str
    differs: bool

    @property
    def screening_status_label(self) -> str:
        return str(TraffickingStatus(self.screening_status).label)


def status_of_labels(label_ids: list[str]) -> str:
    for label, status in STATUS_OF_LABEL.items():
        if label in label_ids:
            return status.value
    return TraffickingStatus.NOT_A_VICTIM.value


def decision_comparisons(
    decisions: QuerySet[AuthorityDecision], latest: Determination | None
) -> list[Comparison]:
    """Each decision beside the latest screening, and whether the two differ."""
    if latest is None:
        return []
    status = status_of_labels(list(latest.label_ids))
    return [
        Comparison(decision=decision, screening_status=status, differs=decision.status != status)
        for decision in decisions
    ]


# --- work facts for a wage claim --------------------------------------------------------------

# The screening's sectors, as the wage data names them (a sector without a rate of its own
# falls back to the general rate in `needsfirst.wages`).
CLAIM_SECTOR = {"domestic_work": "domestic", "other": "general"}
# Pay in the claim, per hour, day, week or month, for this many days of one week.
_WEEKS_PER_MONTH = Decimal(52) / Decimal(12)


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
            "month": 1 / _WEEKS_PER_MONTH,
        }[deduction["per"]]
    except (ValueError, TypeError, InvalidOperation, KeyError):
        return None
    total = (Decimal(deduction["amount"]) * per_week * weeks).quantize(Decimal("0.01"))
    return format(total, "f")


def claim_facts_for_case(*, case: Case) -> dict[str, Any] | None:
    """The work facts of the case's latest saved screening, in the layout `needsfirst claim
    FILE.json` reads (amounts as strings), for the wage-claim page to prefill.

    None when there is no screening or it holds no work facts. Facts the screening does not
    know are left out, and the caseworker completes them on the page: the period of work is the
    exploitation's first and last day, the deductions (recorded per pay period, reason unknown)
    become one deduction of reason "other" over the period, and recruitment fees one fee.
    """
    screening = screening_of(case)
    facts = screening.facts if screening is not None else None
    if not isinstance(facts, Mapping):
        return None
    work = facts.get("work")
    if not isinstance(work, Mapping):
        return None
    paid = _money(work.get("wage_paid"), period=True)
    promised = _money(work.get("wage_promised"), period=True)
    deduction = _money(work.get("deductions"), period=True)
    fee = _money(work.get("recruitment_fees"), period=False)
    hours, days = work.get("hours_per_day"), work.get("days_per_week")
    if not any((paid, promised, deduction, fee, hours, days)):
        return None
    raw_dates = facts.get("dates")
    dates: Mapping[str, Any] = raw_dates if isinstance(raw_dates, Mapping) else {}
    period: dict[str, Any] = {}
    for key, source in (("start", "exploitation_start"), ("end", "exploitation_end")):
        if isinstance(dates.get(source), str):
            period[key] = dates[source]
    for key, value in (("hours_per_day", hours), ("days_per_week", days)):
        amount = _amount(value)
        if amount is not None:
            period[key] = amount
    if paid is not None:
        period["paid"] = paid
    if promised is not None:
        period["promised"] = promised
    if deduction is not None and "start" in period and "end" in period:
        total = _deduction_total(deduction, period["start"], period["end"], hours, days)
        if total is not None and Decimal(total) > 0:
            period["deductions"] = [
                {"amount": total, "currency": deduction["currency"], "reason": "other"}
            ]
    sector = work.get("sector", "general")
    claim: dict[str, Any] = {
        "sector": CLAIM_SECTOR.get(sector, sector) if isinstance(sector, str) else "general",
        "periods": [period] if period else [],
        "fees": [{**fee, "category": "recruitment-fee"}] if fee is not None else [],
    }
    jurisdiction = facts.get("jurisdiction")
    if isinstance(jurisdiction, str):
        claim["jurisdiction"] = jurisdiction
    return claim
