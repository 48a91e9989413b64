"""Releases for partners: the CTDC layout through k-anonymity, or counts with differential
privacy (OpenDP), each with what was lost and its privacy statement; produced and downloaded
by an analyst or an administrator, and audited."""

from __future__ import annotations

import json

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from needsfirst.errors import InputError
from needsfirst.release.defaults import DEFAULT_K
from needsfirst.release.hierarchies import ReleaseErrorCode
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.accounts.permissions import current_user, roles_required
from needsfirst.web.accounts.reauth import recent_authentication_required
from needsfirst.web.statistics.models import PartnerRelease, ReleaseKind
from needsfirst.web.statistics.release_services import (
    RELEASE_ROLES,
    budget_states,
    covered_organisations,
    ledger_for,
    release_create,
    release_downloaded,
    release_error_message,
    releases_of,
)
from needsfirst.web.statistics.selectors import min_cell

release_roles_required = roles_required(RELEASE_ROLES)

DIMENSIONS = {
    "nationality": gettext_lazy("Nationality"),
    "gender": gettext_lazy("Gender"),
    "age_band": gettext_lazy("Age band"),
    "exploitation": gettext_lazy("Type of exploitation"),
}


class ReleaseForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What to release"), choices=ReleaseKind.choices)
    k = forms.IntegerField(
        label=gettext_lazy("k: each released row shares its values with at least k people"),
        initial=DEFAULT_K,
        min_value=2,
        max_value=1000,
    )
    max_suppression = forms.FloatField(
        label=gettext_lazy("Share of rows that may be left out (0 to 0.2)"),
        initial=0.01,
        min_value=0,
        max_value=0.2,
    )
    dimension = forms.ChoiceField(
        label=gettext_lazy("Counts by (differential privacy)"), choices=list(DIMENSIONS.items())
    )
    epsilon = forms.FloatField(
        label=gettext_lazy("Privacy budget epsilon (smaller is more private)"),
        initial=1.0,
        min_value=0.01,
        max_value=10,
    )
    bound = forms.IntegerField(
        label=gettext_lazy("Each person counted at most this many times"),
        initial=1,
        min_value=1,
        max_value=10,
    )

    def clean_k(self) -> int:
        k = int(self.cleaned_data["k"])
        if k < min_cell():
            raise forms.ValidationError(
                _("k must be at least %(n)s, the smallest count the dashboard shows.")
                % {"n": min_cell()}
            )
        return k


@release_roles_required
@recent_authentication_required(methods={"POST"})
@require_http_methods(["GET", "POST"])
def release_page(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    actor = Actor.from_request(request)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release = release_create(actor=actor, data=form.cleaned_data)
        except InputError as error:
            field = "epsilon" if error.code == ReleaseErrorCode.BUDGET_EXCEEDED else None
            form.add_error(field, release_error_message(error))
        else:
            return redirect("statistics:release-detail", release.uuid)
    now = timezone.now()
    return render(
        request,
        "statistics/release.html",
        {
            "form": form,
            "releases": releases_of(user)[:20],
            "budgets": budget_states(covered_organisations(user), now),
            "ledger": ledger_for(user)[:20],
        },
    )


def level_labels() -> dict[str, str]:
    """The core's names of generalisation levels, in the reader's language."""
    return {
        "exact": _("exact"),
        "5-year band": _("5-year band"),
        "10-year band": _("10-year band"),
        "minor or adult": _("minor or adult"),
        "suppressed": _("suppressed"),
        "CTDC age band": _("CTDC age band"),
        "as recorded": _("as recorded"),
        "month": _("month"),
        "quarter": _("quarter"),
        "year": _("year"),
        "5-year period": _("5-year period"),
        "country": _("country"),
        "UN M49 sub-region": _("UN M49 sub-region"),
        "UN M49 region": _("UN M49 region"),
        "value": _("as recorded"),
        "group": _("group"),
    }


def _release_for(user: User, release_uuid: str) -> PartnerRelease:
    return get_object_or_404(releases_of(user), uuid=release_uuid)


@release_roles_required
@require_http_methods(["GET"])
def release_detail(request: HttpRequest, release_uuid: str) -> HttpResponse:
    release = _release_for(current_user(request), release_uuid)
    report = release.report
    labels = level_labels()
    columns = [
        {**column, "level_label": labels.get(column["level_name"], column["level_name"])}
        for column in report.get("columns", [])
    ]
    return render(
        request,
        "statistics/release_detail.html",
        {
            "release": release,
            "report": report,
            "columns": columns,
            "report_json": json.dumps(report, indent=2),
            "spends": release.privacy_spends.select_related("organisation"),
        },
    )


@release_roles_required
@recent_authentication_required
@require_http_methods(["GET"])
def release_download(request: HttpRequest, release_uuid: str) -> HttpResponse:
    release = _release_for(current_user(request), release_uuid)
    content = release_downloaded(actor=Actor.from_request(request), release=release)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="needsfirst-release-{release.kind}-{release.uuid}.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response
