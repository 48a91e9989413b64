"""Writes of the registry. Keyword-only, taking an `Actor`; no HTTP here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from needsfirst.protect.names import index_keys
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES, Role
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case
from needsfirst.web.cases.services import case_check_writable
from needsfirst.web.recruitment.importing import ListedRow, RowError, parse_licence_list
from needsfirst.web.recruitment.models import (
    CaseParty,
    Certification,
    EventKind,
    Licence,
    PartyRole,
    Recruiter,
    RecruiterNameKey,
    RegistryEvent,
    licence_key,
)

IMPORT_ROLES = frozenset({Role.ORGANISATION_ADMIN, Role.SYSTEM_ADMIN})


@dataclass(frozen=True)
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: tuple[RowError, ...] = ()

    @property
    def imported(self) -> bool:
        return not self.errors


def recruiter_name_keys_refresh(*, recruiter: Recruiter) -> None:
    """Re-derive the look-up keys from the name and transliterations."""
    keys = index_keys(recruiter.name, *recruiter.transliterations)
    RecruiterNameKey.objects.filter(recruiter=recruiter).exclude(key__in=keys).delete()
    existing = set(
        RecruiterNameKey.objects.filter(recruiter=recruiter).values_list("key", flat=True)
    )
    RecruiterNameKey.objects.bulk_create(
        [RecruiterNameKey(recruiter=recruiter, key=key) for key in sorted(keys - existing)]
    )


def _certify(recruiter: Recruiter, row: ListedRow, *, source_title: str, source_url: str) -> bool:
    """Record the certification the list gives (once per scheme and source); True if changed."""
    if not row.certification:
        return False
    found = Certification.objects.filter(
        recruiter=recruiter, scheme=row.certification, source_title=source_title
    ).first()
    if found is None:
        Certification.objects.create(
            recruiter=recruiter,
            scheme=row.certification,
            valid_until=row.certified_until,
            source_title=source_title,
            source_url=source_url,
        )
        return True
    if found.valid_until != row.certified_until:
        found.valid_until = row.certified_until
        found.save(update_fields=["valid_until"])
        return True
    return False


def _apply(row: ListedRow, *, authority: str, source_title: str, source_url: str) -> str:
    """Create or update one listed licence; 'created', 'updated' or 'unchanged'."""
    key = licence_key(row.licence_number)
    licence = (
        Licence.objects.select_related("recruiter")
        .filter(authority=authority, number_key=key)
        .first()
    )
    wanted_recruiter: dict[str, Any] = {
        "name": row.name,
        "kind": row.kind,
        "transliterations": list(row.transliterations),
        "countries": list(row.countries),
        "sectors": list(row.sectors),
    }
    wanted_licence: dict[str, Any] = {
        "number": row.licence_number,
        "status": row.status,
        "valid_from": row.valid_from,
        "valid_until": row.valid_until,
        "source_title": source_title,
        "source_url": source_url,
    }
    today = timezone.localdate()
    if licence is None:
        recruiter = Recruiter.objects.create(**wanted_recruiter)
        recruiter_name_keys_refresh(recruiter=recruiter)
        Licence.objects.create(
            recruiter=recruiter,
            authority=authority,
            number_key=key,
            imported_on=today,
            **wanted_licence,
        )
        _certify(recruiter, row, source_title=source_title, source_url=source_url)
        return "created"
    recruiter = licence.recruiter
    changed = False
    for name, value in wanted_recruiter.items():
        if getattr(recruiter, name) != value:
            setattr(recruiter, name, value)
            changed = True
    if changed:
        recruiter.save()
        recruiter_name_keys_refresh(recruiter=recruiter)
    licence_changed = False
    for field_name, field_value in wanted_licence.items():
        if getattr(licence, field_name) != field_value:
            setattr(licence, field_name, field_value)
            licence_changed = True
    if licence_changed:
        licence.imported_on = today
        licence.save()
    certified = _certify(recruiter, row, source_title=source_title, source_url=source_url)
    return "updated" if changed or licence_changed or certified else "unchanged"


def licence_list_import(
    *,
    actor: Actor,
    data: bytes,
    mapping: Mapping[str, str],
    authority: str,
    source_title: str,
    source_url: str = "",
) -> ImportReport:
    """Import a licensing authority's list: all rows or none.

    The whole file is checked first; if any row is rejected nothing is written and the report
    lists every rejected row with its field and reason. Importing the same list again changes
    nothing (rows are matched on authority and licence number).
    """
    if actor.user is not None and actor.role not in IMPORT_ROLES:
        audit_record(
            actor=actor, action=AuditAction.ACCESS_DENIED, detail={"view": "licence_list_import"}
        )
        raise PermissionDenied
    authority = " ".join(authority.split())
    if not authority:
        return ImportReport(
            errors=(RowError(0, "authority", "the licensing authority is required"),)
        )
    if not source_title.strip():
        return ImportReport(errors=(RowError(0, "source_title", "say where the list comes from"),))
    parsed = parse_licence_list(data, mapping)
    if parsed.errors:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="licence_list",
            detail={"rejected_rows": len({error.row for error in parsed.errors}), "imported": 0},
        )
        return ImportReport(errors=tuple(parsed.errors))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for row in parsed.rows:
            counts[
                _apply(row, authority=authority, source_title=source_title, source_url=source_url)
            ] += 1
        audit_record(
            actor=actor, action=AuditAction.CREATE, object_type="licence_list", detail=counts
        )
    return ImportReport(
        created=counts["created"], updated=counts["updated"], unchanged=counts["unchanged"]
    )


def registry_event_add(
    *,
    actor: Actor,
    recruiter: Recruiter,
    kind: EventKind,
    on: date,
    summary: str,
    source_title: str,
    source_url: str = "",
) -> RegistryEvent:
    """Record a dated, sourced complaint, inspection finding or sanction about a recruiter."""
    if actor.role not in IMPORT_ROLES:
        audit_record(
            actor=actor, action=AuditAction.ACCESS_DENIED, detail={"view": "registry_event_add"}
        )
        raise PermissionDenied
    event = RegistryEvent.objects.create(
        recruiter=recruiter,
        kind=kind,
        on=on,
        summary=" ".join(summary.split())[:500],
        source_title=source_title,
        source_url=source_url,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=event, object_id=str(event.pk))
    return event


def case_party_add(
    *, actor: Actor, recruiter: Recruiter, case_reference: str, role: str
) -> CaseParty:
    """Record that a case of the actor's organisation names this recruiter, in this role.

    Only a case the actor's organisation holds can be linked; any other reference gets the same
    answer as one that does not exist, so nothing is revealed about other organisations' cases.
    """
    if actor.role not in CASE_ROLES or actor.organisation_id is None:
        audit_record(
            actor=actor, action=AuditAction.ACCESS_DENIED, detail={"view": "case_party_add"}
        )
        raise PermissionDenied
    if role not in PartyRole.values:
        raise ValidationError({"role": _("Choose the part this party played.")})
    case = Case.objects.filter(
        organisation_id=actor.organisation_id, reference=case_reference.strip().upper()
    ).first()
    if case is None:
        raise ValidationError(
            {"case_reference": _("No case of your organisation has this reference.")}
        )
    case_check_writable(actor=actor, case=case, what="case_party_add")
    link, _created = CaseParty.objects.get_or_create(
        case=case, recruiter=recruiter, role=role, defaults={"recorded_by": actor.user}
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=case,
        detail={"recruiter": str(recruiter.uuid), "role": role},
    )
    return link
