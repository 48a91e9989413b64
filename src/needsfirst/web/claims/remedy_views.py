"""The road to a remedy for a saved claim: which forum, by when and why, and the matter's
follow-up (filed, hearing, outcome, amounts). Thin: validate, call the core or a service, render.
Only the organisation holding the case sees these pages (a partner gets 404).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from needsfirst.wages.compensation import (
    compensation_check,
    compensation_facts_from_mapping,
    legal_aid_on,
)
from needsfirst.wages.money import format_money
from needsfirst.wages.remedies import (
    RemedyAdvice,
    RemedyInputError,
    forum_rule,
    remedy_facts_from_mapping,
    remedy_options,
)
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.permissions import case_roles_required, current_user
from needsfirst.web.audit.actor_record import audit_actor
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.claims import selectors, services
from needsfirst.web.claims.remedy_forms import FollowUpForm, RemedyForm, render_reasons
from needsfirst.web.common.errors import input_error_message

STATUS_EFFECT_TEXT = {
    "not-a-bar": gettext_lazy("Immigration status does not bar this claim."),
    "bar": gettext_lazy("Immigration status bars this claim."),
    "unclear": gettext_lazy("Whether immigration status bars this claim is unclear."),
}
REPORTS_TEXT = {
    "yes": gettext_lazy("This forum reports to the immigration authorities."),
    "no": gettext_lazy("This forum does not report to the immigration authorities."),
    "unknown": gettext_lazy(
        "Whether this forum reports to the immigration authorities is not known."
    ),
}


def _forum_rows(advice: RemedyAdvice) -> list[dict[str, Any]]:
    return [
        {
            "forum": item.forum,
            "name": _(item.name),
            "deadline": item.deadline,
            "last_deadline": item.last_deadline,
            "reasons": render_reasons(item.reasons),
            "clock_stops": [_(summary) for summary in item.clock_stops],
            "prior_step": _(item.prior_step) if item.prior_step else "",
            "status": STATUS_EFFECT_TEXT[item.status_effect.value] if item.status_applies else "",
            "status_note": _(item.status_note) if item.status_applies and item.status_note else "",
            "status_source": item.status_source.cite(),
            "reports": REPORTS_TEXT[item.reports_to_immigration],
            "source": item.source.cite(),
            "verified": item.source.verified,
            "expired": item.expired(timezone.localdate()),
        }
        for item in advice.forums
    ]


OPENED = gettext_lazy("The claim was taken to the forum; reminders will warn before the deadline.")


def _advice(form: RemedyForm) -> RemedyAdvice | None:
    """The core's advice on the form's facts; None with the error on the form."""
    if not form.is_valid():
        return None
    try:
        facts = remedy_facts_from_mapping(form.facts())
        return remedy_options(facts, forum=form.cleaned_data.get("forum") or None)
    except RemedyInputError as error:
        name = error.field.split(".")[-1]
        form.add_error(name if name in form.fields else None, input_error_message(error))
        return None


def _open(form: RemedyForm, case: Any, actor: Actor) -> bool:
    forum = form.cleaned_data.get("forum")
    if not forum:
        form.add_error("forum", _("Choose the forum the claim goes to."))
        return False
    try:
        services.claim_matter_open(
            actor=actor,
            case=case,
            facts=remedy_facts_from_mapping(form.facts()),
            forum=forum,
            wage_claim=selectors.wage_claim_latest(case),
        )
    except services.MatterError as error:
        form.add_error(None, error.message)
        return False
    return True


def _owned_case(request: HttpRequest, case_uuid: Any) -> Any:
    case, access = selectors.claim_case_get_for(current_user(request), case_uuid)
    if not access.owner:
        raise Http404
    return case


@case_roles_required
@require_http_methods(["GET", "POST"])
def remedy(request: HttpRequest, case_uuid: Any) -> HttpResponse:
    case = _owned_case(request, case_uuid)
    actor = Actor.from_request(request)
    advice = None
    status = 200
    if request.method == "POST":
        form = RemedyForm(request.POST)
        advice = _advice(form)
        if advice is not None and request.POST.get("action") == "open" and _open(form, case, actor):
            messages.success(request, OPENED)
            return redirect("claims:remedy", case.uuid)
        if form.errors:
            status = 400
    else:
        form = RemedyForm(initial=selectors.remedy_defaults(case))
    matters = list(selectors.claim_matters_of(case)[:20])
    audit_actor(
        actor=actor,
        action=AuditAction.VIEW,
        obj=case,
        detail={"page": "claim_remedy", "matters": len(matters)},
    )
    context = {
        "case": case,
        "form": form,
        "advice": _forum_rows(advice) if advice else None,
        "notes": render_reasons(advice.notes) if advice else [],
        "schemes": _schemes(form) if advice else [],
        "legal_aid": _legal_aid(form) if advice else [],
        "matters": [
            {
                "matter": matter,
                "forum_name": _forum_name(matter),
                "money": _money(matter),
                "form": FollowUpForm(initial=_follow_up_initial(matter), prefix=str(matter.uuid)),
                "expired": matter.stage == "open"
                and matter.last_deadline is not None
                and matter.last_deadline < timezone.localdate(),
            }
            for matter in matters
        ],
    }
    return render(request, "claims/remedy.html", context, status=status)


OUTCOME_TEXT = {
    "open": gettext_lazy("Open to this person on what is known."),
    "closed": gettext_lazy("Closed to this person."),
    "check": gettext_lazy("Check before applying."),
}
ACCESS_TEXT = {
    "all": gettext_lazy("Whatever the immigration status."),
    "trafficking-victims": gettext_lazy("For victims of trafficking."),
    "lawful-residence": gettext_lazy("Only for people residing lawfully."),
    "citizens": gettext_lazy("Only for citizens."),
    "unknown": gettext_lazy("Who may have it is not held."),
}


def _schemes(form: RemedyForm) -> list[dict[str, Any]]:
    """The state compensation schemes of the country, each open, closed or to check for this
    person, with the reasons."""
    facts = compensation_facts_from_mapping(form.compensation_facts(timezone.localdate()))
    return [
        {
            "name": _(item.scheme.name),
            "summary": _(item.scheme.summary),
            "outcome": item.outcome.value,
            "outcome_text": OUTCOME_TEXT[item.outcome.value],
            "reasons": render_reasons(item.reasons),
            "note": _(item.scheme.note) if item.scheme.note else "",
            "source": item.scheme.source.cite(),
        }
        for item in compensation_check(facts)
    ]


def _legal_aid(form: RemedyForm) -> list[dict[str, Any]]:
    return [
        {
            "name": _(item.name),
            "summary": _(item.summary),
            "access": ACCESS_TEXT[item.access],
            "means_tested": item.means_tested,
            "source": item.source.cite(),
        }
        for item in legal_aid_on(form.cleaned_data["jurisdiction"], timezone.localdate())
    ]


def _money(matter: Any) -> dict[str, str]:
    """The matter's amounts as the claim shows money: code first, rounded to the currency."""
    if matter.awarded is None or not matter.currency:
        return {}
    return {
        "awarded": format_money(matter.awarded, matter.currency),
        "recovered": format_money(matter.recovered or Decimal(0), matter.currency),
        "outstanding": format_money(matter.outstanding, matter.currency),
    }


def _forum_name(matter: Any) -> str:
    rule = forum_rule(matter.jurisdiction, matter.forum, date.max)
    return _(rule.name) if rule is not None else matter.forum


def _follow_up_initial(matter: Any) -> dict[str, Any]:
    return {
        field: getattr(matter, field)
        for field in (
            "stage",
            "filed_on",
            "hearing_on",
            "decided_on",
            "outcome",
            "currency",
            "awarded",
            "recovered",
        )
    }


@case_roles_required
@require_POST
def matter_follow_up(request: HttpRequest, case_uuid: Any, matter_uuid: Any) -> HttpResponse:
    case = _owned_case(request, case_uuid)
    matter = selectors.claim_matter_get(case, matter_uuid)
    form = FollowUpForm(request.POST, prefix=str(matter.uuid))
    if form.is_valid():
        try:
            services.claim_matter_follow_up(
                actor=Actor.from_request(request), matter=matter, **form.cleaned_data
            )
        except services.MatterError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The follow-up of the claim was saved."))
            return redirect("claims:remedy", case.uuid)
    context = {"case": case, "matter": matter, "form": form}
    return render(request, "claims/follow_up.html", context, status=400)
