"""Reminders: due and overdue actions, reflection periods ending soon, and what other apps
register (`register_reminders`), e-mailed once each.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from needsfirst.web.assistance.models import (
    OPEN_STATUSES,
    Notification,
    NotificationKind,
    PlanItem,
    ReflectionPeriod,
)
from needsfirst.web.assistance.services.notifications import case_staff, email, notify
from needsfirst.web.cases.models import CaseStatus

# Other apps' reminders (the referrals app's follow-up tasks), registered from their `ready()`:
# each takes today's date and returns the notifications it created, not yet e-mailed.
REMINDER_SOURCES: list[Callable[[date], list[Notification]]] = []


def register_reminders(source: Callable[[date], list[Notification]]) -> None:
    if source not in REMINDER_SOURCES:
        REMINDER_SOURCES.append(source)


def _plan_item_reminders(today: date) -> list[Notification]:
    """Open actions due by tomorrow or overdue, on cases not closed: to the person named as
    responsible, else the assigned caseworker, else the supervisors."""
    created: list[Notification] = []
    items = PlanItem.objects.filter(
        status__in=OPEN_STATUSES, due_on__lte=today + timedelta(days=1)
    ).select_related("case", "case__assigned_caseworker", "responsible")
    for item in items.exclude(case__status=CaseStatus.CLOSED):
        code = "task_overdue" if item.due_on < today else "task_due"
        users = [item.responsible] if item.responsible else case_staff(item.case)
        for user in users:
            made = notify(
                user,
                kind=NotificationKind.TASK_DUE,
                code=code,
                params={"reference": item.case.reference, "due": item.due_on.isoformat()},
                case=item.case,
                due=item.due_on,
                key=f"{code}:{item.uuid}:{item.due_on.isoformat()}",
            )
            if made:
                created.append(made)
    return created


def _reflection_reminders(today: date) -> list[Notification]:
    """One notice at each reminder date the core computed (14, 7 and 1 days before the end)."""
    created: list[Notification] = []
    periods = ReflectionPeriod.objects.filter(open_ended=False, ends_on__gte=today).select_related(
        "case", "case__assigned_caseworker"
    )
    for period in periods.exclude(case__status=CaseStatus.CLOSED):
        passed = [day for day in period.reminder_dates if date.fromisoformat(day) <= today]
        if not passed:
            continue
        for user in case_staff(period.case):
            made = notify(
                user,
                kind=NotificationKind.REFLECTION_ENDING,
                code="reflection_ending",
                params={"reference": period.case.reference, "ends": period.ends_on.isoformat()},
                case=period.case,
                due=period.ends_on,
                key=f"reflection_ending:{period.uuid}:{max(passed)}",
            )
            if made:
                created.append(made)
    return created


def reminders_send(today: date | None = None) -> dict[str, int]:
    """Notify due and overdue plan actions, what other apps registered (referral follow-up
    tasks), and reflection periods ending soon; e-mail each once.

    Idempotent: a notification is keyed by its user and event, so a second run creates and sends
    nothing new. Texts carry the case reference and dates only.
    """
    today = today or timezone.localdate()
    created: list[Notification] = []
    with transaction.atomic():
        for source in (_plan_item_reminders, *REMINDER_SOURCES, _reflection_reminders):
            created += source(today)
    emailed = 0
    for notification in created:
        email(notification)
        emailed += 1 if notification.emailed_at else 0
    return {"created": len(created), "emailed": emailed}
