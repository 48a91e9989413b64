"""The audit call of this app, taking an `Actor` (the shape every service is moving to).

Main's `audit_record` still takes a request; this adapter hands it what it reads from one (the
user, the address, the user agent), so the services here already take `actor=`. When the actor
conversion lands, this becomes a direct call of `audit_record(actor=...)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.audit.services import audit_record


@dataclass(frozen=True)
class _RequestLike:
    user: Any
    META: dict[str, str] = field(default_factory=dict)


def audit(
    *,
    actor: Actor,
    action: AuditAction,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    meta = {"HTTP_USER_AGENT": actor.user_agent}
    if actor.address:
        meta["REMOTE_ADDR"] = actor.address
    return audit_record(
        request=_RequestLike(user=actor.user, META=meta),  # type: ignore[arg-type]
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
        actor=actor.user,
    )
