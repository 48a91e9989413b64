"""Case pages. Views are thin: validate, call one service or selector, render."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.accounts.permissions import case_roles_required, current_user
from needsfirst.web.accounts.reauth import recent_authentication_required
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases import selectors, services
from needsfirst.web.cases.exports import person_export_data, person_export_pdf
from needsfirst.web.cases.forms import (
    NOT_CLOSED,
    CaseForm,
    CaseListFilter,
    ConsentForm,
    DocumentForm,
    EventForm,
    IntakeForm,
    NoteForm,
    PersonEditForm,
    SearchForm,
    WithdrawForm,
)
from needsfirst.web.cases.middleware import read_only_page
from needsfirst.web.cases.models import Case, CaseShareSection, CaseStatus, Consent, Person
from needsfirst.web.common.errors import apply_validation_errors


@case_roles_required
@require_http_methods(["GET"])
def case_list(request: HttpRequest) -> HttpResponse:
    filters = CaseListFilter(request.GET or None)
    status, exclude_status, mine = "", "", False
    if filters.is_valid():
        status = filters.cleaned_data["status"]
        if status == NOT_CLOSED:
            status, exclude_status = "", CaseStatus.CLOSED
        mine = bool(filters.cleaned_data["mine"])
    page = selectors.case_list_page(
        current_user(request),
        status=status,
        exclude_status=exclude_status,
        mine=mine,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=settings.NEEDSFIRST_PAGE_SIZE,
    )
    return render(request, "cases/case_list.html", {"page": page, "filters": filters})


@case_roles_required
@require_http_methods(["GET", "POST"])
def people_search(request: HttpRequest) -> HttpResponse:
    # POST, not GET: a name must never travel in a URL, where logs and history keep it.
    form = SearchForm(request.POST if request.method == "POST" else None)
    results = None
    if request.method == "POST" and form.is_valid():
        user = current_user(request)
        people = selectors.people_search(user, form.cleaned_data["name"])
        # Only the cases this user may open are listed: a reference is not shown otherwise.
        visible = list(selectors.cases_visible_to(user).filter(person__in=people))
        results = [
            (person, [case for case in visible if case.person_id == person.pk]) for person in people
        ]
        audit_record(
            actor=Actor.from_request(request),
            action=AuditAction.SEARCH,
            object_type="person",
            detail={"results": len(results)},
        )
    template = (
        "cases/_search_results.html" if request.headers.get("HX-Request") else "cases/search.html"
    )
    # The rows of every listed case are read together (`people_rows` once, not once a person).
    listed = [case for _person, cases in results or [] for case in cases]
    return render(request, template, {"form": form, "results": results, "listed": listed})


@case_roles_required
@require_http_methods(["GET", "POST"])
def case_intake(request: HttpRequest) -> HttpResponse:
    form = IntakeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_intake(
                actor=Actor.from_request(request),
                person_data=form.person_data(),
                other_names=form.other_names(),
                assistance_consent=form.cleaned_data["assistance_consent"],
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(
                request, _("Case %(reference)s opened.") % {"reference": case.reference}
            )
            return redirect("cases:detail", case_uuid=case.uuid)
    status = 400 if form.errors else 200
    return render(request, "cases/intake.html", {"form": form}, status=status)


@case_roles_required
@require_http_methods(["GET"])
def case_detail(request: HttpRequest, case_uuid: str) -> HttpResponse:
    case = selectors.case_get_for(current_user(request), case_uuid)
    access = selectors.case_access(current_user(request), case)
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.VIEW,
        obj=case,
        detail={"sections": sorted(access.sections)},
    )
    context = {
        "case": case,
        "person": case.person,
        "access": access,
        "sections": CaseShareSection,
        "notes": case.notes.select_related("author") if access.sees("notes") else [],
        "events": case.events.all() if access.sees("events") else [],
        "consents": case.consents.select_related("recipient") if access.owner else [],
        # Each referral names its service: read with it, not one query a referral.
        "referrals": case.referrals.select_related("provider") if access.owner else [],
        "note_form": NoteForm(),
    }
    return render(request, "cases/case_detail.html", context)


def _read_only(request: HttpRequest, case: Case, what: str) -> HttpResponse | None:
    """A handed-over case offers no form (GET: the page that says why) and takes no change
    (POST: refused and audited before the form is even read, answered by the middleware)."""
    if case.handed_over_at is None:
        return None
    if request.method == "GET":
        return read_only_page(request, case.uuid)
    services.case_check_writable(actor=Actor.from_request(request), case=case, what=what)
    return None


@case_roles_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_uuid: str) -> HttpResponse:
    case = selectors.case_get_owned_by(current_user(request), case_uuid)
    if (refused := _read_only(request, case, "case_edit")) is not None:
        return refused
    initial = {"version": case.version}
    form = CaseForm(
        request.POST if request.method == "POST" else None,
        instance=case,
        initial=initial,
        organisation=case.organisation,
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        data = {
            k: form.cleaned_data[k] for k in ("status", "assigned_caseworker", "closure_reason")
        }
        fresh = selectors.case_get_for(current_user(request), case_uuid)
        try:
            services.case_update(
                actor=Actor.from_request(request),
                case=fresh,
                data=data,
                expected_version=form.cleaned_data["version"],
            )
        except services.ConcurrentEditError:
            conflict = True
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Case saved."))
            return redirect("cases:detail", case_uuid=case.uuid)
    if conflict:
        return _conflict(request, "cases/case_edit.html", form, case_uuid, "case")
    return render(
        request,
        "cases/case_edit.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )


def _conflict(
    request: HttpRequest, template: str, form: Any, case_uuid: str, kind: str
) -> HttpResponse:
    """Keep what the user typed, show what is saved now, and let them save again on top of it."""
    current = selectors.case_get_for(current_user(request), case_uuid)
    record = current if kind == "case" else current.person
    data = request.POST.copy()
    data["version"] = str(record.version)
    form.data = data
    form.add_error(
        None,
        _(
            "Someone else saved this record while you were editing it. Your changes are kept "
            "below and nothing was saved. Compare them with the current record, then save again."
        ),
    )
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.VIEW,
        obj=record,
        detail={"conflict": True},
    )
    return render(
        request,
        template,
        {
            "form": form,
            "case": current,
            "person": current.person,
            "conflict": True,
            "current": record,
        },
        status=409,
    )


@case_roles_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, case_uuid: str) -> HttpResponse:
    actor = Actor.from_request(request)
    case = selectors.case_get_owned_by(current_user(request), case_uuid)
    if (refused := _read_only(request, case, "person_edit")) is not None:
        return refused
    person = case.person
    aliases = "\n".join(name.value for name in person.other_names.all())
    form = PersonEditForm(
        request.POST if request.method == "POST" else None,
        instance=person,
        initial={"version": person.version, "aliases": aliases},
    )
    if request.method == "POST" and form.is_valid():
        fresh = Person.objects.get(pk=person.pk)
        try:
            services.person_update(
                actor=actor,
                person=fresh,
                data=form.person_data(),
                expected_version=form.cleaned_data["version"],
                other_names=form.other_names(),
            )
        except services.ConcurrentEditError:
            return _conflict(request, "cases/person_edit.html", form, case_uuid, "person")
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Personal details saved."))
            return redirect("cases:detail", case_uuid=case.uuid)
    elif request.method == "GET":
        audit_record(
            actor=actor,
            action=AuditAction.VIEW,
            obj=person,
            detail={"form": "edit"},
        )
    return render(
        request,
        "cases/person_edit.html",
        {"form": form, "case": case, "person": person},
        status=400 if form.errors else 200,
    )


@case_roles_required
@require_POST
def note_add(request: HttpRequest, case_uuid: str) -> HttpResponse:
    case = selectors.case_get_owned_by(current_user(request), case_uuid)
    if (refused := _read_only(request, case, "note_add")) is not None:
        return refused
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(
            actor=Actor.from_request(request),
            case=case,
            body=form.cleaned_data["body"],
            on=form.cleaned_data["note_date"],
        )
        messages.success(request, _("Note added."))
        return redirect("cases:detail", case_uuid=case.uuid)
    return render(request, "cases/note_form.html", {"form": form, "case": case}, status=400)


@case_roles_required
@require_http_methods(["GET", "POST"])
def event_add(request: HttpRequest, case_uuid: str) -> HttpResponse:
    case = selectors.case_get_owned_by(current_user(request), case_uuid)
    if (refused := _read_only(request, case, "event_add")) is not None:
        return refused
    form = EventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.event_add(actor=Actor.from_request(request), case=case, data=form.cleaned_data)
        messages.success(request, _("Event added to the timeline."))
        return redirect("cases:detail", case_uuid=case.uuid)
    return render(
        request,
        "cases/event_form.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )


@case_roles_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, case_uuid: str) -> HttpResponse:
    case = selectors.case_get_owned_by(current_user(request), case_uuid)
    if (refused := _read_only(request, case, "document_add")) is not None:
        return refused
    form = DocumentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                actor=Actor.from_request(request), case=case, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Document recorded."))
            return redirect("cases:detail", case_uuid=case.uuid)
    return render(
        request,
        "cases/document_form.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )


@case_roles_required
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, case_uuid: str) -> HttpResponse:
    case = selectors.case_get_owned_by(current_user(request), case_uuid)
    if (refused := _read_only(request, case, "consent_add")) is not None:
        return refused
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                actor=Actor.from_request(request), case=case, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("cases:detail", case_uuid=case.uuid)
    return render(
        request,
        "cases/consent_form.html",
        {"form": form, "case": case},
        status=400 if form.errors else 200,
    )


@case_roles_required
@require_POST
def consent_withdraw(request: HttpRequest, case_uuid: str, consent_uuid: str) -> HttpResponse:
    case = selectors.case_get_owned_by(current_user(request), case_uuid)
    consent = get_object_or_404(Consent, case=case, uuid=consent_uuid)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.consent_withdraw(
                actor=Actor.from_request(request),
                consent=consent,
                on=form.cleaned_data["withdrawn_on"],
            )
        except ValidationError as error:
            apply_validation_errors(form, error)
        else:
            messages.success(request, _("Withdrawal recorded."))
            return redirect("cases:detail", case_uuid=case.uuid)
    return render(
        request,
        "cases/withdraw_form.html",
        {"form": form, "case": case, "consent": consent},
        status=400,
    )


@case_roles_required
@recent_authentication_required
@require_http_methods(["GET"])
def person_export(request: HttpRequest, case_uuid: str, fmt: str) -> HttpResponse:
    actor = Actor.from_request(request)
    case = selectors.case_get_owned_by(current_user(request), case_uuid)
    person = case.person
    filename = f"subject-access-{case.reference}.{fmt}"
    try:
        if fmt == "json":
            body: str | bytes = json.dumps(person_export_data(person), ensure_ascii=False, indent=2)
            content_type = "application/json; charset=utf-8"
        else:
            title = _("Subject access export, case %(reference)s") % {"reference": case.reference}
            body, content_type = person_export_pdf(person, title), "application/pdf"
    except Exception:
        # Nothing left the building: the attempt is recorded as failed, never as an export.
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT_FAILED,
            obj=person,
            detail={"format": fmt},
        )
        raise
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=person,
        detail={"format": fmt},
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@case_roles_required
@recent_authentication_required(methods={"POST"})
@require_http_methods(["GET", "POST"])
def person_erase(request: HttpRequest, case_uuid: str) -> HttpResponse:
    actor = Actor.from_request(request)
    case = selectors.case_get_owned_by(current_user(request), case_uuid)
    if current_user(request).role != Role.SUPERVISOR:
        audit_record(
            actor=actor,
            action=AuditAction.ACCESS_DENIED,
            obj=case.person,
            detail={"view": "person_erase"},
        )
        return render(request, "errors/403.html", status=403)
    if request.method == "POST" and request.POST.get("confirm") == case.reference:
        services.person_erase(actor=actor, person=case.person)
        messages.success(request, _("The personal data was erased."))
        return redirect("cases:detail", case_uuid=case.uuid)
    error = request.method == "POST"
    return render(
        request,
        "cases/erase_confirm.html",
        {"case": case, "error": error},
        status=400 if error else 200,
    )
