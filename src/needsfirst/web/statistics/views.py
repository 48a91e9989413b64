"""The analysts' dashboard: aggregate charts, each with its table and a CSV download; and the
page where an analyst or administrator produces a release for partners."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from needsfirst.release.csvsafe import to_csv
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.permissions import statistics_roles_required
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.statistics.charts import bar_chart_svg
from needsfirst.web.statistics.release_services import RELEASE_ROLES
from needsfirst.web.statistics.selectors import (
    CHARTS,
    Chart,
    counted_total,
    dashboard_charts,
    min_cell,
    not_counted_total,
    recovered_amounts,
)


def _not_shown() -> str:
    return _("not shown")


@statistics_roles_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    built = dashboard_charts()
    charts = [{"chart": chart, "svg": bar_chart_svg(chart)} for chart in built]
    counted = counted_total(built)
    return render(
        request,
        "statistics/dashboard.html",
        {
            "charts": charts,
            "counted": counted,
            "not_counted": not_counted_total(counted),
            "threshold": min_cell(),
            "recovered": recovered_amounts(),
            "may_release": getattr(request.user, "role", None) in RELEASE_ROLES,
        },
    )


def chart_csv(chart: Chart) -> str:
    rows: list[list[object]] = [
        [cell.label, cell.count if cell.count is not None else _not_shown()] for cell in chart.cells
    ]
    if chart.additive:
        rows.append([_("Total"), chart.total if chart.total is not None else _not_shown()])
    return to_csv([chart.title, chart.unit], rows)


@statistics_roles_required
@require_GET
def statistics_csv(request: HttpRequest, key: str) -> HttpResponse:
    build = CHARTS.get(key)
    if build is None:
        raise Http404
    chart = build()
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.EXPORT,
        object_type="statistics",
        object_id=key,
        detail={"format": "csv", "aggregate": True},
    )
    response = HttpResponse(chart_csv(chart), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="needsfirst-{key}.csv"'
    response["Cache-Control"] = "no-store"
    return response
