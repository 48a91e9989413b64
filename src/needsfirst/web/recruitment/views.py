"""The registry pages for staff: look-up, a recruiter's record, and the import of a licence list.
Thin: validate, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES, Role
from needsfirst.web.accounts.permissions import roles_required
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.recruitment import help as help_requests
from needsfirst.web.recruitment import selectors, services
from needsfirst.web.recruitment.forms import (
    CasePartyForm,
    ImportForm,
    LookupForm,
    RegistryEventForm,
)
from needsfirst.web.recruitment.importing import MappingError, parse_mapping
from needsfirst.web.recruitment.models import STATUS_LABELS, Recruiter

STAFF = frozenset(Role.values)


@roles_required(STAFF)
@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.GET or None)
    results: list[Any] = []
    if form.is_valid():
        results = selectors.recruiter_lookup(query=form.cleaned_data["q"], on=timezone.localdate())
        audit_record(
            actor=Actor.from_request(request),
            action=AuditAction.SEARCH,
            object_type="recruiter",
            detail={"results": len(results)},
        )
    return render(
        request,
        "recruitment/registry.html",
        {
            "form": form,
            "results": results,
            "searched": form.is_bound,
            "today": timezone.localdate(),
        },
    )


@roles_required(STAFF)
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, recruiter_uuid: str) -> HttpResponse:
    recruiter = get_object_or_404(Recruiter, uuid=recruiter_uuid)
    actor = Actor.from_request(request)
    form = CasePartyForm(request.POST or None)
    status_code = 200
    if request.method == "POST":
        status_code = 400
        if form.is_valid():
            try:
                services.case_party_add(
                    actor=actor,
                    recruiter=recruiter,
                    case_reference=form.cleaned_data["case_reference"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                return redirect("recruitment:detail", recruiter_uuid=recruiter.uuid)
    today = timezone.localdate()
    status, licences = selectors.recruiter_status_on(recruiter=recruiter, on=today)
    return render(
        request,
        "recruitment/detail.html",
        {
            "recruiter": recruiter,
            "status": status,
            "status_label": STATUS_LABELS[status],
            "licences": licences,
            "certifications": recruiter.certifications.all(),
            "events": recruiter.events.all(),
            "today": today,
            # Which of its own cases name the recruiter: for the roles that see those cases
            # (an analyst, an inspector or an administrator sees the count only).
            "cases": selectors.recruiter_case_counts(
                recruiter=recruiter,
                organisation_id=actor.organisation_id if actor.role in CASE_ROLES else None,
            ),
            "can_link": actor.role in CASE_ROLES,
            "can_record": actor.role in services.IMPORT_ROLES,
            "event_form": RegistryEventForm(),
            "form": form,
        },
        status=status_code,
    )


@roles_required(services.IMPORT_ROLES)
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                mapping = parse_mapping(form.cleaned_data["mapping"])
            except MappingError as error:
                form.add_error("mapping", f"{error.field}: {error.reason}")
            else:
                report = services.licence_list_import(
                    actor=Actor.from_request(request),
                    data=form.cleaned_data["file"].read(),
                    mapping=mapping,
                    authority=form.cleaned_data["authority"],
                    source_title=form.cleaned_data["source_title"],
                    source_url=form.cleaned_data["source_url"],
                )
                status = 200 if report.imported else 400
    return render(
        request, "recruitment/import.html", {"form": form, "report": report}, status=status
    )


@roles_required(CASE_ROLES)
@require_GET
def help_list(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    requests = help_requests.help_requests_visible_to(actor=actor)
    audit_record(actor=actor, action=AuditAction.VIEW, object_type="helprequest_list")
    return render(request, "recruitment/help_list.html", {"requests": requests})


@roles_required(CASE_ROLES)
@require_GET
def help_detail(request: HttpRequest, help_uuid: str) -> HttpResponse:
    found = help_requests.help_request_get(actor=Actor.from_request(request), uuid=help_uuid)
    return render(request, "recruitment/help_detail.html", {"help": found})


@roles_required(CASE_ROLES)
@require_POST
def help_open_case(request: HttpRequest, help_uuid: str) -> HttpResponse:
    actor = Actor.from_request(request)
    found = help_requests.help_request_get(actor=actor, uuid=help_uuid)
    case = help_requests.help_request_open_case(actor=actor, help_request=found)
    return redirect("cases:detail", case_uuid=case.uuid)


@roles_required(services.IMPORT_ROLES)
@require_POST
def event_add(request: HttpRequest, recruiter_uuid: str) -> HttpResponse:
    """A dated, sourced complaint, inspection finding or sanction (administrators)."""
    recruiter = get_object_or_404(Recruiter, uuid=recruiter_uuid)
    form = RegistryEventForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "recruitment/event_form.html",
            {"form": form, "recruiter": recruiter},
            status=400,
        )
    services.registry_event_add(
        actor=Actor.from_request(request),
        recruiter=recruiter,
        kind=form.cleaned_data["kind"],
        on=form.cleaned_data["on"],
        summary=form.cleaned_data["summary"],
        source_title=form.cleaned_data["source_title"],
        source_url=form.cleaned_data["source_url"],
    )
    return redirect("recruitment:detail", recruiter_uuid=recruiter.uuid)
