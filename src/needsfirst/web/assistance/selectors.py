"""Reads of the needs-first pages; every read starts from what the user's organisation may see."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from needsfirst import needs
from needsfirst.web.accounts.models import CASE_ROLES, Role, User
from needsfirst.web.assistance.models import (
    OPEN_STATUSES,
    CategoryBasis,
    NeedsAssessment,
    Notification,
    NotificationKind,
    PlanItem,
)
from needsfirst.web.cases.models import Case, CaseStatus
from needsfirst.web.cases.selectors import case_get_for, cases_visible_to
from needsfirst.web.common.keyset import KeysetPage, ordered_page


def facts_for(case: Case, answers: Mapping[str, Any]) -> needs.AssessmentFacts:
    """The core's facts: the answers, with the person's estimated age and language as context."""
    raw: dict[str, Any] = dict(answers)
    person = case.person
    if person.estimated_age is not None:
        raw["age_estimate"] = person.estimated_age
    if person.primary_language:
        raw["language"] = person.primary_language
    return needs.facts_from_mapping(raw)


URGENT = (int(needs.Urgency.NOW), int(needs.Urgency.WITHIN_24_HOURS))


def case_held_by(user: User, case_uuid: Any) -> Case:
    """A case of the user's own organisation; a shared case answers 404 here.

    Needs, plan and cooperation are worked on by the holding organisation; a partner sees only
    the sections shared with it, and none of these pages.
    """
    case = case_get_for(user, case_uuid)
    if case.organisation_id != user.organisation_id:
        raise Http404
    return case


def assessment_latest(case: Case) -> NeedsAssessment | None:
    return case.needs_assessments.select_related("assessed_by").first()


def plan_items(case: Case) -> QuerySet[PlanItem]:
    return case.plan_items.select_related("responsible").order_by("due_on", "-urgency", "id")


def plan_item_get(case: Case, item_uuid: Any) -> PlanItem:
    try:
        return case.plan_items.get(uuid=item_uuid)
    except (PlanItem.DoesNotExist, ValueError) as error:
        raise Http404 from error


def needs_from_assessment(case: Case, assessment: NeedsAssessment) -> needs.NeedsAssessment:
    """The triage of the stored answers, recomputed by the core (deterministic)."""
    return needs.needs_assess(facts_for(case, assessment.answers))


# HTCDS 2.0 vic_TraffickingStatus of a competent authority's decision -> the category it gives.
# "Possible victim" is the reasonable-grounds stage; a negative decision leaves every migrant's
# entitlements, which never depend on a label.
AUTHORITY_STATUS_CATEGORY = {
    "ActualVictimOfTrafficking": needs.Category.IDENTIFIED_VICTIM,
    "PossibleVictimOfTrafficking": needs.Category.PRESUMED_VICTIM,
    "NotAVictimOfTrafficking": needs.Category.ANY_MIGRANT,
}


# Readers of the latest decision of a competent authority on a case (its HTCDS status, or None),
# registered from `ready()` by the app that records such decisions (the screening pages):
# the needs pages never import it and never wait for it.
AUTHORITY_STATUS_READERS: list[Callable[[Case], str | None]] = []


def register_authority_status(reader: Callable[[Case], str | None]) -> None:
    if reader not in AUTHORITY_STATUS_READERS:
        AUTHORITY_STATUS_READERS.append(reader)


def _authority_category(case: Case) -> needs.Category | None:
    """The category from the latest recorded decision of the competent authority, if any."""
    for reader in AUTHORITY_STATUS_READERS:
        status = reader(case)
        if status is not None:
            return AUTHORITY_STATUS_CATEGORY.get(status)
    return None


@dataclass(frozen=True)
class CategoryChoice:
    category: needs.Category
    basis: str


def category_for(case: Case, assessment: NeedsAssessment | None) -> CategoryChoice:
    """A recorded authority decision if any; else the caseworker's choice; else any migrant."""
    decided = _authority_category(case)
    if decided is not None:
        return CategoryChoice(decided, CategoryBasis.AUTHORITY)
    if assessment is not None:
        return CategoryChoice(
            needs.Category.from_key(assessment.category), CategoryBasis.CASEWORKER
        )
    return CategoryChoice(needs.Category.ANY_MIGRANT, CategoryBasis.CASEWORKER)


