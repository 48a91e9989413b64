"""Screening pages of a case. Views are thin: validate, call one service or selector, render.

Only caseworkers and supervisors of the organisation holding the case reach them; everyone
else gets 403 (wrong role) or 404 (another organisation, shared or not).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from needsfirst.screening import DISCLAIMER, ScreeningInputError
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.permissions import case_roles_required
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.middleware import read_only_page
from needsfirst.web.cases.models import Case
from needsfirst.web.screening import questions, selectors, services
from needsfirst.web.screening.display import shown
from needsfirst.web.screening.forms import (
    AuthorityDecisionForm,
    ScreeningForm,
    initial_from_record,
)
from needsfirst.web.screening.interview_html import questions_html
from needsfirst.web.screening.models import Screening


def _initial(case: Case, screening: Screening | None) -> dict[str, Any]:
    if screening is not None:
        return initial_from_record(screening.facts, screening.version)
    person = case.person
    initial: dict[str, Any] = {
        "version": 0,
        "as_of": timezone.localdate(),
        "jurisdiction": case.organisation.country,
        "person__age": person.estimated_age,
        "person__citizenship": ", ".join(person.citizenship or []),
    }
    if person.gender and person.gender != "NonSpecifiedUnknown":
        initial["person__gender"] = person.gender
    return initial


def _preview(form: ScreeningForm) -> dict[str, Any] | None:
    """The determination of the form's facts, or None with the engine's objection on the form."""
    if not form.is_valid():
        return None
    try:
        return shown(selectors.screening_preview(form.record()).as_dict())
    except ScreeningInputError as error:
        form.add_input_error(error)
        return None


def _page(
    request: HttpRequest,
    case: Case,
    form: ScreeningForm,
    *,
    screening: Screening | None,
    preview: dict[str, Any] | None = None,
    status: int = 200,
    conflict: bool = False,
    prefilled_from: str = "",
    proposed: list[str] | None = None,
) -> HttpResponse:
    history = list(selectors.determinations_of(screening))
    latest = history[0] if history else None
    decisions = selectors.authority_decisions_of(case)
    context = {
        "case": case,
        "form": form,
        # Written when the template reaches it (not for a handed-over case, which has no form).
        "questions": partial(questions_html, form),
        "groups": questions.groups(),
        "screening": screening,
        "history": history,
        "latest": latest,
        "shown": preview if preview is not None else (shown(latest.result) if latest else None),
        "is_preview": preview is not None,
        "decisions": decisions,
        "comparisons": selectors.decision_comparisons(decisions, latest),
        "disclaimer": _(DISCLAIMER),
        "conflict": conflict,
        "prefilled_from": prefilled_from,
        "proposed": proposed or [],
    }
    return render(request, "screening/interview.html", context, status=status)


def interview_prefilled(
    request: HttpRequest, case: Case, facts: dict[str, Any], *, source: str
) -> HttpResponse:
    """The interview with answers proposed from facts found elsewhere (an offer check), for the
    caseworker to review and save: nothing is saved here. A fact fills a question only where the
    screening has no answer yet; what the caseworker recorded is never replaced.

    The caller has checked that the reader holds the case (as `screening_case_get_for` does).
    """
    screening = selectors.screening_of(case)
    initial = _initial(case, screening)
    proposed: list[str] = []
    by_name = questions.questions_by_name()
    for name, value in initial_from_record(facts, initial["version"]).items():
        if name not in initial:
            initial[name] = value
            if name in by_name:
                proposed.append(str(by_name[name].label))
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.VIEW,
        obj=screening or case,
        detail={"page": "screening", "prefilled_from": source},
    )
    return _page(
        request,
        case,
        ScreeningForm(initial=initial),
        screening=screening,
        prefilled_from=source,
        proposed=proposed,
    )


@case_roles_required
@require_http_methods(["GET", "POST"])
def interview(request: HttpRequest, case_uuid: str) -> HttpResponse:
    actor = Actor.from_request(request)
    case = selectors.screening_case_get_for(request.user, case_uuid)  # type: ignore[arg-type]
    screening = selectors.screening_of(case)
    if request.method == "GET":
        form = ScreeningForm(initial=_initial(case, screening))
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            obj=screening or case,
            detail={"page": "screening"},
        )
        return _page(request, case, form, screening=screening)

    form = ScreeningForm(request.POST)
    preview = _preview(form)
    if preview is None:
        return _page(request, case, form, screening=screening, status=400)
    if request.POST.get("action") == "preview":
        return _page(request, case, form, screening=screening, preview=preview)
    try:
        _saved, determination = services.screening_save(
            actor=actor,
            case=case,
            facts=form.record(),
            expected_version=form.cleaned_data["version"],
        )
    except ScreeningInputError as error:
        form.add_input_error(error)
        return _page(request, case, form, screening=screening, status=400)
    except services.ConcurrentEditError:
        form.add_error(
            None,
            _(
                "Someone else saved this screening while you were answering. Your answers are "
                "kept below and nothing was saved. Compare them with the history, then save again."
            ),
        )
        data = request.POST.copy()
        fresh = selectors.screening_of(case)
        data["version"] = str(fresh.version if fresh else 0)
        form.data = data
        return _page(request, case, form, screening=fresh, status=409, conflict=True)
    if determination is None:
        messages.info(request, _("The facts did not change; the screening is as it was."))
    else:
        messages.success(request, _("Screening saved, with a new determination."))
    return redirect("screening:interview", case_uuid=case.uuid)


@case_roles_required
@require_POST
def preview(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """The determination of unsaved answers, for the panel beside the form (htmx)."""
    case = selectors.screening_case_get_for(request.user, case_uuid)  # type: ignore[arg-type]
    form = ScreeningForm(request.POST)
    result = _preview(form)
    # 200 even when the answers are refused: htmx swaps only successful responses, and the
    # panel must say which answer to correct.
    context = {
        "case": case,
        "form": form,
        "shown": result,
        "is_preview": True,
        "disclaimer": _(DISCLAIMER),
    }
    return render(request, "screening/_determination.html", context)


@case_roles_required
@require_http_methods(["GET", "POST"])
def decision_add(request: HttpRequest, case_uuid: str) -> HttpResponse:
    case = selectors.screening_case_get_for(request.user, case_uuid)  # type: ignore[arg-type]
    if request.method == "GET" and case.handed_over_at is not None:
        return read_only_page(request, case.uuid)  # no form that could not be saved
    form = AuthorityDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.authority_decision_record(
                actor=Actor.from_request(request),
                case=case,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The authority's decision is recorded."))
            return redirect("screening:interview", case_uuid=case.uuid)
    status = 400 if form.errors else 200
    return render(
        request, "screening/decision_form.html", {"case": case, "form": form}, status=status
    )
