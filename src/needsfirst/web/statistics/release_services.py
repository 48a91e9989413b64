"""Producing a release for partners, for the page and the API alike: the case set the actor
may release, the CTDC file through k-anonymity or counts with differential privacy, the
privacy ledger that DP releases are checked against and recorded in, and the audit entries.

The privacy ledger (`PrivacySpend`) holds one row per organisation whose people a DP release
counted: an organisation administrator's release spends on their organisation; an analyst's
release over every organisation's consented cases spends on each organisation it counted.
Before a DP release, each covered organisation's budget (`PrivacyBudget`, else the settings'
default) is checked with `needsfirst.release.budget.check` (basic sequential composition),
under a lock on the organisations' rows so that two releases at once cannot both take the
last of a budget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pycountry
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from needsfirst.errors import InputError
from needsfirst.release.budget import SLACK, Budget, BudgetState, Spend, check, state
from needsfirst.release.csvsafe import to_csv
from needsfirst.release.ctdc import ctdc_release
from needsfirst.release.hierarchies import ReleaseErrorCode
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case, Gender
from needsfirst.web.statistics.models import (
    PartnerRelease,
    PrivacyBudget,
    PrivacySpend,
    ReleaseKind,
    ReleaseLogEntry,
)
from needsfirst.web.statistics.refresh import EXPLOITATION_ORDER, ctdc_profiles
from needsfirst.web.statistics.selectors import AGE_BANDS

RELEASE_ROLES = frozenset({Role.ANALYST, Role.ORGANISATION_ADMIN, Role.SYSTEM_ADMIN})
# The set of people a release of the web app draws from (one name: every release of it spends
# on the same people).
DATASET = "consented-cases"
DIMENSIONS = ("nationality", "gender", "age_band", "exploitation")


def categories(dimension: str) -> list[str]:
    """Every value a cell may take, declared before looking at the data."""
    if dimension == "nationality":
        return [c.alpha_2 for c in pycountry.countries] + [""]
    if dimension == "gender":
        return list(Gender.values)
    if dimension == "age_band":
        return [*AGE_BANDS, ""]
    return [*EXPLOITATION_ORDER, "Several", ""]


def _acts_for_one_organisation(user: User) -> bool:
    """An organisation administrator releases their organisation's cases only; so does an API
    token in any role (an administrator who mints an analyst's token must not gain the view
    across organisations that only an analyst's own account has)."""
    return user.role == Role.ORGANISATION_ADMIN or hasattr(user, "api_token")


def release_cases(user: User) -> QuerySet[Case]:
    """The cases a release by `user` counts: those whose consent allows statistical use."""
    cases = Case.objects.filter(facts__statistical_use=True)
    if _acts_for_one_organisation(user):
        if user.organisation_id is None:
            return cases.none()
        cases = cases.filter(organisation_id=user.organisation_id)
    return cases


def releases_of(user: User) -> QuerySet[PartnerRelease]:
    """The releases `user` may see: those produced in their organisation."""
    releases = PartnerRelease.objects.select_related("created_by")
    if user.organisation_id is None:  # a system administrator of no organisation
        return releases.filter(organisation__isnull=True)
    return releases.filter(organisation_id=user.organisation_id)


def budget_of(organisation_id: int) -> Budget:
    row = PrivacyBudget.objects.filter(organisation_id=organisation_id).first()
    if row is not None:
        return Budget(row.epsilon, row.delta, row.period_days)
    return Budget(
        settings.NEEDSFIRST_PRIVACY_BUDGET_EPSILON,
        period_days=settings.NEEDSFIRST_PRIVACY_BUDGET_PERIOD_DAYS,
    )


def spends_of(organisation_id: int, since: dt.datetime) -> list[Spend]:
    rows = PrivacySpend.objects.filter(
        organisation_id=organisation_id, dataset=DATASET, released_at__gt=since
    ).select_related("released_by", "release")
    return [
        Spend(
            dataset=row.dataset,
            epsilon=row.epsilon,
            delta=row.delta,
            bound=row.contribution_bound,
            released_by=row.released_by.get_username(),
            released_at=row.released_at,
            mechanism=row.mechanism,
            release=str(row.release.uuid),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class OrganisationBudget:
    organisation: Organisation
    state: BudgetState


def covered_organisations(user: User) -> list[int]:
    """The organisations whose people a DP release by `user` would count now."""
    if _acts_for_one_organisation(user):
        return [user.organisation_id] if user.organisation_id else []
    return sorted(set(release_cases(user).values_list("organisation_id", flat=True).distinct()))


def budget_states(organisation_ids: Iterable[int], now: dt.datetime) -> list[OrganisationBudget]:
    """Each organisation's budget and what its ledger has spent in the period."""
    result = []
    for organisation in Organisation.objects.filter(id__in=list(organisation_ids)).order_by("id"):
        budget = budget_of(organisation.id)
        spends = spends_of(organisation.id, now - dt.timedelta(days=budget.period_days))
        result.append(OrganisationBudget(organisation, state(budget, spends, DATASET, now)))
    return result


def ledger_for(user: User) -> QuerySet[PrivacySpend]:
    """The ledger rows of the organisations a release by `user` covers (newest first)."""
    return PrivacySpend.objects.filter(
        organisation_id__in=covered_organisations(user)
    ).select_related("organisation", "released_by", "release")


def spent_in_period(organisation_id: int, period_days: int, now: dt.datetime) -> float:
    """The epsilon the ledger spent on the organisation's people in the last `period_days`."""
    since = now - dt.timedelta(days=period_days)
    return sum(spend.epsilon for spend in spends_of(organisation_id, since))


def budget_floor_check(
    organisation_id: int, epsilon: float, period_days: int, now: dt.datetime
) -> None:
    """A budget is never set below what was already spent in its period: the releases made
    would then exceed it. DjangoValidationError on the field `epsilon`, with the figure."""
    spent = spent_in_period(organisation_id, period_days, now)
    if epsilon + SLACK < spent:
        raise DjangoValidationError(
            {
                "epsilon": _(
                    "The budget cannot be less than what releases already spent in the "
                    "period: %(spent)s in the last %(days)s days. Give at least %(spent)s."
                )
                % {"spent": f"{spent:g}", "days": period_days}
            },
            code="below_spent",
        )


def budget_set(*, actor: Actor, epsilon: float, period_days: int) -> PrivacyBudget:
    """The organisation administrator sets their organisation's budget (total epsilon per
    period); refused below what is spent in the period; audited with the old and new values."""
    user = actor.staff
    if user.role != Role.ORGANISATION_ADMIN or user.organisation_id is None:
        raise PermissionDenied
    organisation_id = user.organisation_id
    try:
        budget = Budget(epsilon, 0.0, period_days)
    except InputError as error:
        field = "period_days" if error.field == "period_days" else "epsilon"
        raise DjangoValidationError({field: error.message}, code="invalid") from error
    with transaction.atomic():
        # the organisation's row is the lock a release takes before it spends
        Organisation.objects.select_for_update().filter(id=organisation_id).exists()
        now = timezone.now()
        before = budget_of(organisation_id)
        budget_floor_check(organisation_id, budget.epsilon, budget.period_days, now)
        row, _created = PrivacyBudget.objects.update_or_create(
            organisation_id=organisation_id,
            defaults={
                "epsilon": budget.epsilon,
                "delta": before.delta,
                "period_days": budget.period_days,
            },
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=row,
            detail={
                "epsilon": [before.epsilon, budget.epsilon],
                "period_days": [before.period_days, budget.period_days],
            },
        )
    return row


def release_log_of(organisation_id: int | None) -> QuerySet[ReleaseLogEntry]:
    """Every release that counted the organisation's cases, k-anonymous and DP, newest first."""
    if organisation_id is None:
        return ReleaseLogEntry.objects.none()
    return ReleaseLogEntry.objects.filter(organisation_id=organisation_id).select_related(
        "release", "released_by"
    )


def _check_budgets(organisation_ids: Iterable[int], epsilon: float, now: dt.datetime) -> None:
    for organisation_id in organisation_ids:
        budget = budget_of(organisation_id)
        spends = spends_of(organisation_id, now - dt.timedelta(days=budget.period_days))
        check(budget, spends, DATASET, epsilon, now)


def _ctdc(user: User, data: dict[str, Any]) -> tuple[dict[str, Any], str, str]:
    cases = release_cases(user).select_related("person", "screening").prefetch_related("events")
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


def _dp(user: User, data: dict[str, Any]) -> tuple[dict[str, Any], str, str, list[int], Any]:
    from needsfirst.release.dp import dp_counts  # OpenDP loads only when counts are asked for

    dimension = data["dimension"]
    if dimension not in DIMENSIONS:
        raise InputError(ReleaseErrorCode.UNKNOWN_COLUMN, "dimension", "an unknown dimension")
    field = f"facts__{dimension}"
    allowed = set(categories(dimension))
    rows = []
    organisations: set[int] = set()
    for value, person, organisation in (
        release_cases(user).values_list(field, "person_id", "organisation_id").iterator()
    ):
        rows.append({"person": str(person), dimension: value if value in allowed else ""})
        organisations.add(organisation)
    if _acts_for_one_organisation(user) and user.organisation_id:
        organisations.add(user.organisation_id)
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
    return report, statement, f"# {result.statement()}\n{content}", sorted(organisations), result


def release_create(*, actor: Actor, data: dict[str, Any]) -> PartnerRelease:
    """A release of the actor's case set (`data`: kind, k, max_suppression for the CTDC file;
    dimension, epsilon, bound for DP counts). InputError, audited, when it cannot be made: k
    not met (which columns to generalise), too few people, or a privacy budget spent."""
    user = actor.staff
    if user.role not in RELEASE_ROLES:
        raise PermissionDenied
    kind = data["kind"]
    now = timezone.now()
    try:
        if kind == ReleaseKind.CTDC:
            report, statement, content = _ctdc(user, data)
            organisations = covered_organisations(user)
            result = None
        else:
            # refuse before counting when the budget is already spent ...
            _check_budgets(covered_organisations(user), data["epsilon"], now)
            report, statement, content, organisations, result = _dp(user, data)
        with transaction.atomic():
            # ... and again under a lock, on the organisations actually counted
            list(
                Organisation.objects.select_for_update()
                .filter(id__in=organisations)
                .order_by("id")
                .values_list("id", flat=True)
            )
            # the time of the release is taken under the lock: a release made by someone else
            # while this one was counting is then in the period checked
            now = timezone.now()
            if result is not None:
                _check_budgets(organisations, result.epsilon, now)
            release = PartnerRelease.objects.create(
                kind=kind,
                parameters={k: v for k, v in data.items() if k != "kind"},
                report=report,
                statement=statement,
                content=content,
                created_by=user,
                organisation_id=user.organisation_id,
            )
            ReleaseLogEntry.objects.bulk_create(
                ReleaseLogEntry(
                    organisation_id=organisation_id,
                    release=release,
                    kind=kind,
                    epsilon=0.0 if result is None else result.epsilon,
                    released_by=user,
                    released_at=now,
                )
                for organisation_id in organisations
            )
            if result is not None:
                PrivacySpend.objects.bulk_create(
                    PrivacySpend(
                        organisation_id=organisation_id,
                        dataset=DATASET,
                        release=release,
                        epsilon=result.epsilon,
                        contribution_bound=result.bound,
                        mechanism=result.mechanism[:80],
                        released_by=user,
                        released_at=now,
                    )
                    for organisation_id in organisations
                )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=release,
                detail={
                    "kind": release.kind,
                    "parameters": release.parameters,
                    "organisations_spent_on": 0 if result is None else len(organisations),
                    "organisations_counted": len(organisations),
                },
            )
    except InputError as error:
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT_FAILED,
            object_type="release",
            detail={"kind": kind, "code": str(error.code), "field": error.field},
        )
        raise
    return release


def release_downloaded(*, actor: Actor, release: PartnerRelease) -> str:
    audit_record(actor=actor, action=AuditAction.EXPORT, obj=release, detail={"kind": release.kind})
    return release.content


def release_error_message(error: InputError) -> str:
    """Why a release cannot be made, in the reader's language."""
    params = error.params
    if error.code == ReleaseErrorCode.BUDGET_EXCEEDED:
        return _(
            "This release would spend epsilon = %(requested)s, but only %(remaining)s of the "
            "privacy budget is left for these cases (%(budget)s per %(days)s days, %(spent)s "
            "spent by %(releases)s releases). Choose a smaller epsilon, or wait until earlier "
            "releases leave the period."
        ) % {
            "requested": f"{params['requested_epsilon']:g}",
            "remaining": f"{params['remaining_epsilon']:g}",
            "budget": f"{params['budget_epsilon']:g}",
            "days": params["period_days"],
            "spent": f"{params['spent_epsilon']:g}",
            "releases": params["releases"],
        }
    if params.get("generalise"):
        return _(
            "k cannot be met with these settings: %(lost)s of %(rows)s records would be left "
            "out. Generalise these columns further: %(columns)s."
        ) % {
            "lost": params.get("rows_lost"),
            "rows": params.get("rows"),
            "columns": ", ".join(str(a["column"]) for a in params["generalise"]),
        }
    if "k" in params:
        return _("There are fewer people than k to release: nothing can be released yet.")
    return _("This release cannot be made: %(reason)s") % {"reason": error.message}
