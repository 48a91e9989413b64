"""Writes of the needs-first pages, by what they serve. Each service is one transaction and leaves
its audit entry.

- `assessment`: the needs assessment and the plan it writes; the category for entitlements
- `plan`: actions added by a caseworker, their status, who carries them out, their due date
- `reflection`: reflection periods and cooperation with the police, kept apart
- `notifications`: in-app and e-mail notifications, referral answers
- `reminders`: the daily job of due and overdue reminders

The plan is produced from the needs assessment alone: nothing here reads or waits for screening.
"""

from needsfirst.web.assistance.services.assessment import assessment_record, category_set
from needsfirst.web.assistance.services.notifications import (
    notification_mark_read,
    referral_answer_notify,
)
from needsfirst.web.assistance.services.plan import (
    core_plan,
    plan_action_add,
    plan_item_assign,
    plan_item_reschedule,
    plan_item_status_set,
)
from needsfirst.web.assistance.services.reflection import (
    cooperation_record,
    reflection_period_start,
)
from needsfirst.web.assistance.services.reminders import register_reminders, reminders_send

__all__ = [
    "assessment_record",
    "category_set",
    "cooperation_record",
    "core_plan",
    "notification_mark_read",
    "plan_action_add",
    "plan_item_assign",
    "plan_item_reschedule",
    "plan_item_status_set",
    "referral_answer_notify",
    "reflection_period_start",
    "register_reminders",
    "reminders_send",
]
