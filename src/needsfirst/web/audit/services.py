"""Writing audit entries. Every view, change and export of personal data calls `audit_record`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction, AuditEntry

# URL keyword -> (record type, lookup of the organisation holding the record with that id).
# The apps that own the records register them (in `ready()`), the users' by the audit app itself
# (accounts sits below audit).
HolderLookup = Callable[[str], "int | None"]
_HOLDER_LOOKUPS: dict[str, tuple[str, HolderLookup]] = {}


def register_holder_lookup(url_kwarg: str, object_type: str, lookup: HolderLookup) -> None:
    """Say how to find which organisation holds the record named by `url_kwarg` in a URL, so a
    refused request for it is shown on that organisation's audit page too."""
    _HOLDER_LOOKUPS[url_kwarg] = (object_type, lookup)


def _holder_id(obj: Any) -> int | None:
    """The organisation holding a case, a person or a record of a case (note, consent,
    referral, task...); None for records that belong to no case (a directory entry)."""
    if obj is None:
        return None
    if obj._meta.model_name in {"case", "person"}:
        return obj.organisation_id
    for path in ("case", "referral"):
        if getattr(obj, f"{path}_id", None) is not None:
            return _holder_id(getattr(obj, path))
    return None


def audit_record(
    *,
    actor: Actor,
    action: AuditAction | str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    detail: dict[str, Any] | None = None,
    holder_id: int | None = None,
) -> AuditEntry:
    """One entry: who (`actor`, with the address and browser it came from), did what, to what.

    The entry names the record by type and identifier, never by its content."""
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(getattr(obj, "uuid", obj.pk))
        holder_id = holder_id if holder_id is not None else _holder_id(obj)
    return AuditEntry.objects.create(
        actor=actor.user,
        actor_username=actor.username,
        organisation_id=actor.organisation_id,
        holder_id=holder_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail or {},
        ip_address=actor.address,
        user_agent=actor.user_agent,
    )


def audit_not_found(*, actor: Actor, where: str, url_kwargs: Mapping[str, Any]) -> None:
    """A signed-in user was answered "not found": another organisation's id, or a guessed one.

    The entry names the view and the ids of the URL (random ids, never personal data). When the
    id is a record of another organisation, that organisation's audit page shows it too.
    """
    if actor.user is None:
        return
    object_type, object_id, holder_id = "", "", None
    for name, value in url_kwargs.items():
        if name in _HOLDER_LOOKUPS:
            object_type, lookup = _HOLDER_LOOKUPS[name]
            object_id = str(value)[:64]
            holder_id = lookup(object_id)
            break
    audit_record(
        actor=actor,
        action=AuditAction.ACCESS_DENIED,
        object_type=object_type,
        object_id=object_id,
        holder_id=holder_id,
        detail={
            "view": where,
            "answer": "not_found",
            "exists": holder_id is not None,
        },
    )
