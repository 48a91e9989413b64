"""The inspection pages. Thin: build the actor, validate, call one service or selector, render.
Only labour inspectors reach them, and only their own organisation's records (else 404)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from needsfirst.i18n import render as render_message
from needsfirst.inspection import household_entry
from needsfirst.inspection.household import ilo_indicators
from needsfirst.wages.money import format_money
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.accounts.permissions import case_roles_required, roles_required
from needsfirst.web.audit.actor_record import audit_actor
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.inspection import selectors, services
from needsfirst.web.inspection.errors import InspectionError
from needsfirst.web.inspection.forms import (
    DoneForm,
    FindingForm,
    PaymentForm,
    SanctionForm,
    VisitForm,
    WorkplaceForm,
)

inspector_required = roles_required({Role.LABOUR_INSPECTOR})
SAVED = gettext_lazy("Saved.")
# What a visit's page records, by the form's `action`.
WRITES: dict[str, Callable[..., object]] = {
    "done": services.visit_done,
    "finding": services.finding_add,
    "sanction": services.sanction_impose,
}


def _say(message: Any) -> str:
    return render_message(message, gettext)


def _money(sanction: Any) -> dict[str, str]:
    """The sanction's amounts as the claim shows money: code first, rounded to the currency."""
    if sanction.amount is None or not sanction.currency:
        return {}
    return {
        "amount": format_money(sanction.amount, sanction.currency),
        "paid": format_money(sanction.paid, sanction.currency),
        "outstanding": format_money(sanction.outstanding, sanction.currency),
    }


def _refused(form: Any, error: InspectionError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@inspector_required
@require_http_methods(["GET"])
def workplace_list(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    ranked = selectors.ranked_workplaces(actor, on=timezone.localdate())
    rows = [
        {
            "rank": item.rank,
            "points": item.score.points,
            "alert": item.score.alert,
            "workplace": workplace,
            "reasons": [
                {"text": _say(part.reason), "source": part.source.cite()}
                for part in item.score.contributions
            ],
        }
        for item, workplace in ranked
    ]
    audit_actor(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="workplace_list",
        detail={"count": len(rows)},
    )
    today = timezone.localdate()
    outstanding = [
        {"sanction": item, "overdue": item.due_on is not None and item.due_on < today}
        for item in selectors.sanctions_outstanding(actor, on=today)
    ]
    found = selectors.backtest_of(actor, on=today)
    backtest = (
        {
            "result": found,
            "ranks": ", ".join(str(rank) for rank in found.ranks_of_found),
            "recall": round(100 * found.recall_at_top),
            "base": round(100 * found.base_rate),
        }
        if found is not None and found.found
        else None
    )
    return render(
        request,
        "inspection/list.html",
        {"rows": rows, "outstanding": outstanding, "backtest": backtest},
    )


@inspector_required
@require_http_methods(["GET", "POST"])
def workplace_new(request: HttpRequest) -> HttpResponse:
    form = WorkplaceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            workplace = services.workplace_register(
                actor=Actor.from_request(request), data=form.cleaned_data
            )
        except InspectionError as error:
            _refused(form, error)
        else:
            messages.success(request, SAVED)
            return redirect("inspection:workplace", workplace.uuid)
    status = 400 if request.method == "POST" else 200
    return render(request, "inspection/workplace_form.html", {"form": form}, status=status)


@inspector_required
@require_http_methods(["GET", "POST"])
def workplace_detail(request: HttpRequest, workplace_uuid: Any) -> HttpResponse:
    actor = Actor.from_request(request)
    workplace = selectors.workplace_get(actor, workplace_uuid)
    form = VisitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_plan(actor=actor, workplace=workplace, **form.cleaned_data)
        except InspectionError as error:
            _refused(form, error)
        else:
            messages.success(request, SAVED)
            return redirect("inspection:visit", visit.uuid)
    entry = None
    if workplace.is_household:
        ruling = household_entry(workplace.jurisdiction, timezone.localdate(), bases=[])
        entry = {
            "summary": gettext(ruling.summary) if ruling.summary else _say(ruling.explanation),
            "alternative": gettext(ruling.alternative) if ruling.alternative else "",
            "source": ruling.source.cite() if ruling.source else "",
        }
    audit_actor(actor=actor, action=AuditAction.VIEW, obj=workplace)
    context = {
        "workplace": workplace,
        "form": form,
        "entry": entry,
        "visits": workplace.visits.all(),
        "score": selectors.signals_of(workplace, on=timezone.localdate()),
        "registry": selectors.registry_view(workplace, on=timezone.localdate()),
    }
    return render(request, "inspection/workplace.html", context, status=400 if form.errors else 200)


@inspector_required
@require_http_methods(["GET", "POST"])
def visit_detail(request: HttpRequest, visit_uuid: Any) -> HttpResponse:
    actor = Actor.from_request(request)
    visit = selectors.visit_get(actor, visit_uuid)
    action = request.POST.get("action") if request.method == "POST" else None
    forms_by_action = {
        "done": DoneForm(request.POST if action == "done" else None, prefix="done"),
        "finding": FindingForm(request.POST if action == "finding" else None, prefix="finding"),
        "sanction": SanctionForm(request.POST if action == "sanction" else None, prefix="sanction"),
    }
    if request.method == "POST":
        form = forms_by_action.get(action or "")
        if form is not None and form.is_valid():
            write = WRITES[action or ""]
            try:
                write(actor=actor, visit=visit, **form.cleaned_data)
            except InspectionError as error:
                _refused(form, error)
            else:
                messages.success(request, SAVED)
                return redirect("inspection:visit", visit.uuid)
        elif form is None:
            # neither done, finding nor sanction: refused, saying so on the findings form
            unknown = FindingForm(request.POST, prefix="finding")
            unknown.is_valid()
            unknown.add_error(None, gettext("Choose what to record."))
            forms_by_action["finding"] = unknown
    audit_actor(actor=actor, action=AuditAction.VIEW, obj=visit)
    names = ilo_indicators()
    findings = [
        {
            "finding": item,
            "indicators": [gettext(names[code]) for code in item.indicators if code in names],
        }
        for item in visit.findings.all()
    ]
    context = {
        "visit": visit,
        "workplace": visit.workplace,
        "findings": findings,
        "referrals": selectors.visit_referrals(visit),
        "sanctions": [
            {"sanction": item, "form": PaymentForm(prefix=str(item.uuid)), "money": _money(item)}
            for item in visit.sanctions.all()
        ],
        **{f"{key}_form": form for key, form in forms_by_action.items()},
    }
    failed = request.method == "POST"
    return render(request, "inspection/visit.html", context, status=400 if failed else 200)


@inspector_required
@require_POST
def sanction_payment(request: HttpRequest, sanction_uuid: Any) -> HttpResponse:
    actor = Actor.from_request(request)
    sanction = selectors.sanction_get(actor, sanction_uuid)
    form = PaymentForm(request.POST, prefix=str(sanction.uuid))
    if form.is_valid():
        try:
            services.sanction_payment(actor=actor, sanction=sanction, **form.cleaned_data)
        except InspectionError as error:
            _refused(form, error)
        else:
            messages.success(request, SAVED)
            return redirect("inspection:visit", sanction.visit.uuid)
    context = {"sanction": sanction, "form": form, "visit": sanction.visit}
    return render(request, "inspection/payment.html", context, status=400)


CHECKLIST_WORKERS = 5  # blocks on the page; empty ones are not sent


@inspector_required
@require_http_methods(["GET"])
def checklist(request: HttpRequest, visit_uuid: Any) -> HttpResponse:
    """The on-site checklist for a phone: the ILO indicators per worker, the worker's consent to
    a referral. Sent by `static/needsfirst/inspection-checklist.js`, which keeps it on the
    device while the connection is down (see docs/inspection.md)."""
    actor = Actor.from_request(request)
    visit = selectors.visit_get(actor, visit_uuid)
    # `?offline=shell`: the copy the service worker keeps on the phone, without the workplace's
    # name or anything else that could name a person (docs/inspection.md)
    shell = request.GET.get("offline") == "shell"
    audit_actor(
        actor=actor,
        action=AuditAction.VIEW,
        obj=visit,
        detail={"page": "checklist_shell" if shell else "checklist"},
    )
    names = ilo_indicators()
    context = {
        "visit": visit,
        "workplace": visit.workplace,
        "shell": shell,
        "workers": range(1, CHECKLIST_WORKERS + 1),
        "indicators": [(code, gettext(name)) for code, name in names.items()],
        "partners": selectors.referral_partners(actor),
        "sent": 0 if shell else visit.checklists.count(),
    }
    response = render(request, "inspection/checklist.html", context)
    if shell:
        response["Cache-Control"] = "no-store"
    return response


SERVICE_WORKER = "needsfirst/inspection-checklist-sw.js"


@require_http_methods(["GET"])
def checklist_service_worker(request: HttpRequest) -> HttpResponse:
    """The checklist's service worker, served under /inspection/visits/ so that its scope is
    that path (it answers only the checklist pages within it). Code only, no personal data."""
    path = finders.find(SERVICE_WORKER)
    if not path:
        raise Http404
    with open(str(path), encoding="utf-8") as script:
        response = HttpResponse(script.read(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@inspector_required
@require_POST
def checklist_submit(request: HttpRequest, visit_uuid: Any) -> JsonResponse:
    """Receive one sending of the checklist (JSON). A replay answers 200 with `stored: false`."""
    actor = Actor.from_request(request)
    visit = selectors.visit_get(actor, visit_uuid)
    try:
        body = json.loads(request.body or b"{}")
        if not isinstance(body, dict):
            raise ValueError
    except ValueError:
        return JsonResponse(
            {"field": "body", "error": gettext("Send the checklist as JSON.")}, status=400
        )
    try:
        saved, new = services.checklist_receive(
            actor=actor,
            visit=visit,
            submission=body.get("submission", ""),
            workers=body.get("workers") or [],
        )
    except InspectionError as error:
        return JsonResponse({"field": error.field, "error": str(error.message)}, status=400)
    return JsonResponse(
        {"submission": str(saved.uuid), "stored": new, "workers": saved.workers},
        status=201 if new else 200,
    )


@case_roles_required
@require_http_methods(["GET", "POST"])
def worker_referrals(request: HttpRequest) -> HttpResponse:
    """A partner's inbox of workers referred from an inspection, with their consent: what was
    found (a label, the indicators, the area and sector), never the workplace's name. Opening
    one makes a case and starts its screening."""
    actor = Actor.from_request(request)
    error = ""
    if request.method == "POST":
        referral = selectors.worker_referral_get(actor, request.POST.get("referral", ""))
        try:
            case = services.worker_referral_open(
                actor=actor, referral=referral, first_name=request.POST.get("first_name", "")
            )
        except InspectionError as refused:
            error = str(refused.message)
        else:
            messages.success(request, SAVED)
            return redirect("cases:detail", case.uuid)
    names = ilo_indicators()
    rows = [
        {
            "referral": item,
            "indicators": [gettext(names[code]) for code in item.indicators if code in names],
        }
        for item in selectors.worker_referrals_to(actor)
    ]
    audit_actor(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="worker_referrals",
        detail={"count": len(rows)},
    )
    context = {"rows": rows, "error": error}
    return render(
        request, "inspection/worker_referrals.html", context, status=400 if error else 200
    )
