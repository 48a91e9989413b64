"""Needs-first pages of a case, the supervisor's team page and the notifications.

Views are thin: validate, call one service or selector, render. Needs and plan never wait for
screening: nothing here asks whether a screening exists.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from needsfirst import needs
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.accounts.permissions import case_roles_required, current_user, roles_required
from needsfirst.web.assistance import selectors, services
from needsfirst.web.assistance.forms import (
    AssessmentForm,
    AssignForm,
    CategoryForm,
    CooperationForm,
    PlanActionForm,
    ReflectionForm,
    RescheduleForm,
    StatusForm,
)
from needsfirst.web.assistance.models import (
    CATEGORY_LABELS,
    DOMAIN_LABELS,
    URGENCY_LABELS,
)
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.middleware import read_only_page
from needsfirst.web.common.errors import apply_validation_errors
from needsfirst.web.common.keyset import AFTER, BEFORE, keyset_page


def _default_jurisdiction(case: Any) -> str:
    country = case.organisation.country
    return country if country in needs.supported_jurisdictions() else ""


def _overview_url(case: Any) -> str:
    from django.urls import reverse

    return reverse("assistance:overview", kwargs={"case_uuid": case.uuid})


@case_roles_required
@require_http_methods(["GET"])
def overview(request: HttpRequest, case_uuid: str) -> HttpResponse:
    """Needs (triage), plan, entitlements, reflection period and cooperation of one case."""
    user = current_user(request)
    case = selectors.case_held_by(user, case_uuid)
    today = timezone.localdate()
    assessment = selectors.assessment_latest(case)
    context: dict[str, Any] = {
        "case": case,
        "assessment": assessment,
        "items": list(selectors.plan_items(case)),
        "today": today,
        "periods": case.reflection_periods.all(),
        "cooperation": case.cooperation_records.select_related("recorded_by"),
        "status_form": StatusForm(),
        "assign_form": AssignForm(organisation=case.organisation),
        "domain_labels": DOMAIN_LABELS,
        "urgency_labels": URGENCY_LABELS,
    }
    if assessment is not None:
        triage = selectors.needs_from_assessment(case, assessment)
        choice = selectors.category_for(case, assessment)
        entitlements = selectors.entitlements_for(case, assessment, choice.category, today)
        context.update(
            {
                "needs": [
                    {
                        "need": need,
                        "label": DOMAIN_LABELS[need.domain],
                        "urgency": URGENCY_LABELS[need.urgency],
                    }
                    for need in triage.needs
                ],
                "open_questions": len(triage.open_questions),
                "category": choice,
                "category_label": CATEGORY_LABELS[choice.category],
                "category_form": CategoryForm(initial={"category": choice.category.key}),
                "entitlements": entitlements,
                "if_recognised": [
                    (CATEGORY_LABELS[level], items) for level, items in entitlements.if_recognised
                ],
            }
        )
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.VIEW,
        obj=case,
        detail={"section": "needs_and_plan"},
    )
    return render(request, "assistance/overview.html", context)


@case_roles_required
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, case_uuid: str) -> HttpResponse:
    actor = Actor.from_request(request)
    user = current_user(request)
    case = selectors.case_held_by(user, case_uuid)
    if request.method == "GET" and case.handed_over_at is not None:
        return read_only_page(request, case.uuid)  # no form that could not be saved
    latest = selectors.assessment_latest(case)
    initial = {
        "assessed_on": timezone.localdate(),
        "jurisdiction": latest.jurisdiction if latest else _default_jurisdiction(case),
        "category": latest.category if latest else needs.Category.ANY_MIGRANT.key,
    }
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        answers=latest.answers if latest else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(
                actor=actor,
                case=case,
                answers=form.answers(),
                assessed_on=form.cleaned_data["assessed_on"],
                jurisdiction=form.cleaned_data["jurisdiction"],
                category=form.cleaned_data["category"],
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Needs assessed; the plan is ready."))
            return redirect(_overview_url(case))
    if request.method == "GET" and latest is not None:
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            obj=latest,
            detail={"case": str(case.uuid)},
        )
    return render(
        request,
        "assistance/assess.html",
        {"form": form, "case": case, "latest": latest},
        status=400 if form.errors else 200,
    )


@case_roles_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, case_uuid: str) -> HttpResponse:
    user = current_user(request)
    case = selectors.case_held_by(user, case_uuid)
    if request.method == "GET" and case.handed_over_at is not None:
        return read_only_page(request, case.uuid)  # no form that could not be saved
    form = PlanActionForm(
        request.POST if request.method == "POST" else None,
        organisation=case.organisation,
        initial={"due_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_action_add(
                actor=Actor.from_request(request), case=case, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Action added to the plan."))
            return redirect(_overview_url(case))
    return render(
        request,
        "assistance/action_form.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )


@case_roles_required
@require_POST
def action_status(request: HttpRequest, case_uuid: str, item_uuid: str) -> HttpResponse:
    user = current_user(request)
    case = selectors.case_held_by(user, case_uuid)
    item = selectors.plan_item_get(case, item_uuid)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.plan_item_status_set(
                actor=Actor.from_request(request), item=item, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Status changed."))
            return redirect(_overview_url(case))
    return render(
        request,
        "assistance/simple_form.html",
        {"form": form, "case": case, "title": _("Change the status of an action")},
        status=400,
    )


@case_roles_required
@require_POST
def action_reschedule(request: HttpRequest, case_uuid: str, item_uuid: str) -> HttpResponse:
    """Move an action's due date; a past date is refused with the message on the field."""
    user = current_user(request)
    case = selectors.case_held_by(user, case_uuid)
    item = selectors.plan_item_get(case, item_uuid)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            services.plan_item_reschedule(
                actor=Actor.from_request(request), item=item, due_on=form.cleaned_data["due_on"]
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Action rescheduled."))
            return redirect(_overview_url(case) + "#plan")
    return render(
        request,
        "assistance/simple_form.html",
        {
            "form": form,
            "case": case,
            "title": _("Reschedule an action"),
        },
        status=400,
    )


@case_roles_required
@require_POST
def action_assign(request: HttpRequest, case_uuid: str, item_uuid: str) -> HttpResponse:
    """Name the staff member of the organisation who carries out an open action."""
    user = current_user(request)
    case = selectors.case_held_by(user, case_uuid)
    item = selectors.plan_item_get(case, item_uuid)
    form = AssignForm(request.POST, organisation=case.organisation)
    if form.is_valid():
        try:
            services.plan_item_assign(
                actor=Actor.from_request(request),
                item=item,
                responsible=form.cleaned_data["responsible"],
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Responsible staff member saved."))
            return redirect(_overview_url(case) + "#plan")
    return render(
        request,
        "assistance/simple_form.html",
        {"form": form, "case": case, "title": _("Who does it")},
        status=400,
    )


@case_roles_required
@require_POST
def category_set(request: HttpRequest, case_uuid: str) -> HttpResponse:
    user = current_user(request)
    case = selectors.case_held_by(user, case_uuid)
    assessment = selectors.assessment_latest(case)
    form = CategoryForm(request.POST)
    if assessment is None:
        form.add_error(None, _("Assess the needs first; the category belongs to an assessment."))
    elif form.is_valid():
        try:
            services.category_set(
                actor=Actor.from_request(request),
                assessment=assessment,
                category=form.cleaned_data["category"],
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Category changed; the needs and the plan are unchanged."))
            return redirect(_overview_url(case) + "#entitlements")
    return render(
        request,
        "assistance/simple_form.html",
        {"form": form, "case": case, "title": _("Category for entitlements")},
        status=400,
    )


@case_roles_required
@require_http_methods(["GET", "POST"])
def reflection_start(request: HttpRequest, case_uuid: str) -> HttpResponse:
    user = current_user(request)
    case = selectors.case_held_by(user, case_uuid)
    if request.method == "GET" and case.handed_over_at is not None:
        return read_only_page(request, case.uuid)  # no form that could not be saved
    latest = selectors.assessment_latest(case)
    form = ReflectionForm(
        request.POST if request.method == "POST" else None,
        initial={
            "starts_on": timezone.localdate(),
            "jurisdiction": latest.jurisdiction if latest else _default_jurisdiction(case),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_period_start(
                actor=Actor.from_request(request), case=case, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Reflection period recorded."))
            return redirect(_overview_url(case) + "#reflection")
    return render(
        request,
        "assistance/simple_form.html",
        {
            "form": form,
            "case": case,
            "title": _("Start a recovery and reflection period"),
            "lead": _(
                "The length comes from the law of the jurisdiction on the start date. The period "
                "never depends on cooperation with the police."
            ),
        },
        status=400 if form.errors else 200,
    )


@case_roles_required
@require_http_methods(["GET", "POST"])
def cooperation_add(request: HttpRequest, case_uuid: str) -> HttpResponse:
    user = current_user(request)
    case = selectors.case_held_by(user, case_uuid)
    if request.method == "GET" and case.handed_over_at is not None:
        return read_only_page(request, case.uuid)  # no form that could not be saved
    form = CooperationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cooperation_record(
                actor=Actor.from_request(request), case=case, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(
                request, _("Cooperation recorded. It changes no need, plan or period.")
            )
            return redirect(_overview_url(case) + "#cooperation")
    return render(
        request,
        "assistance/simple_form.html",
        {
            "form": form,
            "case": case,
            "title": _("Record cooperation with the police"),
            "lead": _(
                "The person's choice. It is recorded apart and changes nothing in the needs, the "
                "plan, the entitlements or the reflection period."
            ),
        },
        status=400 if form.errors else 200,
    )


@roles_required({Role.SUPERVISOR})
@require_http_methods(["GET"])
def team(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if user.organisation_id is None:
        raise PermissionDenied
    today = timezone.localdate()
    items = selectors.team_items(
        user,
        today,
        cursors={
            key: (request.GET.get(f"{key}_after"), request.GET.get(f"{key}_before"))
            for key in ("urgent", "overdue")
        },
    )
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.VIEW,
        object_type="planitem",
        detail={
            "page": "team",
            "urgent": len(items["urgent"]),
            "overdue": len(items["overdue"]),
        },
    )
    return render(
        request,
        "assistance/team.html",
        {
            **items,
            "today": today,
            "domain_labels": DOMAIN_LABELS,
            "urgency_labels": URGENCY_LABELS,
        },
    )


# Labour inspectors read their own reminders here too (fines and back-pay orders until paid).
notification_readers_required = roles_required(
    {Role.CASEWORKER, Role.SUPERVISOR, Role.LABOUR_INSPECTOR}
)


@notification_readers_required
@require_http_methods(["GET"])
def notifications(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    page = keyset_page(
        [selectors.notifications_for(user)],
        time_field="created_at",
        size=settings.NEEDSFIRST_PAGE_SIZE,
        after=request.GET.get(AFTER),
        before=request.GET.get(BEFORE),
    )
    return render(request, "assistance/notifications.html", {"notifications": page, "page": page})


@notification_readers_required
@require_POST
def notification_read(request: HttpRequest, notification_uuid: str) -> HttpResponse:
    user = current_user(request)
    notification = selectors.notification_get(user, notification_uuid)
    services.notification_mark_read(actor=Actor.from_request(request), notification=notification)
    return redirect("assistance:notifications")
