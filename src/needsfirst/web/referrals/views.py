"""Directory and referral pages. Thin: validate, call a service or selector, render."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES, Role
from needsfirst.web.accounts.permissions import case_roles_required, current_user, roles_required
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases import selectors as case_selectors
from needsfirst.web.common.errors import apply_validation_errors
from needsfirst.web.common.keyset import AFTER, BEFORE, keyset_page, ordered_page
from needsfirst.web.referrals import selectors, services
from needsfirst.web.referrals.forms import (
    CloseForm,
    DeclineForm,
    DirectorySearchForm,
    ProviderForm,
    ReferralForm,
    TaskForm,
)
from needsfirst.web.referrals.models import DOMAIN_LABELS, FollowUpTask, Referral, ReferralStatus
from needsfirst.web.referrals.pdf import referral_form_data, referral_form_pdf

staff_required = roles_required(Role.values)
organisation_admin_required = roles_required({Role.ORGANISATION_ADMIN})


# --- the directory ----------------------------------------------------------------------------

# A page of the directory at a time, by place then name (an index on the same columns).
DIRECTORY_ORDER = ("country", "city", "name")


@staff_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = DirectorySearchForm(request.GET or None)
    valid = form.is_bound and form.is_valid()
    data = form.cleaned_data if valid else {}
    providers = selectors.providers_query(
        domain=data.get("need", ""),
        language=data.get("language", ""),
        country=data.get("country", ""),
        city=data.get("city", ""),
    )
    page = ordered_page(
        providers,
        order=DIRECTORY_ORDER,
        size=settings.NEEDSFIRST_PAGE_SIZE,
        after=request.GET.get(AFTER),
        before=request.GET.get(BEFORE),
    )
    managed = (
        set(selectors.providers_managed_by(request.user).values_list("pk", flat=True))  # type: ignore[arg-type]
        if request.user.role == Role.ORGANISATION_ADMIN  # type: ignore[union-attr]
        else set()
    )
    return render(
        request,
        "referrals/directory.html",
        {
            "form": form,
            "page": page,
            "managed": managed,
            "may_manage": user.role == Role.ORGANISATION_ADMIN,
            "may_refer": user.role in CASE_ROLES,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@organisation_admin_required
@require_http_methods(["GET", "POST"])
def provider_new(request: HttpRequest) -> HttpResponse:
    form = ProviderForm(
        request.POST if request.method == "POST" else None, initial={"eligibility": ["any"]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_create(
                actor=Actor.from_request(request),
                data=form.provider_data(),
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Service added to the directory."))
            return redirect("referrals:directory")
    return render(
        request,
        "referrals/provider_form.html",
        {"form": form, "provider": None},
        status=400 if form.errors else 200,
    )


@organisation_admin_required
@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, provider_uuid: Any) -> HttpResponse:
    provider = selectors.provider_get_managed(request.user, provider_uuid)  # type: ignore[arg-type]
    form = ProviderForm(request.POST if request.method == "POST" else None, instance=provider)
    if request.method == "POST" and form.is_valid():
        fresh = selectors.provider_get_managed(request.user, provider_uuid)  # type: ignore[arg-type]
        try:
            services.provider_update(
                actor=Actor.from_request(request),
                provider=fresh,
                data=form.provider_data(),
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Directory entry saved."))
            return redirect("referrals:directory")
    return render(
        request,
        "referrals/provider_form.html",
        {"form": form, "provider": provider},
        status=400 if form.errors else 200,
    )


# --- referrals --------------------------------------------------------------------------------


@case_roles_required
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, case_uuid: Any) -> HttpResponse:
    case = case_selectors.case_get_owned_by(current_user(request), case_uuid)
    domain = request.GET.get("need", "")
    domain = domain if domain in DOMAIN_LABELS else ""
    initial: dict[str, Any] = {"domain": domain, "once": uuid.uuid4()}
    if request.GET.get("provider"):
        initial["provider"] = request.GET["provider"]
    form = ReferralForm(
        request.POST if request.method == "POST" else None, initial=initial, domain=domain
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_send(
                actor=Actor.from_request(request),
                case=case,
                provider=data["provider"],
                sections=data["sections"],
                domain=data["domain"],
                message=data["message"],
                override=data["override"],
                override_reason=data["override_reason"],
                idempotency_key=data["once"],
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Referral sent."))
            return redirect("referrals:detail", referral_uuid=referral.uuid)
    consents = case.consents.filter(kind="data_sharing", purpose="referral").select_related(
        "recipient"
    )
    return render(
        request,
        "referrals/referral_new.html",
        {
            "form": form,
            "case": case,
            "consents": consents,
            "may_override": request.user.may_override_consent,  # type: ignore[union-attr]
        },
        status=400 if form.errors else 200,
    )


def _detail_context(request: HttpRequest, referral: Referral, **extra: Any) -> dict[str, Any]:
    user = request.user
    holder = referral.case.organisation_id == user.organisation_id  # type: ignore[union-attr]
    receiver = not referral.outside and referral.recipient_id == user.organisation_id  # type: ignore[union-attr]
    access = case_selectors.case_access(user, referral.case)  # type: ignore[arg-type]
    consent = referral.consent
    return {
        "referral": referral,
        # The free-text message may speak of the person: the receiver reads it only once it
        # has accepted and while the share it accepted is open (consent in force).
        "message_visible": holder or (receiver and _share_open(referral)),
        "case": referral.case,
        "holder": holder,
        "receiver": receiver,
        "sees_case": access.owner or bool(access.sections),
        "consent_withdrawn": consent is not None and not consent.in_force,
        "tasks": selectors.tasks_of(referral) if holder else [],
        "today": timezone.localdate(),
        "domain_label": DOMAIN_LABELS.get(referral.domain, ""),
        "decline_form": extra.pop("decline_form", DeclineForm()),
        "close_form": extra.pop("close_form", CloseForm()),
        "task_form": extra.pop("task_form", TaskForm()),
        "error_form": extra.pop("error_form", None),
        **extra,
    }


def _share_open(referral: Referral) -> bool:
    share = referral.share
    return (
        share is not None
        and share.revoked_at is None
        and share.consent.in_force
        and share.consent.recipient_id == share.organisation_id
    )


@case_roles_required
@require_GET
def referral_detail(request: HttpRequest, referral_uuid: Any) -> HttpResponse:
    referral = selectors.referral_get_for(request.user, referral_uuid)  # type: ignore[arg-type]
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.VIEW,
        obj=referral,
        detail={"page": "referral"},
    )
    return render(request, "referrals/referral_detail.html", _detail_context(request, referral))


ANSWER_FORMS: dict[str, type[forms.Form]] = {
    "decline": DeclineForm,
    "close": CloseForm,
    "task": TaskForm,
}


def _accept(actor: Actor, referral: Referral, data: dict[str, Any]) -> str:
    services.referral_accept(actor=actor, referral=referral)
    return _("Referral accepted: the shared sections of the case are open to you.")


def _decline(actor: Actor, referral: Referral, data: dict[str, Any]) -> str:
    services.referral_decline(actor=actor, referral=referral, reason=data["reason"])
    return _("Referral declined.")


def _complete(actor: Actor, referral: Referral, data: dict[str, Any]) -> str:
    services.referral_complete(actor=actor, referral=referral)
    return _("Referral marked as completed.")


def _close(actor: Actor, referral: Referral, data: dict[str, Any]) -> str:
    services.referral_close(
        actor=actor, referral=referral, outcome=data["outcome"], note=data["note"]
    )
    return _("Referral closed.")


def _task(actor: Actor, referral: Referral, data: dict[str, Any]) -> str:
    services.task_add(
        actor=actor, referral=referral, description=data["description"], due_on=data["due_on"]
    )
    return _("Follow-up task added.")


# Each answer: the service it calls; it returns the message shown once it is done.
ANSWERS: dict[str, Callable[[Actor, Referral, dict[str, Any]], str]] = {
    "accept": _accept,
    "decline": _decline,
    "complete": _complete,
    "close": _close,
    "task": _task,
}


def _answer(request: HttpRequest, referral_uuid: Any, action: str) -> HttpResponse:
    actor = Actor.from_request(request)
    referral = selectors.referral_get_for(actor.staff, referral_uuid)
    form = ANSWER_FORMS.get(action, forms.Form)(request.POST)
    try:
        services.referral_check_actor(actor=actor, referral=referral, action=action)
        if not form.is_valid():
            return _refused(request, referral, action, form)
        done = ANSWERS[action](actor, referral, form.cleaned_data)
    except PermissionDenied:
        audit_record(
            actor=actor,
            action=AuditAction.ACCESS_DENIED,
            obj=referral,
            detail={"view": f"referral_{action}"},
        )
        raise
    except ValidationError as error:
        apply_validation_errors(form, error)
        return _refused(request, referral, action, form)
    messages.success(request, done)
    return redirect("referrals:detail", referral_uuid=referral.uuid)


def _refused(request: HttpRequest, referral: Referral, action: str, form: Any) -> HttpResponse:
    key = f"{action}_form" if action in ANSWER_FORMS else "error_form"
    context = _detail_context(request, referral, **{key: form})
    return render(request, "referrals/referral_detail.html", context, status=400)


@case_roles_required
@require_POST
def referral_accept(request: HttpRequest, referral_uuid: Any) -> HttpResponse:
    return _answer(request, referral_uuid, "accept")


@case_roles_required
@require_POST
def referral_decline(request: HttpRequest, referral_uuid: Any) -> HttpResponse:
    return _answer(request, referral_uuid, "decline")


@case_roles_required
@require_POST
def referral_complete(request: HttpRequest, referral_uuid: Any) -> HttpResponse:
    return _answer(request, referral_uuid, "complete")


@case_roles_required
@require_POST
def referral_close(request: HttpRequest, referral_uuid: Any) -> HttpResponse:
    return _answer(request, referral_uuid, "close")


@case_roles_required
@require_POST
def task_add(request: HttpRequest, referral_uuid: Any) -> HttpResponse:
    return _answer(request, referral_uuid, "task")


@case_roles_required
@require_POST
def task_done(request: HttpRequest, referral_uuid: Any, task_uuid: Any) -> HttpResponse:
    actor = Actor.from_request(request)
    referral = selectors.referral_get_for(request.user, referral_uuid)  # type: ignore[arg-type]
    task = get_object_or_404(FollowUpTask, referral=referral, uuid=task_uuid)
    try:
        services.task_done(actor=actor, task=task)
    except PermissionDenied:
        audit_record(
            actor=actor,
            action=AuditAction.ACCESS_DENIED,
            obj=referral,
            detail={"view": "referral_task_done"},
        )
        raise
    messages.success(request, _("Task marked as done."))
    return redirect("referrals:detail", referral_uuid=referral.uuid)


@case_roles_required
@require_GET
def referral_pdf(request: HttpRequest, referral_uuid: Any) -> HttpResponse:
    """The printable form for an outside partner, with only the sections the referral shares."""
    referral = selectors.referral_get_for(request.user, referral_uuid)  # type: ignore[arg-type]
    user: Any = request.user
    if not referral.outside or referral.case.organisation_id != user.organisation_id:
        raise Http404
    title, sections = referral_form_data(referral)
    pdf = referral_form_pdf(title, sections)
    # Audited once the file exists: a failed try is not an export.
    services.referral_form_exported(actor=Actor.from_request(request), referral=referral)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"referral-{referral.case.reference}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@case_roles_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("all") == "1"
    referrals = selectors.referral_inbox(request.user, open_only=not show_all)  # type: ignore[arg-type]
    page = keyset_page(
        [referrals],
        time_field="sent_at",
        size=settings.NEEDSFIRST_PAGE_SIZE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "referrals/inbox.html",
        {"page": page, "show_all": show_all, "statuses": ReferralStatus},
    )
