"""`audit_record` for services that take an `Actor` (accounts.actor).

Until the services of every app take an actor, this writes the same entry the actor-taking
`audit_record` writes: who (user, organisation, address, browser), did what, to what. Once that
`audit_record(actor=...)` is in place, this becomes a plain call to it.
"""

from __future__ import annotations

from typing import Any

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction, AuditEntry


def audit_actor(
    *,
    actor: Actor,
    action: AuditAction | str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """One entry naming the record by type and identifier, never by its content."""
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(getattr(obj, "uuid", obj.pk))
    return AuditEntry.objects.create(
        actor=actor.user,
        actor_username=actor.username,
        organisation_id=actor.organisation_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail or {},
        ip_address=actor.address,
        user_agent=actor.user_agent,
    )
