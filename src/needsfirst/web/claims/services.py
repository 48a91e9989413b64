"""Writes of the wage claim: each one transaction with its audit entry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from needsfirst import law
from needsfirst.i18n import Text
from needsfirst.wages import Claim
from needsfirst.wages.render import claim_to_data
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case
from needsfirst.web.claims.models import WageClaim


def _stored(message: str) -> Any:
    """A sentence as it is stored: its message id and parameters, so it reads again in any
    language."""
    return message.as_json() if isinstance(message, Text) else message


def claim_record(claim: Claim) -> dict[str, Any]:
    """The computed claim as stored: `claim_to_data`, with each sentence kept as a message."""
    data = claim_to_data(claim)
    for row, line in zip(data["lines"], claim.lines, strict=True):
        row["arithmetic"] = _stored(line.arithmetic)
    data["notes"] = [_stored(note) for note in claim.notes]
    return data


@transaction.atomic
def wage_claim_save(
    *,
    actor: Actor,
    case: Case,
    facts: Mapping[str, Any],
    claim: Claim,
) -> WageClaim:
    """Save the claim on the case as a new version; the earlier ones stay as its history.

    `facts` are the entries (the claim layout plus the employer's name); `claim` is what the
    core computed from them, checked by the caller."""
    saved = WageClaim.objects.create(
        case=case,
        facts=dict(facts),
        result=claim_record(claim),
        rules_version=law.rules_version(),
        created_by=actor.staff,
    )
    audit_record(
        action=AuditAction.CREATE,
        obj=saved,
        actor=actor,
        detail={"case": str(case.uuid), "lines": len(claim.lines)},
    )
    return saved
