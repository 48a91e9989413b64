"""Reflection periods and the person's choice about cooperating with the police, kept apart:
no cooperation is read when a period is computed.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from needsfirst import needs
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.assistance.models import (
    CooperationRecord,
    ReflectionPeriod,
)
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case
from needsfirst.web.cases.services import case_arg, writes_case
from needsfirst.web.common.errors import as_validation_error


@writes_case("reflection_period_start", case_arg)
@transaction.atomic
def reflection_period_start(
    *,
    actor: Actor,
    case: Case,
    jurisdiction: str,
    starts_on: date,
    variant: str = "default",
    decision_on: date | None = None,
) -> ReflectionPeriod:
    """Record a period computed by the core. No cooperation is read: it cannot change the period."""
    try:
        period = needs.reflection_period_compute(
            jurisdiction=jurisdiction,
            starts_on=starts_on,
            variant=variant or "default",
            decision_on=decision_on,
        )
    except needs.NeedsInputError as error:
        raise as_validation_error(error) from error
    record = ReflectionPeriod.objects.create(
        case=case,
        jurisdiction=period.jurisdiction,
        variant=period.variant,
        starts_on=period.starts_on,
        ends_on=period.last_day,
        open_ended=period.open_ended,
        decision_on=period.decision_on,
        title=period.rule.title[:200],
        length=period.rule.length.describe()[:60],
        length_is=period.rule.length_is.value,
        basis=period.basis,
        source=period.source.cite()[:400],
        source_url=period.source.url[:400],
        effective_from=period.effective_from,
        notes=list(period.notes),
        reminder_dates=[day.isoformat() for day in period.reminders],
        recorded_by=actor.staff,
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=record,
        actor=actor,
        detail={"case": str(case.uuid)},
    )
    return record


@writes_case("cooperation_record", case_arg)
@transaction.atomic
def cooperation_record(
    *,
    actor: Actor,
    case: Case,
    status: str,
    recorded_on: date,
    note: str = "",
) -> CooperationRecord:
    """The person's choice about cooperating with the police, apart from everything else."""
    if recorded_on > timezone.localdate():
        raise ValidationError({"recorded_on": _("This date is in the future.")})
    try:
        needs.CooperationStatus(status)
    except ValueError as error:
        raise ValidationError({"status": _("Choose a value from the list.")}) from error
    record = CooperationRecord.objects.create(
        case=case, status=status, recorded_on=recorded_on, note=note, recorded_by=actor.staff
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=record,
        actor=actor,
        detail={"case": str(case.uuid)},
    )
    return record
