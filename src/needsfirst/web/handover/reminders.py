"""Reminders of hand-over follow-ups, sent by the assistance app's daily reminder job
(registered in `HandoverConfig.ready`); the texts hold the case reference and dates only."""

from __future__ import annotations

from datetime import date, timedelta

from needsfirst.web.assistance.models import Notification, NotificationKind
from needsfirst.web.assistance.services.notifications import case_staff, notify
from needsfirst.web.cases.models import CaseStatus
from needsfirst.web.handover.models import FollowUp

REMIND_DAYS_BEFORE = 7


def follow_up_reminders(today: date) -> list[Notification]:
    """Follow-ups not recorded and due within a week (or overdue), on accepted hand-overs whose
    new case is open: to the receiving case's caseworker, else its supervisors."""
    created: list[Notification] = []
    due = (
        FollowUp.objects.filter(
            done_on__isnull=True,
            handover__new_case__isnull=False,
            due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
        )
        .exclude(handover__new_case__status=CaseStatus.CLOSED)
        .select_related("handover__new_case", "handover__new_case__assigned_caseworker")
        .order_by("due_on", "id")
    )
    for follow_up in due:
        case = follow_up.handover.new_case
        assert case is not None
        code = (
            "handover_follow_up_overdue" if follow_up.due_on < today else "handover_follow_up_due"
        )
        for user in case_staff(case):
            made = notify(
                user,
                kind=NotificationKind.TASK_DUE,
                code=code,
                params={
                    "reference": case.reference,
                    "months": str(follow_up.months),
                    "due": follow_up.due_on.isoformat(),
                },
                case=case,
                due=follow_up.due_on,
                key=f"{code}:{follow_up.uuid}",
            )
            if made:
                created.append(made)
    return created
