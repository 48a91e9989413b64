"""The inspection app's part of the daily reminders: fines and orders to pay back wages
followed until paid. An inspector is reminded 7 days and 1 day before the due day, on the day
after it when it is still not paid in full, and every 30 days after that until it is.

Registered with the assistance app's reminder job from `InspectionConfig.ready()` (as the
claims app does). The texts hold the visit's day, the due day and the amount still owed, never
a workplace's name (a household employer is a private person) nor a worker.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from needsfirst.wages.money import format_money
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.assistance.models import Notification, NotificationKind
from needsfirst.web.inspection.models import Sanction, SanctionKind

BEFORE_DAYS = (7, 1)
OVERDUE_EVERY = 30
TEXTS = {
    (SanctionKind.FINE, False): "fine_due",
    (SanctionKind.FINE, True): "fine_overdue",
    (SanctionKind.BACK_PAY, False): "back_pay_due",
    (SanctionKind.BACK_PAY, True): "back_pay_overdue",
}


def reminder_day(due: date, today: date) -> tuple[date, bool] | None:
    """The latest reminder day of a due day on or before `today`, and whether it is overdue;
    None before the first one."""
    if today > due:
        overdue_days = (today - due).days - 1
        return due + timedelta(days=1 + (overdue_days // OVERDUE_EVERY) * OVERDUE_EVERY), True
    passed = [due - timedelta(days=days) for days in BEFORE_DAYS if due - timedelta(days) <= today]
    return (max(passed), False) if passed else None


def _inspectors(sanction: Sanction) -> list[Any]:
    if sanction.created_by.is_active and sanction.created_by.role == Role.LABOUR_INSPECTOR:
        return [sanction.created_by]
    return list(
        User.objects.filter(
            organisation_id=sanction.visit.workplace.organisation_id,
            role=Role.LABOUR_INSPECTOR,
            is_active=True,
        )
    )


def sanction_payment_reminders(today: date) -> list[Notification]:
    """Notifications due today for fines and back-pay orders not paid in full (idempotent: keyed
    by sanction, reminder day and user)."""
    created: list[Notification] = []
    unpaid = (
        Sanction.objects.filter(
            kind__in=[SanctionKind.FINE, SanctionKind.BACK_PAY],
            amount__isnull=False,
            due_on__isnull=False,
            due_on__lte=today + timedelta(days=max(BEFORE_DAYS)),
        )
        .select_related("visit", "visit__workplace", "created_by")
        .order_by("due_on", "id")
    )
    for sanction in unpaid:
        if sanction.settled:
            continue
        assert sanction.due_on is not None
        assert sanction.outstanding is not None
        found = reminder_day(sanction.due_on, today)
        if found is None:
            continue
        day, overdue = found
        visited = sanction.visit.done_on or sanction.visit.planned_on
        for user in _inspectors(sanction):
            notification, made = Notification.objects.get_or_create(
                user=user,
                dedupe_key=f"sanction:{sanction.uuid}:{day.isoformat()}",
                defaults={
                    "kind": NotificationKind.SANCTION_DUE,
                    "text_code": TEXTS[(SanctionKind(sanction.kind), overdue)],
                    "params": {
                        "visited": visited.isoformat(),
                        "due": sanction.due_on.isoformat(),
                        "owed": format_money(sanction.outstanding, sanction.currency),
                    },
                    "due_on": sanction.due_on,
                },
            )
            if made:
                created.append(notification)
    return created
