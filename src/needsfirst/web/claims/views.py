"""The wage claim page and its statement. Thin: validate, call the core, a service or a selector,
render. The arithmetic is the core's (`needsfirst.wages`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from needsfirst.i18n import render as render_message
from needsfirst.wages import Claim, ClaimInputError, claim_facts_from_mapping, compute_claim
from needsfirst.wages.claims import HEAD_TITLES, NOT_LEGAL_ADVICE
from needsfirst.wages.money import format_money
from needsfirst.wages.pdf import StatementDetails, claim_statement_pdf
from needsfirst.wages.render import claim_title
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.permissions import case_roles_required, current_user
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case, CaseShareSection
from needsfirst.web.claims import facts, selectors, services
from needsfirst.web.claims.forms import ClaimForm, FeeFormSet, PeriodFormSet, currency_name
from needsfirst.web.claims.models import WageClaim
from needsfirst.web.common.validators import _translated, country_name

# Languages the claim statement PDF is rendered in: those with a catalogue. Arabic is shaped and
# laid out right to left by needsfirst.documents.
CLAIM_PDF_LANGUAGES = ("en", "fr", "es", "ar")


def claim_pdf_language(case: Any) -> str:
    """The person's main language when the statement exists in it, else the user's, else English."""
    for code in (case.person.primary_language, translation.get_language()):
        base = (code or "").split("-")[0].lower()
        if base in CLAIM_PDF_LANGUAGES:
            return base
    return "en"


def translate(message: str) -> str:
    """gettext for the core's sentences; a country's name (a core `Text` whose id is the ISO
    3166 name) comes from pycountry's catalogue in the same language."""
    translated = _(message)
    return translated if translated != message else _translated("iso3166-1", message)


def say(message: object) -> str:
    return render_message(message, translate, ngettext)


def _rows(claim: Claim) -> list[dict[str, Any]]:
    return [
        {
            "head": say(HEAD_TITLES[line.head]),
            "start": line.start,
            "end": line.end,
            "amount": format_money(line.amount, line.currency),
            "arithmetic": say(line.arithmetic),
            "legal_basis": line.legal_basis,
            "verified": line.verified,
        }
        for line in claim.lines
    ]


def _rates_needed(claim: Claim) -> list[str]:
    return [
        _(
            "The pay is in %(to)s and the minimum or the promise in %(from)s: give the exchange "
            "rate, the day it was quoted and where it comes from, then compute again."
        )
        % {"from": currency_name(pair[0]), "to": currency_name(pair[1])}
        for pair in claim.rates_needed
    ]


def _suggest_rate_pair(form: ClaimForm, claim: Claim) -> None:
    """Preselect the two currencies a rate is needed between, when none were chosen (the form is
    already validated: this changes what it shows, not what it checked)."""
    if not claim.rates_needed or form.data.get("rate_from") or form.data.get("rate_to"):
        return
    data = dict(form.data.items())
    data["rate_from"], data["rate_to"] = claim.rates_needed[0]
    form.data = data


def _saved_claim(saved: WageClaim) -> Claim | None:
    """The saved claim computed again from its saved facts (the same law data gives the same
    claim; `rules_version` records which data it was saved with). None when the facts no
    longer make a claim: erased with the person's data, or refused by changed law data."""
    try:
        return compute_claim(claim_facts_from_mapping(saved.facts))
    except ClaimInputError:
        return None


def _statement_pdf(
    request: HttpRequest, case: Case, claim: Claim, employer: str, *, shows_name: bool = True
) -> HttpResponse:
    user = current_user(request)
    with translation.override(claim_pdf_language(case)):
        details = StatementDetails(
            jurisdiction=country_name(claim.facts.jurisdiction),
            prepared_on=date_format(timezone.localdate(), "DATE_FORMAT"),
            prepared_by=user.get_full_name() or user.get_username(),
            organisation=case.organisation.name,
            worker=case.person.display_name() if shows_name else "",
            employer=employer,
        )
        title = _("Wage and fee claim, case %(reference)s") % {"reference": case.reference}
        pdf = claim_statement_pdf(
            claim, title=title, details=details, translate=translate, translate_plural=ngettext
        )
    # Audited once the file exists: a failed try is not an export.
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.EXPORT,
        obj=case,
        detail={"format": "pdf", "document": "wage_claim"},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="claim-{case.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def _forms_from_saved(case: Case, saved: WageClaim | None) -> tuple[Any, Any, Any, Claim | None]:
    """The forms filled from the saved claim (and the claim it makes), or from the screening's
    facts when no claim is saved yet."""
    source = saved.facts if saved is not None else selectors.claim_facts_for_case(case=case)
    initial, period_rows, fee_rows = facts.initial_from_facts(source)
    result = _saved_claim(saved) if saved is not None else None
    if result is not None and result.rates_needed and not initial.get("rate_from"):
        initial["rate_from"], initial["rate_to"] = result.rates_needed[0]
    form = ClaimForm(initial=initial)
    periods = PeriodFormSet(prefix="periods", initial=period_rows or None)
    fees = FeeFormSet(prefix="fees", initial=fee_rows or None)
    return form, periods, fees, result


