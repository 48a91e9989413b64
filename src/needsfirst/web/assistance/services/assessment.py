"""The needs assessment: triage of the answers, and the plan it writes at once, for everyone.

The plan is produced from the needs assessment alone: nothing here reads or waits for screening.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from needsfirst import law, needs
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.assistance.models import (
    OPEN_STATUSES,
    NeedsAssessment,
    PlanItem,
)
from needsfirst.web.assistance.selectors import facts_for
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case, CaseStatus
from needsfirst.web.cases.services import case_arg, case_of_arg, writes_case
from needsfirst.web.common.errors import as_validation_error


def _reasons(reasons: tuple[needs.Reason, ...]) -> list[dict[str, Any]]:
    return [
        {
            "rule_id": reason.rule_id,
            "text": reason.text,
            "urgency": int(reason.urgency),
            "facts": [[name, answer.value] for name, answer in reason.facts],
            "source": reason.source.cite(),
            "url": reason.source.url,
        }
        for reason in reasons
    ]


@writes_case("assessment_record", case_arg)
@transaction.atomic
def assessment_record(
    *,
    actor: Actor,
    case: Case,
    answers: Mapping[str, str],
    assessed_on: date,
    jurisdiction: str,
    category: str = needs.Category.ANY_MIGRANT.key,
    today: date | None = None,
) -> NeedsAssessment:
    """Assess needs and write the plan: one item per suggested action, at once, for everyone.

    Open items of an earlier assessment are kept; a still-open action the new assessment asks
    for again is raised to the new urgency and the earlier due date, never lowered.
    """
    today = today or timezone.localdate()
    try:
        facts = facts_for(case, answers)
        core_category = needs.Category.from_key(category)
        assessment = needs.needs_assess(facts)
        plan = needs.plan_build(
            assessment,
            assessed_on=assessed_on,
            today=today,
            jurisdiction=jurisdiction,
            category=core_category,
        )
    except needs.NeedsInputError as error:
        raise as_validation_error(error) from error
    except ValueError as error:  # Category.from_key
        raise ValidationError({"category": _("Choose a category from the list.")}) from error

    version = (case.needs_assessments.aggregate(n=Max("version"))["n"] or 0) + 1
    record = NeedsAssessment.objects.create(
        case=case,
        answers={name: facts.answer(name).value for name in needs.fact_names()},
        assessed_on=assessed_on,
        assessed_by=actor.staff,
        jurisdiction=jurisdiction.strip().upper(),
        category=core_category.key,
        version=version,
        rules_version=law.rules_version()[:80],
    )
    open_items = {
        item.key: item for item in case.plan_items.filter(origin="triage", status__in=OPEN_STATUSES)
    }
    created = raised = 0
    for core_item in plan.items:
        existing = open_items.get(core_item.id)
        if existing is None:
            PlanItem.objects.create(
                case=case,
                assessment=record,
                key=core_item.id,
                origin="triage",
                domain=core_item.domain.value,
                action=core_item.action,
                role=core_item.role.value,
                due_on=core_item.due_on,
                urgency=int(core_item.urgency),
                support_plan_type=core_item.support_plan_type.value,
                reasons=_reasons(core_item.reasons),
            )
            created += 1
        elif int(core_item.urgency) > existing.urgency or core_item.due_on < existing.due_on:
            existing.urgency = max(existing.urgency, int(core_item.urgency))
            existing.due_on = min(existing.due_on, core_item.due_on)
            existing.reasons = _reasons(core_item.reasons)
            existing.assessment = record
            existing.save()
            raised += 1
    if case.status == CaseStatus.OPEN:
        # Assistance starts with the plan, whatever any screening says or has not said yet.
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.ASSISTANCE)
    audit_record(
        action=AuditAction.CREATE,
        obj=record,
        actor=actor,
        detail={"case": str(case.uuid), "items_created": created, "items_raised": raised},
    )
    return record


@writes_case("category_set", case_of_arg("assessment"))
@transaction.atomic
def category_set(*, actor: Actor, assessment: NeedsAssessment, category: str) -> NeedsAssessment:
    """The category the caseworker chose for the entitlements panel. It changes no need."""
    try:
        assessment.category = needs.Category.from_key(category).key
    except ValueError as error:
        raise ValidationError({"category": _("Choose a category from the list.")}) from error
    assessment.save(update_fields=["category"])
    audit_record(
        action=AuditAction.UPDATE,
        obj=assessment,
        actor=actor,
        detail={"case": str(assessment.case.uuid), "fields": ["category"]},
    )
    return assessment
