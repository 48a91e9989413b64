"""Pages of the national referral mechanism: the first responder's page on a case, and the
competent authority's queue, referral page and decisions. Thin: each calls one service or
selector and renders."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from needsfirst import nrm
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.permissions import case_roles_required, current_user
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.selectors import case_get_owned_by
from needsfirst.web.common.errors import apply_validation_errors
from needsfirst.web.nrm import selectors, services
from needsfirst.web.nrm.forms import ChallengeForm, DecisionForm, ReferForm, ResolveForm
from needsfirst.web.nrm.letter import letter_data, letter_pdf
from needsfirst.web.nrm.models import NrmDecision, NrmReferral, NrmStatus, Stage


def _refusal(request: HttpRequest, view: str) -> PermissionDenied:
    audit_record(
        actor=Actor.from_request(request), action=AuditAction.ACCESS_DENIED, detail={"view": view}
    )
    return PermissionDenied()


def _age_says_child(case: Any) -> bool:
    age = services.person_age(case.person, timezone.localdate())
    return age is not None and age < 18


def _referral_rows(case: Any) -> list[dict[str, Any]]:
    today = timezone.localdate()
    rows = []
    for referral in selectors.referrals_of_case(case):
        decisions = list(referral.decisions.all())
        stage, deadline = selectors.stage_deadline(referral, today)
        rows.append(
            {
                "referral": referral,
                "decisions": [
                    {
                        "decision": d,
                        "positive": selectors.is_positive(d),
                        "appeal_by": selectors.appeal_by(d),
                        "challenges": list(d.challenges.all()),
                        "form": ChallengeForm(prefix=str(d.uuid)),
                    }
                    for d in decisions
                ],
                "open": referral.status in selectors.OPEN,
                "stage": Stage(stage).label,
                "deadline": deadline,
                "entitlements": selectors.entitlements_for(referral, today),
            }
        )
    return rows


@case_roles_required
@require_http_methods(["GET", "POST"])
def case_nrm(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """The first responder's page: refer or notify, and follow the decisions."""
    user = current_user(request)
    case = case_get_owned_by(user, case_uuid)
    form = ReferForm(
        request.POST if request.method == "POST" else None,
        initial={"child": _age_says_child(case)},
    )
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "refer")
        service = services.nrm_notify if action == "notify" else services.nrm_refer
        try:
            service(
                actor=Actor.from_request(request),
                case=case,
                authority=form.cleaned_data["authority"],
                data=form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            if action == "notify":
                messages.success(request, _("The anonymous notification is sent."))
            else:
                messages.success(request, _("The referral is sent to the competent authority."))
            return redirect("nrm:case", case_uuid=case.uuid)
    audit_record(
        actor=Actor.from_request(request), action=AuditAction.VIEW, obj=case, detail={"page": "nrm"}
    )
    mechanisms = []
    for authority in selectors.authorities():
        try:
            mechanism = nrm.mechanism_on(authority.jurisdiction, timezone.localdate())
        except nrm.NrmInputError:
            continue
        mechanisms.append((authority, mechanism))
    context = {
        "case": case,
        "form": form,
        "rows": _referral_rows(case),
        "mechanisms": mechanisms,
    }
    return render(request, "nrm/case.html", context, status=400 if form.errors else 200)


@case_roles_required
@require_POST
def challenge(request: HttpRequest, case_uuid: str, decision_uuid: str) -> HttpResponse:
    user = current_user(request)
    case = case_get_owned_by(user, case_uuid)
    try:
        decision = NrmDecision.objects.select_related("referral__case").get(
            uuid=decision_uuid, referral__case=case
        )
    except (NrmDecision.DoesNotExist, ValueError):
        raise _refusal(request, "nrm_challenge") from None
    form = ChallengeForm(request.POST, prefix=str(decision.uuid))
    if form.is_valid():
        try:
            services.nrm_challenge(
                actor=Actor.from_request(request), decision=decision, **form.cleaned_data
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The request is recorded and shown to the authority."))
    else:
        for field_errors in form.errors.values():
            for text in field_errors:
                messages.error(request, str(text))
    return redirect("nrm:case", case_uuid=case.uuid)


def _authority_member(request: HttpRequest) -> Actor:
    actor = Actor.from_request(request)
    if not selectors.is_authority_member(current_user(request)):
        raise _refusal(request, "nrm_queue")
    return actor


@case_roles_required
def queue(request: HttpRequest) -> HttpResponse:
    """The coordinator's queue: open referrals, overdue first, with the time each waited."""
    _authority_member(request)
    user = current_user(request)
    today = timezone.localdate()
    rows = selectors.authority_queue(user, today)
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.VIEW,
        object_type="nrmqueue",
        detail={"page": "nrm_queue", "rows": len(rows)},
    )
    context = {
        "rows": rows,
        "notifications": selectors.authority_notifications(user)[:50],
        "today": today,
    }
    return render(request, "nrm/queue.html", context)


def _authority_page(request: HttpRequest, referral: NrmReferral, **forms: Any) -> HttpResponse:
    today = timezone.localdate()
    stage, deadline = selectors.stage_deadline(referral, today)
    decisions = [
        {"decision": d, "positive": selectors.is_positive(d)}
        for d in selectors.decisions_of(referral)
    ]
    context = {
        "referral": referral,
        "mechanism": selectors.mechanism_for(referral),
        "stage": stage,
        "stage_label": Stage(stage).label,
        "deadline": deadline,
        "decisions": decisions,
        "open": referral.status in selectors.OPEN and referral.kind == "referral",
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "challenges": [
            (c, ResolveForm(prefix=str(c.uuid))) for c in selectors.pending_challenges(referral)
        ],
        "entitlements": selectors.entitlements_for(referral, today),
    }
    status = 400 if forms.get("decision_form") is not None else 200
    return render(request, "nrm/authority_referral.html", context, status=status)


@case_roles_required
def authority_referral(request: HttpRequest, nrm_uuid: str) -> HttpResponse:
    actor = _authority_member(request)
    referral = selectors.referral_for_authority(actor, nrm_uuid)
    audit_record(
        actor=actor, action=AuditAction.VIEW, obj=referral, detail={"page": "nrm_authority"}
    )
    return _authority_page(request, referral)


@case_roles_required
@require_POST
def decide(request: HttpRequest, nrm_uuid: str) -> HttpResponse:
    actor = _authority_member(request)
    referral = selectors.referral_for_authority(actor, nrm_uuid)
    form = DecisionForm(request.POST)
    if form.is_valid():
        stage = (
            Stage.CONCLUSIVE_GROUNDS
            if referral.status == NrmStatus.AWAITING_CONCLUSIVE
            else Stage.REASONABLE_GROUNDS
        )
        try:
            services.nrm_decide(
                actor=actor, referral_uuid=referral.uuid, stage=stage, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded; the letter is ready."))
            return redirect("nrm:authority_referral", nrm_uuid=referral.uuid)
    return _authority_page(request, referral, decision_form=form)


@case_roles_required
@require_POST
def resolve(request: HttpRequest, nrm_uuid: str, challenge_uuid: str) -> HttpResponse:
    actor = _authority_member(request)
    referral = selectors.referral_for_authority(actor, nrm_uuid)
    form = ResolveForm(request.POST, prefix=str(challenge_uuid))
    if form.is_valid():
        try:
            services.nrm_challenge_resolve(
                actor=actor,
                referral_uuid=referral.uuid,
                challenge_uuid=challenge_uuid,
                outcome=form.cleaned_data["outcome"],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your answer to the request is recorded."))
    else:
        messages.error(request, _("Choose whether the decision stands or changes."))
    return redirect("nrm:authority_referral", nrm_uuid=referral.uuid)


@case_roles_required
def letter(request: HttpRequest, decision_uuid: str) -> HttpResponse:
    """The decision letter as PDF, for the authority that decided or the organisation that
    referred; in the person's language."""
    user = current_user(request)
    actor = Actor.from_request(request)
    try:
        decision = NrmDecision.objects.select_related(
            "referral__case__organisation",
            "referral__authority__organisation",
            "authority_decision",
        ).get(uuid=decision_uuid)
    except (NrmDecision.DoesNotExist, ValueError):
        decision = None
    if decision is None:
        audit_record(
            actor=actor,
            action=AuditAction.ACCESS_DENIED,
            object_type="nrmdecision",
            object_id=str(decision_uuid),
            detail={"view": "nrm_letter"},
        )
        raise Http404
    if decision.referral.case.organisation_id != user.organisation_id:
        # the authority's door: bound to it, and consent still in force (else refused, audited)
        selectors.referral_for_authority(actor, decision.referral.uuid)
    language, title, lines = letter_data(decision, timezone.localdate())
    pdf = letter_pdf(title, lines)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=decision,
        detail={"format": "pdf", "language": language},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="nrm-decision-{decision.uuid}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