def entitlements_for(
    case: Case, assessment: NeedsAssessment, category: needs.Category, on: date
) -> needs.EntitlementSummary:
    child = needs_from_assessment(case, assessment).facts.is_child
    return needs.entitlements_list(
        jurisdiction=assessment.jurisdiction, category=category, on=on, child=child
    )


# The most pressing first: the earliest due day, then the most urgent (then the newest action).
TEAM_ORDER = ("due_on", "-urgency")
TEAM_PAGE_SIZE = 25


def team_items(
    user: User,
    today: date,
    *,
    cursors: dict[str, tuple[str | None, str | None]] | None = None,
    size: int | None = None,
) -> dict[str, KeysetPage]:
    """The supervisor's organisation: open urgent actions (now, 24 h) and overdue actions, each
    list a page at a time, the most pressing first (by due day, then urgency). `cursors` gives
    each list's (after, before) cursors; a page costs the same whatever the organisation's size:
    no COUNT, no OFFSET."""
    organisation_id = user.organisation_id
    cursors = cursors or {}
    lists = {"urgent": PlanItem.objects.none(), "overdue": PlanItem.objects.none()}
    if user.role == Role.SUPERVISOR and organisation_id is not None:
        items = (
            PlanItem.objects.filter(case__organisation_id=organisation_id, status__in=OPEN_STATUSES)
            .exclude(case__status=CaseStatus.CLOSED)
            .select_related("case", "case__person", "case__assigned_caseworker", "responsible")
        )
        lists = {
            "urgent": items.filter(urgency__in=URGENT, due_on__gte=today),
            "overdue": items.filter(due_on__lt=today),
        }
    pages = {}
    for key, queryset in lists.items():
        after, before = cursors.get(key, (None, None))
        pages[key] = ordered_page(
            queryset,
            order=TEAM_ORDER,
            size=size or TEAM_PAGE_SIZE,
            after=after,
            before=before,
            prefix=f"{key}_",
        )
    return pages


def due_tasks_for(user: User, today: date, *, days: int = 1, limit: int = 10) -> list[PlanItem]:
    """Open actions due by tomorrow on the user's cases (assigned to them, or theirs to do)."""
    organisation_id = user.organisation_id
    if not user.is_authenticated or user.role not in CASE_ROLES or organisation_id is None:
        return []
    own_cases = cases_visible_to(user).filter(organisation_id=organisation_id)
    return list(
        PlanItem.objects.filter(case__in=own_cases, status__in=OPEN_STATUSES)
        .filter(Q(responsible=user) | Q(responsible__isnull=True, case__assigned_caseworker=user))
        .filter(due_on__lte=today + timedelta(days=days))
        .select_related("case", "case__person")
        .order_by("due_on", "-urgency")[:limit]
    )


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("case", "case__person")


def notification_get(user: User, notification_uuid: Any) -> Notification:
    try:
        return Notification.objects.get(user=user, uuid=notification_uuid)
    except (Notification.DoesNotExist, ValueError) as error:
        raise Http404 from error


def account_notices_for(user: User, limit: int = 10) -> list[Notification]:
    """The user's own notices about their account (a password, a second factor, a lockout),
    newest first: every role reads them, whether or not it reads case notifications."""
    notices = Notification.objects.filter(user=user, kind=NotificationKind.ACCOUNT_SECURITY)
    return list(notices.order_by("-created_at", "-id")[:limit])


def unread_count(user: User) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def open_urgent_count(case: Case) -> int:
    return case.plan_items.filter(status__in=OPEN_STATUSES, urgency__in=URGENT).count()