@case_roles_required
@require_http_methods(["GET", "POST"])
def wage_claim(request: HttpRequest, case_uuid: Any) -> HttpResponse:
    actor = Actor.from_request(request)
    user = current_user(request)
    case, access = selectors.claim_case_get_for(user, case_uuid)
    if not access.owner:
        # a partner the claim was shared with reads the saved claim; it never writes
        if request.method != "GET":
            raise Http404
        return _shared_claim(request, case)
    history = list(selectors.wage_claims_of(case)[:20])
    saved = history[0] if history else None
    result = None
    if request.method == "POST":
        form = ClaimForm(request.POST)
        periods = PeriodFormSet(request.POST, prefix="periods")
        fees = FeeFormSet(request.POST, prefix="fees")
        if all([form.is_valid(), periods.is_valid(), fees.is_valid()]):
            result = facts.claim_compute(form, periods, fees)
        action = request.POST.get("action")
        if result is not None and action == "pdf":
            return _statement_pdf(request, case, result, form.cleaned_data.get("employer", ""))
        if result is not None and action == "save":
            services.wage_claim_save(
                actor=actor,
                case=case,
                facts=facts.saved_facts(form, periods, fees),
                claim=result,
            )
            messages.success(request, _("The claim was saved on the case."))
            return redirect("claims:claim", case.uuid)
        if result is not None:
            _suggest_rate_pair(form, result)
    else:
        form, periods, fees, result = _forms_from_saved(case, saved)
    if result is not None:
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            obj=case,
            detail={"page": "wage_claim", "lines": len(result.lines)},
        )
    invalid = request.method == "POST" and result is None
    context = {
        "case": case,
        "form": form,
        "periods": periods,
        "fees": fees,
        "row_errors": facts.row_errors(periods, fees),
        "claim": result,
        "title": say(claim_title(result)) if result else "",
        "not_legal_advice": say(NOT_LEGAL_ADVICE),
        "rows": _rows(result) if result else [],
        "notes": [say(note) for note in result.notes] if result else [],
        "rates_needed": _rates_needed(result) if result else [],
        "totals": (
            [format_money(amount, code) for code, amount in sorted(result.totals.items())]
            if result
            else []
        ),
        "saved": saved,
        "showing_saved": request.method == "GET" and saved is not None and result is not None,
        "history": history,
        "non_field": NON_FIELD_ERRORS,
    }
    return render(request, "claims/wage_claim.html", context, status=400 if invalid else 200)


def _shared_claim(request: HttpRequest, case: Case) -> HttpResponse:
    saved = selectors.wage_claim_latest(case)
    result = _saved_claim(saved) if saved is not None else None
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.VIEW,
        obj=case,
        detail={"page": "wage_claim", "shared": True},
    )
    context = {
        "case": case,
        "read_only": True,
        "claim": result,
        "title": say(claim_title(result)) if result else "",
        "not_legal_advice": say(NOT_LEGAL_ADVICE),
        "rows": _rows(result) if result else [],
        "notes": [say(note) for note in result.notes] if result else [],
        "totals": (
            [format_money(amount, code) for code, amount in sorted(result.totals.items())]
            if result
            else []
        ),
        "saved": saved,
        "showing_saved": result is not None,
        "history": [],
    }
    return render(request, "claims/wage_claim.html", context)


@case_roles_required
@require_GET
def saved_claim_pdf(request: HttpRequest, case_uuid: Any, claim_uuid: Any) -> HttpResponse:
    """The statement of a saved claim (the latest or one of its history)."""
    user = current_user(request)
    case, access = selectors.claim_case_get_for(user, case_uuid)
    saved = selectors.wage_claim_get(case, claim_uuid)
    if not access.owner and saved != selectors.wage_claim_latest(case):
        raise Http404  # a partner reads the claim as it stands, not its history
    claim = _saved_claim(saved)
    if claim is None:
        raise Http404
    employer = str(saved.facts.get("employer", ""))
    shows_name = access.sees(CaseShareSection.IDENTITY)
    return _statement_pdf(request, case, claim, employer, shows_name=shows_name)
