"""`audit_actor`: the name the inspection and remedy code used for the actor-taking audit
before `audit_record(actor=...)` landed; now a plain call to it."""

from __future__ import annotations

from typing import Any

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.audit.services import audit_record


def audit_actor(
    *,
    actor: Actor,
    action: AuditAction | str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    return audit_record(
        actor=actor,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )
