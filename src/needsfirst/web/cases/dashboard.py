"""The start page: a caseworker's own open cases."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from needsfirst.web.accounts.models import CASE_ROLES
from needsfirst.web.cases.models import CaseStatus
from needsfirst.web.cases.selectors import cases_visible_to


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    context = {}
    if request.user.role in CASE_ROLES:
        visible = cases_visible_to(request.user)
        mine = visible.filter(assigned_caseworker=request.user).exclude(status=CaseStatus.CLOSED)
        context = {"my_open": mine.order_by("-updated_at")[:10], "my_open_count": mine.count()}
    return render(request, "home.html", context)
