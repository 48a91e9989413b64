"""Demo needs assessments, plans and reflection periods for some demo cases (fictitious)."""

from __future__ import annotations

from datetime import date, timedelta

from needsfirst.needs import ActionStatus
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.assistance import services
from needsfirst.web.assistance.models import OPEN_STATUSES, PlanItem
from needsfirst.web.cases.models import Case

# Answer sets that show the triage at work: Amina's night arrival, a child alone, a worker owed
# wages. Everything not listed stays unknown.
DEMO_ANSWERS = [
    {
        "exploiter_knows_location": "yes",
        "no_safe_place_tonight": "yes",
        "injury": "yes",
        "needs_interpreter": "yes",
    },
    {"child": "yes", "unaccompanied": "yes", "out_of_school": "yes"},
    {
        "unpaid_wages_or_fees": "yes",
        "documents_withheld_or_lost": "yes",
        "no_income": "yes",
        "still_under_exploiter_control": "no",
    },
]


def demo_needs(
    *,
    case: Case,
    by: User,
    index: int,
    today: date,
    opened: date | None = None,
    late_on_purpose: bool = False,
) -> None:
    """Every fourth demo case gets an assessment on or after the day its case opened; what fell
    due more than three days ago was done, except on the cases left late on purpose, which the
    dashboard and the team page show overdue."""
    if index % 4:
        return
    answers = dict(DEMO_ANSWERS[(index // 4) % len(DEMO_ANSWERS)])
    if answers.get("child") == "yes" and (case.person.estimated_age or 0) >= 18:
        answers.pop("child")
        answers.pop("unaccompanied")
    opened = opened or today
    if late_on_purpose:
        assessed_on = max(opened, today - timedelta(days=10))
    else:
        assessed_on = min(today, opened + timedelta(days=index % 9))
    services.assessment_record(
        actor=Actor.for_user(by),
        case=case,
        answers=answers,
        assessed_on=assessed_on,
        jurisdiction="IT",
        today=today,
    )
    if not late_on_purpose:
        PlanItem.objects.filter(
            case=case, due_on__lt=today - timedelta(days=3), status__in=OPEN_STATUSES
        ).update(status=ActionStatus.DONE.value)
    if index % 8 == 0:
        services.reflection_period_start(
            actor=Actor.for_user(by), case=case, jurisdiction="IT", starts_on=assessed_on
        )
