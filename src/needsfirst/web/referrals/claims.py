"""The web side of a wage claim: form data to the core's claim facts, core errors to form fields.

The arithmetic is the core's (`needsfirst.wages.compute_claim`); nothing is computed here.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from needsfirst.wages import Claim, ClaimInputError, claim_facts_from_mapping, compute_claim
from needsfirst.web.cases.models import Case
from needsfirst.web.referrals.forms import AGREED_VALUES

logger = logging.getLogger(__name__)

# Where each path of the core's ClaimInputError lands in the forms.
_PERIOD_FIELDS = {
    "start": "start",
    "end": "end",
    "hours_per_day": "hours_per_day",
    "days_per_week": "days_per_week",
    "paid.amount": "paid_amount",
    "paid.per": "paid_per",
    "paid.currency": None,
    "promised.amount": "promised_amount",
    "promised.per": "promised_per",
    "promised.currency": None,
    "deductions[0].amount": "deduction_amount",
    "deductions[0].reason": "deduction_reason",
    "deductions[0].currency": None,
}
_FEE_FIELDS = {"amount": "amount", "category": "category", "paid_on": "paid_on", "currency": None}
_PATH = re.compile(r"^(periods|fees)\[(\d+)\]\.(.+)$")


def _text(value: Any) -> str:
    return format(value, "f") if value is not None else ""


def claim_mapping(claim: forms.Form, periods: Any, fees: Any) -> dict[str, Any]:
    """The claim facts in the layout `needsfirst claim FILE.json` reads; amounts as strings."""
    currency = claim.cleaned_data["currency"]
    period_rows: list[dict[str, Any]] = []
    for form in periods.forms:
        data = form.cleaned_data
        if not data:
            continue
        row: dict[str, Any] = {
            "start": data["start"].isoformat(),
            "end": data["end"].isoformat(),
            "hours_per_day": _text(data["hours_per_day"]),
            "days_per_week": _text(data["days_per_week"]),
            "paid": {
                "amount": _text(data["paid_amount"]),
                "currency": currency,
                "per": data["paid_per"],
            },
        }
        if data.get("promised_amount") is not None:
            row["promised"] = {
                "amount": _text(data["promised_amount"]),
                "currency": currency,
                "per": data["promised_per"],
            }
        if data.get("deduction_amount"):
            deduction: dict[str, Any] = {
                "amount": _text(data["deduction_amount"]),
                "currency": currency,
                "reason": data["deduction_reason"],
            }
            agreed = AGREED_VALUES.get(data.get("deduction_agreed") or "")
            if agreed is not None:  # unknown stays absent, as in `needsfirst claim FILE.json`
                deduction["agreed"] = agreed
            row["deductions"] = [deduction]
        period_rows.append(row)
    fee_rows = [
        {
            "amount": _text(form.cleaned_data["amount"]),
            "currency": currency,
            "category": form.cleaned_data["category"],
            **(
                {"paid_on": form.cleaned_data["paid_on"].isoformat()}
                if form.cleaned_data.get("paid_on")
                else {}
            ),
        }
        for form in fees.forms
        if form.cleaned_data
    ]
    return {
        "jurisdiction": claim.cleaned_data["jurisdiction"],
        "sector": claim.cleaned_data["sector"],
        "periods": period_rows,
        "fees": fee_rows,
    }


def _place_error(error: ClaimInputError, claim: forms.Form, periods: Any, fees: Any) -> None:
    message = _("%(field)s: %(reason)s") % {"field": error.field, "reason": error.reason}
    if error.field in claim.fields:
        claim.add_error(error.field, message)
        return
    match = _PATH.match(error.field)
    if match:
        kind, index, rest = match.group(1), int(match.group(2)), match.group(3)
        formset = periods if kind == "periods" else fees
        names = _PERIOD_FIELDS if kind == "periods" else _FEE_FIELDS
        target = names.get(rest, None)
        if index < len(formset.forms):
            form = formset.forms[index]
            if target is None and rest.endswith("currency"):
                claim.add_error("currency", message)
            else:
                form.add_error(target, message)
            return
    claim.add_error(None, message)


def claim_compute(claim: forms.Form, periods: Any, fees: Any) -> Claim | None:
    """The claim, or None with the core's refusal placed on the field it names."""
    try:
        facts = claim_facts_from_mapping(claim_mapping(claim, periods, fees))
    except ClaimInputError as error:
        _place_error(error, claim, periods, fees)
        return None
    return compute_claim(facts)


_PREFILL_FUNCTIONS = ("claim_facts_for_case", "wage_facts_for_case", "work_facts_for_case")


def screening_prefill(case: Case) -> Mapping[str, Any] | None:
    """Work facts a screening recorded for the case, in the claim layout, if the screening app
    offers them. That app is optional here: nothing depends on it."""
    try:
        selectors = importlib.import_module("needsfirst.web.screening.selectors")
    except ImportError:
        return None
    for name in _PREFILL_FUNCTIONS:
        function = getattr(selectors, name, None)
        if callable(function):
            try:
                facts = function(case=case)
            except Exception:  # the other app's failure must not break the claim page
                logger.warning("screening prefill failed", exc_info=True)
                return None
            return facts if isinstance(facts, Mapping) else None
    return None


def _deduction_initial(raw: Any) -> dict[str, Any]:
    """The form's one deduction from the facts' deductions: their sum when they share a reason
    and an answer on agreement (the core claims them alike), else none, so the page never shows
    a total the core would not give."""
    if not isinstance(raw, list) or not raw or not all(isinstance(d, Mapping) for d in raw):
        return {}
    reason, agreed = raw[0].get("reason"), raw[0].get("agreed")
    if not isinstance(reason, str) or not isinstance(agreed, bool | None):
        return {}
    if any(d.get("reason") != reason or d.get("agreed") is not agreed for d in raw):
        return {}
    try:
        amount = sum((Decimal(str(d.get("amount"))) for d in raw), Decimal(0))
    except (InvalidOperation, ValueError):
        return {}
    return {
        "deduction_amount": format(amount, "f"),
        "deduction_reason": reason,
        "deduction_agreed": "" if agreed is None else ("yes" if agreed else "no"),
    }


def initial_from_facts(
    facts: Mapping[str, Any] | None,
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Initial values of the three forms from claim facts (as `needsfirst claim` reads them)."""
    if not facts:
        return {"sector": "general"}, [], []
    periods_raw = facts.get("periods") or []
    currency = ""
    periods: list[dict[str, Any]] = []
    for row in periods_raw if isinstance(periods_raw, list) else []:
        if not isinstance(row, Mapping):
            continue
        paid = row.get("paid") or {}
        promised = row.get("promised") or {}
        currency = currency or str(paid.get("currency", ""))
        periods.append(
            {
                "start": row.get("start"),
                "end": row.get("end"),
                "hours_per_day": row.get("hours_per_day"),
                "days_per_week": row.get("days_per_week"),
                "paid_amount": paid.get("amount"),
                "paid_per": paid.get("per"),
                "promised_amount": promised.get("amount"),
                "promised_per": promised.get("per"),
                **_deduction_initial(row.get("deductions")),
            }
        )
    fees_raw = facts.get("fees") or []
    fees = [
        {"amount": fee.get("amount"), "category": fee.get("category")}
        for fee in (fees_raw if isinstance(fees_raw, list) else [])
        if isinstance(fee, Mapping)
    ]
    claim = {
        "jurisdiction": facts.get("jurisdiction", ""),
        "sector": facts.get("sector", "general"),
        "currency": currency,
    }
    return claim, periods, fees
