"""Hand-over pages. Thin: validate, call a service or selector, render."""

from __future__ import annotations

from typing import Any, NoReturn

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.permissions import case_roles_required, current_user
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases import selectors as case_selectors
from needsfirst.web.cases.models import ConsentKind, SharingPurpose
from needsfirst.web.common.errors import apply_validation_errors
from needsfirst.web.handover import selectors, services
from needsfirst.web.handover.forms import DeclineForm, FollowUpForm, HandoverForm
from needsfirst.web.handover.models import Handover, HandoverSection, HandoverStatus
from needsfirst.web.screening.models import TraffickingStatus


@case_roles_required
@require_GET
def handover_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    handovers = list(selectors.handovers_visible_to(user)[:200])
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.VIEW,
        object_type="handover",
        detail={"page": "handover_list", "count": len(handovers)},
    )
    return render(
        request,
        "handover/list.html",
        {
            "incoming": [h for h in handovers if h.recipient_id == user.organisation_id],
            "outgoing": [h for h in handovers if h.case.organisation_id == user.organisation_id],
        },
    )


@case_roles_required
@require_http_methods(["GET", "POST"])
def handover_new(request: HttpRequest, case_uuid: Any) -> HttpResponse:
    user = current_user(request)
    case = case_selectors.case_get_owned_by(user, case_uuid)
    assert user.organisation_id is not None
    form = HandoverForm(
        request.POST if request.method == "POST" else None, organisation_id=user.organisation_id
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            handover = services.handover_send(
                actor=Actor.from_request(request),
                case=case,
                recipient=data["recipient"],
                kind=data["kind"],
                sections=data["sections"],
                message=data["message"],
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Hand-over sent. Your organisation holds the case until "
                    "the receiving organisation accepts it."
                ),
            )
            return redirect("handover:detail", handover_uuid=handover.uuid)
    consents = case.consents.filter(
        kind=ConsentKind.DATA_SHARING,
        purpose__in=[SharingPurpose.TRANSFER, SharingPurpose.FOLLOW_UP_BACK],
    ).select_related("recipient")
    return render(
        request,
        "handover/new.html",
        {"form": form, "case": case, "consents": consents},
        status=400 if form.errors else 200,
    )


def _context(request: HttpRequest, handover: Handover, **extra: Any) -> dict[str, Any]:
    user = current_user(request)
    sender = handover.case.organisation_id == user.organisation_id
    receiver = handover.recipient_id == user.organisation_id
    went = set(handover.sections)
    accepted = handover.status == HandoverStatus.ACCEPTED
    follow_ups = selectors.follow_ups_for(user, handover)
    follow_up_forms = {
        f.months: extra.pop(f"form_{f.months}", None) or FollowUpForm(prefix=f"m{f.months}")
        for f in follow_ups
    }
    return {
        "handover": handover,
        "sender": sender,
        "receiver": receiver,
        "accepted": accepted,
        "went": [label for value, label in HandoverSection.choices if value in went],
        "stayed": [label for value, label in HandoverSection.choices if value not in went],
        "holder": handover.new_case.organisation
        if accepted and handover.new_case
        else (handover.case.organisation),
        # The screening outcome is the receiver's to read once it holds the case.
        "screening_label": (
            TraffickingStatus(handover.screening_status).label
            if handover.screening_status and (sender or accepted)
            else ""
        ),
        "follow_ups": [(f, follow_up_forms[f.months]) for f in follow_ups],
        # One form at a time: the earliest follow-up not yet recorded.
        "next_months": next((f.months for f in follow_ups if f.done_on is None), None),
        "shared_back": sender and accepted and selectors.follow_up_shared_back(handover),
        "message_visible": sender or receiver,
        "decline_form": extra.pop("decline_form", None) or DeclineForm(),
        "error": extra.pop("error", ""),
        **extra,
    }


@case_roles_required
@require_GET
def handover_detail(request: HttpRequest, handover_uuid: Any) -> HttpResponse:
    handover = selectors.handover_get_for(current_user(request), handover_uuid)
    context = _context(request, handover)
    actor = Actor.from_request(request)
    detail = {"page": "handover", "follow_ups": len(context["follow_ups"])}
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        obj=handover,
        detail=detail,
        holder_id=handover.recipient_id if context["receiver"] else None,
    )
    if context["sender"] and context["follow_ups"]:
        # The follow-ups belong to the receiving organisation's case: its trail shows who read
        # them back.
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            obj=handover,
            detail=detail,
            holder_id=handover.recipient_id,
        )
    return render(request, "handover/detail.html", context)


def _refused(request: HttpRequest, handover: Handover, action: str) -> NoReturn:
    """A user of the right organisation and role who may not take this step (the sender
    accepting its own hand-over): on the audit trail, then 403."""
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.ACCESS_DENIED,
        obj=handover,
        detail={"view": f"handover_{action}"},
    )
    raise PermissionDenied


def _errors_text(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@case_roles_required
@require_POST
def handover_accept(request: HttpRequest, handover_uuid: Any) -> HttpResponse:
    handover = selectors.handover_get_for(current_user(request), handover_uuid)
    try:
        services.handover_accept(actor=Actor.from_request(request), handover=handover)
    except PermissionDenied:
        _refused(request, handover, "accept")
    except ValidationError as error:
        handover.refresh_from_db()
        context = _context(request, handover, error=_errors_text(error))
        return render(request, "handover/detail.html", context, status=400)
    messages.success(request, _("Hand-over accepted: your organisation now holds the case."))
    return redirect("handover:detail", handover_uuid=handover.uuid)


@case_roles_required
@require_POST
def handover_decline(request: HttpRequest, handover_uuid: Any) -> HttpResponse:
    user = current_user(request)
    handover = selectors.handover_get_for(user, handover_uuid)
    if handover.recipient_id != user.organisation_id:
        _refused(request, handover, "decline")
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.handover_decline(
                actor=Actor.from_request(request),
                handover=handover,
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied:
            _refused(request, handover, "decline")
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(
                request, _("Hand-over declined. The sending organisation keeps the case.")
            )
            return redirect("handover:detail", handover_uuid=handover.uuid)
    context = _context(request, handover, decline_form=form)
    return render(request, "handover/detail.html", context, status=400)


@case_roles_required
@require_POST
def follow_up_record(request: HttpRequest, handover_uuid: Any, months: int) -> HttpResponse:
    user = current_user(request)
    handover = selectors.handover_get_for(user, handover_uuid)
    # Only the organisation holding the new case records its follow-up.
    if handover.new_case is None or handover.new_case.organisation_id != user.organisation_id:
        raise Http404
    follow_up = handover.follow_ups.filter(months=months).first()
    if follow_up is None:
        raise Http404
    form = FollowUpForm(request.POST, prefix=f"m{months}")
    if form.is_valid():
        try:
            services.follow_up_record(
                actor=Actor.from_request(request),
                follow_up=follow_up,
                done_on=form.cleaned_data["done_on"],
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect("handover:detail", handover_uuid=handover.uuid)
    context = _context(request, handover, **{f"form_{months}": form})
    return render(request, "handover/detail.html", context, status=400)
