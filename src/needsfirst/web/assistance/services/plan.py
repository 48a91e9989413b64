"""The assistance plan: actions a caseworker adds, their status, who carries them out, when.

Every change is judged by the core's rules on the stored plan (`core_plan`).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from needsfirst import needs
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES, User
from needsfirst.web.assistance.models import (
    PlanItem,
)
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case
from needsfirst.web.cases.services import case_arg, case_of_arg, writes_case
from needsfirst.web.common.errors import as_validation_error


def _core_item(item: PlanItem) -> needs.PlanItem:
    return needs.PlanItem(
        id=item.key,
        domain=needs.Domain(item.domain),
        action=item.action,
        role=needs.Role(item.role),
        support_plan_type=needs.SupportPlanType(item.support_plan_type),
        urgency=needs.Urgency(item.urgency),
        due_on=item.due_on,
        status=needs.ActionStatus(item.status),
        reasons=(),
        origin=item.origin,
    )


def core_plan(case: Case, assessed_on: date) -> needs.AssistancePlan:
    """The stored plan as the core's value, so that the core's rules judge every change."""
    items = tuple(_core_item(item) for item in case.plan_items.all())
    return needs.AssistancePlan(
        assessed_on=assessed_on,
        category=needs.Category.ANY_MIGRANT,
        items=items,
        entitlements=None,
    )


@writes_case("plan_action_add", case_arg)
@transaction.atomic
def plan_action_add(
    *,
    actor: Actor,
    case: Case,
    domain: str,
    action: str,
    role: str,
    due_on: date,
    urgency: int,
    support_plan_type: str,
    responsible: User | None = None,
    today: date | None = None,
) -> PlanItem:
    """Add an action a caseworker decided on. A due date in the past is refused on `due_on`."""
    today = today or timezone.localdate()
    if responsible is not None and (
        responsible.organisation_id != case.organisation_id or responsible.role not in CASE_ROLES
    ):
        raise ValidationError({"responsible": _("Choose a member of your own organisation.")})
    before = core_plan(case, today)
    try:
        after = needs.plan_action_add(
            before,
            domain=needs.Domain(domain),
            action=action,
            role=needs.Role(role),
            due_on=due_on,
            today=today,
            support_plan_type=needs.SupportPlanType(support_plan_type),
            urgency=needs.Urgency(int(urgency)),
        )
    except needs.NeedsInputError as error:
        raise as_validation_error(error) from error
    except ValueError as error:
        raise ValidationError(_("A value is not one of the choices.")) from error
    known = {item.id for item in before.items}
    new = next(item for item in after.items if item.id not in known)
    latest = case.needs_assessments.first()
    item = PlanItem.objects.create(
        case=case,
        assessment=latest,
        key=new.id,
        origin="caseworker",
        domain=new.domain.value,
        action=new.action,
        role=new.role.value,
        responsible=responsible,
        due_on=new.due_on,
        urgency=int(new.urgency),
        support_plan_type=new.support_plan_type.value,
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=item,
        actor=actor,
        detail={"case": str(case.uuid)},
    )
    return item


@writes_case("plan_item_status_set", case_of_arg("item"))
@transaction.atomic
def plan_item_status_set(*, actor: Actor, item: PlanItem, status: str) -> PlanItem:
    """Record progress, or that the person declined (their consent decides, CoE Art. 12(7))."""
    try:
        changed = needs.plan_action_status_set(
            core_plan(item.case, timezone.localdate()),
            item_id=item.key,
            status=needs.ActionStatus(status),
        )
    except needs.NeedsInputError as error:
        raise as_validation_error(error) from error
    except ValueError as error:
        raise ValidationError({"status": _("Choose a status from the list.")}) from error
    item.status = changed.item(item.key).status.value
    item.save(update_fields=["status", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=item,
        actor=actor,
        detail={"case": str(item.case.uuid), "fields": ["status"]},
    )
    return item


@writes_case("plan_item_assign", case_of_arg("item"))
@transaction.atomic
def plan_item_assign(*, actor: Actor, item: PlanItem, responsible: User | None) -> PlanItem:
    """Name the staff member who carries out an open action (or nobody: the role stands).

    Only active case staff of the organisation holding the case; refused on `responsible`."""
    case = item.case
    if responsible is not None and (
        responsible.organisation_id != case.organisation_id
        or responsible.role not in CASE_ROLES
        or not responsible.is_active
    ):
        raise ValidationError({"responsible": _("Choose a member of your own organisation.")})
    if not item.is_open:
        raise ValidationError({"responsible": _("This action is no longer open.")})
    before = item.responsible_id
    item.responsible = responsible
    item.save(update_fields=["responsible", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=item,
        actor=actor,
        detail={
            "case": str(case.uuid),
            "fields": ["responsible"],
            "from": before,
            "to": responsible.pk if responsible is not None else None,
        },
    )
    return item


@writes_case("plan_item_reschedule", case_of_arg("item"))
@transaction.atomic
def plan_item_reschedule(
    *,
    actor: Actor,
    item: PlanItem,
    due_on: date,
    today: date | None = None,
) -> PlanItem:
    """Move an action's due date (the core's rule: never into the past, refused on `due_on`)."""
    today = today or timezone.localdate()
    try:
        changed = needs.plan_action_reschedule(
            core_plan(item.case, today), item_id=item.key, due_on=due_on, today=today
        )
    except needs.NeedsInputError as error:
        raise as_validation_error(error) from error
    before = item.due_on
    item.due_on = changed.item(item.key).due_on
    item.save(update_fields=["due_on", "updated_at"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=item,
        actor=actor,
        detail={
            "case": str(item.case.uuid),
            "fields": ["due_on"],
            "from": before.isoformat(),
            "to": item.due_on.isoformat(),
        },
    )
    return item
