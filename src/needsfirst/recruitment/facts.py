"""What an offer check tells the identification engine, as facts of the screening record.

Contract substitution (RF07) is deceptive recruitment: each difference between the offer and the
conditions on arrival becomes an ILO/EC 2009 deceptive-recruitment indicator (D1.*) and the
means "deception"; documents held by others and fees turned into debt become the D2 indicators.
The result is a fragment of the screening record (`screening/schema/screening-record.schema.json`)
that a caseworker's screening can start from; this package never imports the screening engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from needsfirst.recruitment.checker import OfferCheck
from needsfirst.recruitment.terms import Arrival, DocumentHolder, Fee, Money, Payer, Recovery

# Which deceptive-recruitment indicator a difference on arrival is evidence of.
SUBSTITUTION_INDICATORS = {
    "on_arrival.job": "D1.nature_of_job",
    "on_arrival.employer": "D1.contract",
    "on_arrival.country_of_work": "D1.conditions_of_work",
    "on_arrival.hours_per_day": "D1.conditions_of_work",
    "on_arrival.days_per_week": "D1.conditions_of_work",
    "on_arrival.wage": "D1.wages",
}
RECORD_SECTORS = {
    "domestic": "domestic_work",
    "agriculture": "agriculture",
    "construction": "construction",
    "manufacturing": "manufacturing",
    "hospitality": "hospitality",
    "fishing": "fishing",
    "general": "general",
}
HOLDERS = {
    DocumentHolder.WORKER: "self",
    DocumentHolder.EMPLOYER: "employer",
    DocumentHolder.RECRUITER: "recruiter",
    DocumentHolder.OTHER: "other",
}


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _pay(money: Money) -> dict[str, Any]:
    return {
        "amount": _number(money.amount),
        "currency": money.currency,
        "period": money.period.value,
    }


def _work(check: OfferCheck) -> dict[str, Any]:
    offer = check.offer
    work: dict[str, Any] = {"sector": RECORD_SECTORS.get(offer.sector, "other")}
    if offer.wage is not None:
        work["wage_promised"] = _pay(offer.wage)
    arrival = offer.on_arrival or Arrival()
    if arrival.wage is not None:
        work["wage_paid"] = _pay(arrival.wage)
    hours = arrival.hours_per_day if arrival.hours_per_day is not None else offer.hours_per_day
    days = arrival.days_per_week if arrival.days_per_week is not None else offer.days_per_week
    if hours is not None:
        work["hours_per_day"] = _number(hours)
    if days is not None:
        work["days_per_week"] = _number(days)
    if offer.passport_held_by is not None:
        work["documents_held_by"] = HOLDERS[offer.passport_held_by]
    work.update(_fees(offer.fees or ()))
    return work


def _fees(fees: tuple[Fee, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    paid = [fee for fee in fees if fee.paid_by is Payer.WORKER and fee.amount is not None]
    currencies = {fee.currency for fee in paid}
    if paid and len(currencies) == 1:
        total = sum((fee.amount or Decimal(0) for fee in paid), Decimal(0))
        out["recruitment_fees"] = {"amount": _number(total), "currency": currencies.pop()}
    if any(fee.recovered_by in {Recovery.WAGE_DEDUCTION, Recovery.LOAN} for fee in fees):
        out["debt"] = {"tied_to_work": "yes", "owed_to": "unknown"}
    return out


def _from_findings(findings: Iterable[tuple[str, str | None]]) -> dict[str, Any]:
    """Indicators, means and acts from (rule, term) pairs; a term of None is unknown (a rule id
    alone, as a request for help carries it)."""
    indicators: dict[str, str] = {}
    deception = False
    for rule, term in findings:
        if rule == "RF07":
            deception = True
            indicator = SUBSTITUTION_INDICATORS.get(term or "")
            if indicator is not None:
                indicators[indicator] = "yes"
        elif rule == "RF05":
            indicators["D2.confiscation_of_documents"] = "yes"
        elif rule == "RF04":
            indicators["D2.debt_bondage"] = "yes"
    facts: dict[str, Any] = {}
    if indicators:
        facts["indicators"] = dict(sorted(indicators.items()))
    if deception:
        facts["means"] = {"deception": "yes"}
        facts["acts"] = {"recruitment": "yes"}
    return facts


def screening_facts(check: OfferCheck) -> dict[str, Any]:
    """The screening-record facts an offer check establishes (only what it does establish)."""
    offer = check.offer
    facts: dict[str, Any] = {
        "as_of": offer.on.isoformat(),
        "jurisdiction": offer.country_of_work,
        "work": _work(check),
    }
    facts.update(_from_findings((finding.rule, finding.term) for finding in check.findings))
    return facts


def screening_facts_from_rules(rules: Iterable[str]) -> dict[str, Any]:
    """The facts that the rule ids of a check alone establish (a request for help keeps only
    those): documents held by others, fees turned into debt, and a changed contract as
    deception in recruitment, without which term changed (so no D1 indicator)."""
    return _from_findings((rule, None) for rule in rules)
