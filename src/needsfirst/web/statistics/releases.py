"""Releases for partners: the CTDC layout through k-anonymity, or counts with differential
privacy (OpenDP), each with what was lost and its privacy statement; produced and downloaded
by an analyst or an administrator, and audited."""

from __future__ import annotations

import json

import pycountry
from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from needsfirst.errors import InputError
from needsfirst.release.csvsafe import to_csv
from needsfirst.release.ctdc import ctdc_release
from needsfirst.release.defaults import DEFAULT_K
from needsfirst.release.dp import dp_counts
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.accounts.permissions import current_user, roles_required
from needsfirst.web.accounts.reauth import recent_authentication_required
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case, Gender
from needsfirst.web.statistics.models import PartnerRelease, ReleaseKind
from needsfirst.web.statistics.refresh import EXPLOITATION_ORDER, ctdc_profiles
from needsfirst.web.statistics.selectors import AGE_BANDS, min_cell

RELEASE_ROLES = frozenset({Role.ANALYST, Role.ORGANISATION_ADMIN, Role.SYSTEM_ADMIN})
release_roles_required = roles_required(RELEASE_ROLES)

DIMENSIONS = {
    "nationality": gettext_lazy("Nationality"),
    "gender": gettext_lazy("Gender"),
    "age_band": gettext_lazy("Age band"),
    "exploitation": gettext_lazy("Type of exploitation"),
}


def categories(dimension: str) -> list[str]:
    """Every value a cell may take, declared before looking at the data."""
    if dimension == "nationality":
        return [c.alpha_2 for c in pycountry.countries] + [""]
    if dimension == "gender":
        return list(Gender.values)
    if dimension == "age_band":
        return [*AGE_BANDS, ""]
    return [*EXPLOITATION_ORDER, "Several", ""]


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


def _cases_for(user: User) -> QuerySet[Case]:
    cases = Case.objects.filter(facts__statistical_use=True)
    if user.role == Role.ORGANISATION_ADMIN:
        cases = cases.filter(organisation=user.organisation)
    return cases


def _ctdc(user: User, data: dict) -> tuple[dict, str, str]:
    cases = _cases_for(user).select_related("person", "screening").prefetch_related("events")
    release = ctdc_release(
        ctdc_profiles(cases.iterator(chunk_size=500)),
        k=data["k"],
        max_suppression=data["max_suppression"],
    )
    report = release.report.as_dict()
    statement = _(
        "k-anonymous at k = %(k)s, counted in distinct people: %(released)s of %(rows)s case "
        "records released, %(suppressed)s left out."
    ) % {
        "k": report["k"],
        "released": report["rows_released"],
        "rows": report["rows_in"],
        "suppressed": report["rows_suppressed"],
    }
    return report, statement, to_csv(release.columns, release.rows)


def _dp(user: User, data: dict) -> tuple[dict, str, str]:
    dimension = data["dimension"]
    field = {"nationality": "facts__nationality", "gender": "facts__gender"}.get(
        dimension, f"facts__{dimension}"
    )
    allowed = set(categories(dimension))
    rows = [
        {"person": str(person), dimension: value if value in allowed else ""}
        for value, person in _cases_for(user).values_list(field, "person_id").iterator()
    ]
    result = dp_counts(
        rows,
        [dimension],
        {dimension: categories(dimension)},
        epsilon=data["epsilon"],
        person_column="person",
        bound=data["bound"],
    )
    statement = _(
        "Counts with differential privacy: epsilon = %(epsilon)s for the whole table; each "
        "person counted at most %(bound)s time(s); noise from OpenDP's Laplace mechanism on "
        "integers with scale %(scale)s."
    ) % {"epsilon": f"{result.epsilon:g}", "bound": result.bound, "scale": f"{result.scale:g}"}
    content = to_csv(
        [dimension or "-99", "count"], [[cell[0] or "-99", n] for cell, n in result.cells]
    )
    report = result.as_dict()
    report.pop("cells")
    return report, statement, f"# {result.statement()}\n{content}"


@release_roles_required
@recent_authentication_required(methods={"POST"})
@require_http_methods(["GET", "POST"])
def release_page(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    actor = Actor.from_request(request)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        build = _ctdc if data["kind"] == ReleaseKind.CTDC else _dp
        try:
            report, statement, content = build(user, data)
        except InputError as error:
            audit_record(
                actor=actor,
                action=AuditAction.EXPORT_FAILED,
                object_type="release",
                detail={"kind": data["kind"], "code": str(error.code)},
            )
            form.add_error(None, _release_error(error))
        else:
            release = PartnerRelease.objects.create(
                kind=data["kind"],
                parameters={k: v for k, v in data.items() if k != "kind"},
                report=report,
                statement=statement,
                content=content,
                created_by=user,
                organisation_id=user.organisation_id,
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=release,
                detail={"kind": release.kind, "parameters": release.parameters},
            )
            return redirect("statistics:release-detail", release.uuid)
    releases = PartnerRelease.objects.filter(organisation=user.organisation)[:20]
    return render(request, "statistics/release.html", {"form": form, "releases": releases})


def _release_error(error: InputError) -> str:
    if error.params.get("generalise"):
        return _(
            "k cannot be met with these settings: %(lost)s of %(rows)s records would be left "
            "out. Generalise these columns further: %(columns)s."
        ) % {
            "lost": error.params.get("rows_lost"),
            "rows": error.params.get("rows"),
            "columns": ", ".join(str(a["column"]) for a in error.params["generalise"]),
        }
    if "k" in error.params:
        return _("There are fewer people than k to release: nothing can be released yet.")
    return _("This release cannot be made: %(reason)s") % {"reason": error.message}


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
    return get_object_or_404(
        PartnerRelease, uuid=release_uuid, organisation_id=user.organisation_id
    )


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
        },
    )


@release_roles_required
@recent_authentication_required
@require_http_methods(["GET"])
def release_download(request: HttpRequest, release_uuid: str) -> HttpResponse:
    release = _release_for(current_user(request), release_uuid)
    audit_record(
        actor=Actor.from_request(request),
        action=AuditAction.EXPORT,
        obj=release,
        detail={"kind": release.kind},
    )
    response = HttpResponse(release.content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="needsfirst-release-{release.kind}-{release.uuid}.csv"'
    )
    response["Cache-Control"] = "no-store"
    return response
