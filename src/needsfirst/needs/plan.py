"""The assistance plan: each need, its action, who does it, by when, and its status.

It is built for every person from the needs assessment alone, never waiting for screening; the
entitlements part takes the person's category as a plain input, ANY_MIGRANT until the web layer
says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from needsfirst.i18n import _
from needsfirst.needs.entitlements import EntitlementSummary, entitlements_list
from needsfirst.needs.errors import ErrorCode, NeedsInputError
from needsfirst.needs.model import ActionStatus, Category, Domain, Role, SupportPlanType, Urgency
from needsfirst.needs.triage import NeedsAssessment, Reason


@dataclass(frozen=True, slots=True)
class PlanItem:
    id: str
    domain: Domain
    action: str
    role: Role
    support_plan_type: SupportPlanType
    urgency: Urgency
    due_on: date
    status: ActionStatus
    reasons: tuple[Reason, ...]
    origin: str  # "triage" or "caseworker"

    def is_overdue(self, today: date) -> bool:
        return self.status.is_open and self.due_on < today


@dataclass(frozen=True, slots=True)
class AssistancePlan:
    assessed_on: date
    category: Category
    items: tuple[PlanItem, ...]
    entitlements: EntitlementSummary | None

    def item(self, item_id: str) -> PlanItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise NeedsInputError(
            "item_id", _("no plan item %(id)s") % {"id": item_id}, ErrorCode.NOT_FOUND
        )

    def overdue(self, today: date) -> tuple[PlanItem, ...]:
        return tuple(item for item in self.items if item.is_overdue(today))

    def support_plan_types(self) -> frozenset[SupportPlanType]:
        """The HTCDS 2.0 `spl_Type` values this plan covers, for export."""
        return frozenset(item.support_plan_type for item in self.items)


def _date(raw: object, field: str) -> date:
    if isinstance(raw, date):
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise NeedsInputError(field, _("must be a date (YYYY-MM-DD)"))


def due_date(urgency: Urgency, assessed_on: date) -> date:
    """Now: the day of the assessment; 24 hours: the next day; a week: 7 days; planned: 30 days."""
    return assessed_on + timedelta(days=urgency.days_to_act)


def _sorted(items: list[PlanItem]) -> tuple[PlanItem, ...]:
    return tuple(sorted(items, key=lambda i: (i.due_on, -i.urgency, i.id)))


def plan_build(
    assessment: NeedsAssessment,
    *,
    assessed_on: date | str,
    today: date | str,
    jurisdiction: str | None = None,
    category: Category = Category.ANY_MIGRANT,
) -> AssistancePlan:
    """A plan for this person: one item per suggested action, due by its urgency.

    Every person gets a plan, whatever the category, because some rules apply to everyone.
    With a jurisdiction, the plan also lists what the person is owed today and what more
    recognition would bring. Items generated from an earlier assessment may already be overdue;
    they are kept and flagged, never dropped.
    """
    assessed = _date(assessed_on, "assessed_on")
    now = _date(today, "today")
    if assessed > now:
        raise NeedsInputError("assessed_on", _("must not be after today"), ErrorCode.DATE_IN_FUTURE)
    if not isinstance(category, Category):
        raise NeedsInputError("category", _("must be a category"))
    items = [
        PlanItem(
            id=action.action_id,
            domain=need.domain,
            action=action.text,
            role=action.role,
            support_plan_type=action.support_plan_type,
            urgency=action.urgency,
            due_on=due_date(action.urgency, assessed),
            status=ActionStatus.TO_DO,
            reasons=action.reasons,
            origin="triage",
        )
        for need in assessment.needs
        for action in need.actions
    ]
    entitlements = None
    if jurisdiction is not None:
        entitlements = entitlements_list(
            jurisdiction=jurisdiction, category=category, on=now, child=assessment.facts.is_child
        )
    return AssistancePlan(
        assessed_on=assessed, category=category, items=_sorted(items), entitlements=entitlements
    )


def plan_action_add(
    plan: AssistancePlan,
    *,
    domain: Domain,
    action: str,
    role: Role,
    due_on: date | str,
    today: date | str,
    support_plan_type: SupportPlanType,
    urgency: Urgency = Urgency.PLANNED,
) -> AssistancePlan:
    """A new plan with one more action a caseworker added. An action due in the past is refused."""
    if not isinstance(domain, Domain):
        raise NeedsInputError("domain", _("must be a need domain"))
    if not isinstance(action, str) or not action.strip():
        raise NeedsInputError("action", _("is required"), ErrorCode.REQUIRED)
    if not isinstance(role, Role):
        raise NeedsInputError("role", _("must be a role"))
    if not isinstance(support_plan_type, SupportPlanType):
        raise NeedsInputError("support_plan_type", _("must be an HTCDS 2.0 support plan type"))
    due = _date(due_on, "due_on")
    now = _date(today, "today")
    if due < now:
        raise NeedsInputError("due_on", _("must not be in the past"), ErrorCode.DATE_IN_PAST)
    number = 1 + sum(1 for item in plan.items if item.origin == "caseworker")
    item = PlanItem(
        id=f"custom-{number}",
        domain=domain,
        action=action.strip(),
        role=role,
        support_plan_type=support_plan_type,
        urgency=urgency,
        due_on=due,
        status=ActionStatus.TO_DO,
        reasons=(),
        origin="caseworker",
    )
    return replace(plan, items=_sorted([*plan.items, item]))


def plan_action_reschedule(
    plan: AssistancePlan, *, item_id: str, due_on: date | str, today: date | str
) -> AssistancePlan:
    """Move an action's due date; a date in the past is refused."""
    item = plan.item(item_id)
    due = _date(due_on, "due_on")
    if due < _date(today, "today"):
        raise NeedsInputError("due_on", _("must not be in the past"), ErrorCode.DATE_IN_PAST)
    changed = replace(item, due_on=due)
    return replace(plan, items=_sorted([changed if i.id == item_id else i for i in plan.items]))


def plan_action_status_set(
    plan: AssistancePlan, *, item_id: str, status: ActionStatus
) -> AssistancePlan:
    """Record progress, or that the person declined the action (their consent decides)."""
    if not isinstance(status, ActionStatus):
        raise NeedsInputError("status", _("must be an action status"))
    item = plan.item(item_id)
    changed = replace(item, status=status)
    return replace(plan, items=tuple(changed if i.id == item_id else i for i in plan.items))
