"""The offer checker for a case, and starting the case's screening from an offer check.

A caseworker of the organisation holding the case checks the offer the person was made (and
what they found on arrival); the result can start the screening interview with answers proposed
from `needsfirst.recruitment.facts.screening_facts`. A case opened from a request for help can
do the same from the rule ids the request carries. Nothing is saved here: the screening is saved
only when the caseworker saves the interview (the screening app's own page and service).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from needsfirst.recruitment import OfferInputError, check_offer, offer_from_mapping
from needsfirst.recruitment.facts import screening_facts, screening_facts_from_rules
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES
from needsfirst.web.accounts.permissions import roles_required
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.common.errors import input_error_message
from needsfirst.web.recruitment import selectors
from needsfirst.web.recruitment.forms import TERM_FIELDS, CaseOfferForm
from needsfirst.web.recruitment.models import HelpRequest
from needsfirst.web.recruitment.public import _result
from needsfirst.web.screening import selectors as screening_selectors
from needsfirst.web.screening.views import interview_prefilled


def _case(request: HttpRequest, case_uuid: Any) -> Any:
    """The case, if the reader's organisation holds it (404 otherwise, shared or not)."""
    return screening_selectors.screening_case_get_for(request.user, case_uuid)  # type: ignore[arg-type]


@roles_required(CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_offer(request: HttpRequest, case_uuid: str) -> HttpResponse:
    case = _case(request, case_uuid)
    actor = Actor.from_request(request)
    form = CaseOfferForm(request.POST if request.method == "POST" else None)
    result = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                terms = offer_from_mapping(form.offer_terms(), on=timezone.localdate())
            except OfferInputError as error:
                form.add_error(TERM_FIELDS.get(error.field), input_error_message(error))
            else:
                registry = selectors.recruiter_status_for_offer(
                    name=terms.recruiter, licence=terms.recruiter_licence, on=terms.on
                )
                check = check_offer(terms, registry=registry)
                if request.POST.get("action") == "screening":
                    return interview_prefilled(
                        request, case, screening_facts(check), source=_("the offer check")
                    )
                result = _result(check)
                status = 200
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=case,
        detail={"page": "offer_check", "checked": result is not None},
    )
    return render(
        request,
        "recruitment/case_offer.html",
        {"case": case, "form": form, "result": result},
        status=status,
    )


@roles_required(CASE_ROLES)
@require_POST
def help_screening(request: HttpRequest, case_uuid: str, help_uuid: str) -> HttpResponse:
    """Start the case's screening from the rule ids of the request for help it was opened from."""
    case = _case(request, case_uuid)
    found = HelpRequest.objects.filter(
        uuid=help_uuid, case=case, organisation_id=case.organisation_id
    ).first()
    if found is None:
        raise Http404
    source = _("the offer check of the request for help %(reference)s") % {
        "reference": found.reference
    }
    return interview_prefilled(
        request, case, screening_facts_from_rules(found.check_rules), source=source
    )
