"""Writing screenings and authority decisions. Each service is one transaction with its audit.

The engine runs before anything is written: a record it refuses raises ScreeningInputError
and leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from needsfirst.screening import screen
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case
from needsfirst.web.cases.services import case_arg, writes_case
from needsfirst.web.screening.models import AuthorityDecision, Determination, Screening


class ConcurrentEditError(Exception):
    """Someone saved this screening after the form was opened."""


@writes_case("screening_save", case_arg)
@transaction.atomic
def screening_save(
    *,
    actor: Actor,
    case: Case,
    facts: Mapping[str, Any],
    expected_version: int,
) -> tuple[Screening, Determination | None]:
    """Store the facts; when they changed, add a Determination made from them.

    `expected_version` is the version the form was opened at (0: no screening yet).
    Returns the screening and the new determination, or None when the facts were unchanged.
    """
    facts = dict(facts)
    result = screen(facts)  # raises ScreeningInputError before any write
    screening = Screening.objects.select_for_update().filter(case=case).first()
    current = 0 if screening is None else screening.version
    if current != expected_version:
        raise ConcurrentEditError
    if screening is not None and screening.facts == facts:
        audit_record(
            action=AuditAction.UPDATE,
            obj=screening,
            actor=actor,
            detail={"facts_changed": False},
        )
        return screening, None
    if screening is None:
        # Two first saves at once: the row the other one locks does not exist yet, so the
        # unique case decides; the later one is told, as for any concurrent edit (not a 500).
        try:
            with transaction.atomic():
                screening = Screening.objects.create(case=case, facts=facts)
        except IntegrityError as error:
            raise ConcurrentEditError from error
        action = AuditAction.CREATE
    else:
        screening.facts = facts
        screening.version = current + 1
        screening.save(update_fields=["facts", "version", "updated_at"])
        action = AuditAction.UPDATE
    determination = Determination.objects.create(
        screening=screening,
        facts=facts,
        result=result.as_dict(),
        rules_version=result.rules_version,
        as_of=date.fromisoformat(result.as_of),
        label_ids=list(result.label_ids),
        created_by=actor.staff,
    )
    audit_record(
        action=action,
        obj=screening,
        actor=actor,
        detail={"facts_changed": True, "determination": str(determination.uuid)},
    )
    return screening, determination


@writes_case("authority_decision_record", case_arg)
@transaction.atomic
def authority_decision_record(
    *, actor: Actor, case: Case, data: Mapping[str, Any]
) -> AuthorityDecision:
    """Record a competent authority's formal decision, apart from any screening."""
    decision = AuthorityDecision(case=case, recorded_by=actor.staff, **data)
    decision.full_clean()
    if decision.decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("A decision cannot be dated in the future.")})
    decision.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=decision,
        actor=actor,
        detail={"case": str(case.uuid)},
    )
    return decision
