"""Reminders of referral follow-up tasks, sent by the assistance app's daily reminder job
(registered in `ReferralsConfig.ready`)."""

from __future__ import annotations

from datetime import date, timedelta

from needsfirst.web.accounts.models import CASE_ROLES
from needsfirst.web.assistance.models import Notification, NotificationKind
from needsfirst.web.assistance.services.notifications import case_staff, notify
from needsfirst.web.cases.models import CaseStatus
from needsfirst.web.referrals.models import FollowUpTask


def follow_up_reminders(today: date) -> list[Notification]:
    """Referral follow-up tasks due by tomorrow or overdue, not done, on open referrals of open
    cases: the staff member who set the task if still active case staff of the holding
    organisation, else the assigned caseworker, else the supervisors. The text holds the case
    reference, the due date and a link to the referral, never the task's (encrypted) text."""
    created: list[Notification] = []
    tasks = (
        FollowUpTask.objects.filter(
            done_at__isnull=True,
            referral__closed_at__isnull=True,
            due_on__lte=today + timedelta(days=1),
        )
        .exclude(referral__case__status=CaseStatus.CLOSED)
        .select_related(
            "created_by", "referral", "referral__case", "referral__case__assigned_caseworker"
        )
        .order_by("due_on", "id")
    )
    for task in tasks:
        case = task.referral.case
        setter = task.created_by
        users = (
            [setter]
            if setter.is_active
            and setter.role in CASE_ROLES
            and setter.organisation_id == case.organisation_id
            else case_staff(case)
        )
        code = "referral_task_overdue" if task.due_on < today else "referral_task_due"
        for user in users:
            made = notify(
                user,
                kind=NotificationKind.REFERRAL_TASK,
                code=code,
                params={
                    "reference": case.reference,
                    "due": task.due_on.isoformat(),
                    "referral": str(task.referral.uuid),
                },
                case=case,
                due=task.due_on,
                key=f"{code}:{task.uuid}:{task.due_on.isoformat()}",
            )
            if made:
                created.append(made)
    return created
