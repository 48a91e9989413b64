"""The analysts' aggregate page (counts only, small cells suppressed)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from needsfirst.web.accounts.permissions import statistics_roles_required
from needsfirst.web.statistics.selectors import SMALL_CELL, case_counts_by_status


@statistics_roles_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "status": row.status.label,
            "count": str(row.count)
            if row.count is not None
            else _("fewer than %(n)s") % {"n": SMALL_CELL},
        }
        for row in case_counts_by_status()
    ]
    return render(request, "statistics.html", {"rows": rows})
