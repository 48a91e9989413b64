"""The start page and the analysts' aggregate view (counts only, small cells suppressed)."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from needsfirst.web.accounts.models import CASE_ROLES
from needsfirst.web.accounts.permissions import statistics_roles_required
from needsfirst.web.cases.models import Case, CaseStatus
from needsfirst.web.cases.selectors import cases_visible_to

SMALL_CELL = 5  # counts under this are shown as "< 5": a small number can point at a person


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


@statistics_roles_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    counts = Case.objects.values("status").annotate(n=Count("id")).order_by("status")
    rows = []
    for row in counts:
        n = row["n"]
        rows.append(
            {
                "status": CaseStatus(row["status"]).label,
                "count": str(n) if n >= SMALL_CELL else _("fewer than %(n)s") % {"n": SMALL_CELL},
            }
        )
    return render(request, "statistics.html", {"rows": rows})
