"""Writing audit entries. Every view, change and export of personal data calls `audit_record`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from needsfirst.web.audit.models import AuditAction, AuditEntry


def client_address(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR only: a forwarded header is set by the client and proves nothing, unless a
    # trusted proxy rewrites REMOTE_ADDR (see docs/operations.md).
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    request: HttpRequest | None,
    action: AuditAction,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    detail: dict[str, Any] | None = None,
    actor: Any = None,
) -> AuditEntry:
    user = actor if actor is not None else getattr(request, "user", None)
    authenticated = bool(user is not None and getattr(user, "is_authenticated", False))
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(getattr(obj, "uuid", obj.pk))
    return AuditEntry.objects.create(
        actor=user if authenticated else None,
        actor_username=getattr(user, "username", "") if authenticated else "",
        organisation=getattr(user, "organisation", None) if authenticated else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail or {},
        ip_address=client_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:200] if request else ""),
    )
