"""The claims app's part of the daily reminders: a matter's deadline coming (30, 14, 7 and 1
days before, while the claim is not filed) and its hearing (7 and 1 days before).

Registered with the assistance app's reminder job from `ClaimsConfig.ready()`; the texts hold
the case reference and dates only.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from needsfirst.wages.remedies import reminder_days
from needsfirst.web.assistance.models import Notification, NotificationKind
from needsfirst.web.cases.models import CaseStatus
from needsfirst.web.claims.models import ClaimMatter, MatterStage

HEARING_DAYS = (7, 1)


def _staff(case: Any) -> list[Any]:
    from needsfirst.web.accounts.models import Role, User

    if case.assigned_caseworker is not None and case.assigned_caseworker.is_active:
        return [case.assigned_caseworker]
    return list(
        User.objects.filter(
            organisation_id=case.organisation_id, role=Role.SUPERVISOR, is_active=True
        )
    )


def _notify(
    user: Any, *, code: str, matter: ClaimMatter, due: date, key: str
) -> Notification | None:
    notification, created = Notification.objects.get_or_create(
        user=user,
        dedupe_key=key,
        defaults={
            "kind": NotificationKind.CLAIM_DEADLINE,
            "text_code": code,
            "params": {"reference": matter.case.reference, "due": due.isoformat()},
            "case": matter.case,
            "due_on": due,
        },
    )
    return notification if created else None


def claim_deadline_reminders(today: date) -> list[Notification]:
    """Notifications due today for claim deadlines and hearings (idempotent: keyed by matter,
    reminder day and user)."""
    created: list[Notification] = []
    open_matters = (
        ClaimMatter.objects.filter(stage=MatterStage.OPEN, deadline__gte=today)
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case", "case__assigned_caseworker")
    )
    for matter in open_matters:
        assert matter.deadline is not None
        passed = [day for day in reminder_days(matter.deadline) if day <= today]
        if not passed:
            continue
        for user in _staff(matter.case):
            made = _notify(
                user,
                code="claim_deadline",
                matter=matter,
                due=matter.deadline,
                key=f"claim_deadline:{matter.uuid}:{max(passed).isoformat()}",
            )
            if made:
                created.append(made)
    hearings = (
        ClaimMatter.objects.filter(hearing_on__gte=today, hearing_on__lte=today + timedelta(days=7))
        .exclude(stage__in=[MatterStage.DECIDED, MatterStage.PAID, MatterStage.CLOSED])
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case", "case__assigned_caseworker")
    )
    for matter in hearings:
        assert matter.hearing_on is not None
        passed = [
            matter.hearing_on - timedelta(days=days)
            for days in HEARING_DAYS
            if matter.hearing_on - timedelta(days=days) <= today
        ]
        if not passed:
            continue
        for user in _staff(matter.case):
            made = _notify(
                user,
                code="claim_hearing",
                matter=matter,
                due=matter.hearing_on,
                key=f"claim_hearing:{matter.uuid}:{max(passed).isoformat()}",
            )
            if made:
                created.append(made)
    return created
