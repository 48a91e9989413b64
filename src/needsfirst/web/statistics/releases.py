"""Releases for partners: the CTDC layout through k-anonymity, or counts with differential
privacy (OpenDP), each with what was lost and its privacy statement; produced and downloaded
by an analyst or an administrator, and audited."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
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
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.accounts.permissions import current_user, roles_required
from needsfirst.web.accounts.reauth import recent_authentication_required
from needsfirst.web.accounts.signals import AccountEvent, account_event_send
from needsfirst.web.statistics.models import PartnerRelease, PrivacySpend, ReleaseKind
from needsfirst.web.statistics.release_services import (
    RELEASE_ROLES,
    budget_of,
    budget_set,
    budget_states,
    covered_organisations,
    ledger_for,
    release_create,
    release_downloaded,
    release_error_message,
    release_log_of,
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


class BudgetForm(forms.Form):
    epsilon = forms.FloatField(
        label=gettext_lazy("Total epsilon that releases may spend in the period"),
        min_value=0.01,
        max_value=100,
    )
    period_days = forms.IntegerField(
        label=gettext_lazy("Period, in days"), min_value=1, max_value=3650
    )


def _budget_form(request: HttpRequest, organisation_id: int) -> BudgetForm:
    budget = budget_of(organisation_id)
    initial = {"epsilon": budget.epsilon, "period_days": budget.period_days}
    return BudgetForm(request.POST or None, initial=initial)


def _save_budget(request: HttpRequest, form: BudgetForm) -> bool:
    """Save the budget through the service; its refusal goes on the field it names."""
    try:
        budget_set(
            actor=Actor.from_request(request),
            epsilon=form.cleaned_data["epsilon"],
            period_days=form.cleaned_data["period_days"],
        )
    except DjangoValidationError as error:
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
        return False
    return True


@release_roles_required
@recent_authentication_required(methods={"POST"})
@require_http_methods(["GET", "POST"])
def privacy_budget_page(request: HttpRequest) -> HttpResponse:
    """The organisation's privacy budget, its ledger of DP spends and the log of every release
    that counted its cases. Its administrator sets the budget; analysts read it."""
    user = current_user(request)
    may_set = user.role == Role.ORGANISATION_ADMIN and user.organisation_id is not None
    if request.method == "POST" and not may_set:
        account_event_send(
            actor=Actor.from_request(request),
            event=AccountEvent.ACCESS_DENIED,
            detail={"view": "privacy_budget_page"},
        )
        raise PermissionDenied
    organisation_id = user.organisation_id
    form = _budget_form(request, organisation_id) if may_set and organisation_id else None
    saved = (
        request.method == "POST"
        and form is not None
        and form.is_valid()
        and _save_budget(request, form)
    )
    if saved:
        messages.success(request, _("The privacy budget is saved."))
        return redirect("statistics:privacy-budget")
    ids = [organisation_id] if organisation_id else []
    return render(
        request,
        "statistics/privacy_budget.html",
        {
            "form": form,
            "budgets": budget_states(ids, timezone.now()),
            "ledger": PrivacySpend.objects.filter(organisation_id__in=ids).select_related(
                "released_by", "release"
            )[:50],
            "log": release_log_of(organisation_id)[:50],
        },
    )
