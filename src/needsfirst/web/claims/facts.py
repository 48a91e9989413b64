"""The web side of a wage claim: form data to the core's claim facts and back, core errors to
form fields.

The arithmetic is the core's (`needsfirst.wages.compute_claim`); nothing is computed here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from needsfirst.wages import Claim, ClaimInputError, claim_facts_from_mapping, compute_claim
from needsfirst.web.claims.forms import AGREED_VALUES
from needsfirst.web.common.errors import input_error_message

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
_RATE_FIELDS = {
    "from": "rate_from",
    "to": "rate_to",
    "rate": "rate",
    "on": "rate_on",
    "source": "rate_source",
}
_PATH = re.compile(r"^(periods|fees|exchange_rates)\[(\d+)\]\.(.+)$")


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
    mapping: dict[str, Any] = {
        "jurisdiction": claim.cleaned_data["jurisdiction"],
        "sector": claim.cleaned_data["sector"],
        "periods": period_rows,
        "fees": fee_rows,
    }
    data = claim.cleaned_data
    if data.get("rate"):
        mapping["exchange_rates"] = [
            {
                "from": data["rate_from"],
                "to": data["rate_to"],
                "rate": _text(data["rate"]),
                "on": data["rate_on"].isoformat(),
                "source": data["rate_source"],
            }
        ]
    return mapping


def _place_error(error: ClaimInputError, claim: forms.Form, periods: Any, fees: Any) -> None:
    """The core's refusal on the field it names (its path, e.g. periods[1].paid.amount, is
    the field's place, never shown)."""
    message = input_error_message(error)
    if error.field in claim.fields:
        claim.add_error(error.field, message)
        return
    match = _PATH.match(error.field)
    if match and match.group(1) == "exchange_rates":
        claim.add_error(_RATE_FIELDS.get(match.group(3)), message)
        return
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
    fees_raw = facts.get("fees") or []
    periods_raw = facts.get("periods") or []
    currency = ""
    periods: list[dict[str, Any]] = []
    for row in periods_raw if isinstance(periods_raw, list) else []:
        if not isinstance(row, Mapping):
            continue
        paid = row.get("paid") or {}
        promised = row.get("promised") or {}
        currency = currency or str(paid.get("currency") or promised.get("currency") or "")
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
    fees = [
        {
            "amount": fee.get("amount"),
            "category": fee.get("category"),
            "paid_on": fee.get("paid_on"),
        }
        for fee in (fees_raw if isinstance(fees_raw, list) else [])
        if isinstance(fee, Mapping)
    ]
    for fee in fees_raw if isinstance(fees_raw, list) else []:
        if isinstance(fee, Mapping):
            currency = currency or str(fee.get("currency") or "")
    claim: dict[str, Any] = {
        "jurisdiction": facts.get("jurisdiction", ""),
        "sector": facts.get("sector", "general"),
        "currency": currency,
        "employer": facts.get("employer", ""),
    }
    rates = facts.get("exchange_rates") or []
    if isinstance(rates, list) and rates and isinstance(rates[0], Mapping):
        rate = rates[0]
        claim.update(
            rate_from=rate.get("from"),
            rate_to=rate.get("to"),
            rate=rate.get("rate"),
            rate_on=rate.get("on"),
            rate_source=rate.get("source"),
        )
    return claim, periods, fees


def saved_facts(claim: forms.Form, periods: Any, fees: Any) -> dict[str, Any]:
    """What a saved claim keeps: the claim facts and the employer's name the statement gives."""
    return {**claim_mapping(claim, periods, fees), "employer": claim.cleaned_data["employer"]}


def _row_sentences(form: forms.Form, row: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for error in form.non_field_errors():
        out.append(("", _("%(row)s: %(error)s") % {"row": row, "error": error}))
    for field in form:
        for error in field.errors:
            # "First day is required." names its field already; other errors get the label
            if str(error).startswith(str(field.label)):
                sentence = _("%(row)s: %(error)s") % {"row": row, "error": error}
            else:
                sentence = _("%(row)s, %(field)s: %(error)s") % {
                    "row": row,
                    "field": field.label,
                    "error": error,
                }
            out.append((field.id_for_label, sentence))
    return out


def row_errors(periods: Any, fees: Any) -> list[tuple[str, str]]:
    """Each row's errors as sentences that name the row ("Period 2: First day is required."),
    with the id of the field to jump to."""
    out: list[tuple[str, str]] = []
    for number, form in enumerate(periods.forms, start=1):
        out += _row_sentences(form, _("Period %(n)s") % {"n": number})
    for number, form in enumerate(fees.forms, start=1):
        out += _row_sentences(form, _("Fee %(n)s") % {"n": number})
    return out
