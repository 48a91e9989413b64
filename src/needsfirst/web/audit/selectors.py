"""Reading the audit trail: an organisation's own entries, newest first."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from needsfirst.web.accounts.models import Role, User
from needsfirst.web.audit.models import AuditEntry


def audit_entries_visible_to(user: User) -> QuerySet[AuditEntry]:
    """The organisation's own entries, and those of others touching its records: a partner
    reading a case it shares, someone refused one of its records."""
    entries = AuditEntry.objects.select_related("actor", "organisation")
    if user.role == Role.SYSTEM_ADMIN:
        return entries.all()
    if user.organisation_id is None:
        return entries.none()
    return entries.filter(Q(organisation=user.organisation) | Q(holder=user.organisation))


def audit_entry_lists(user: User) -> list[QuerySet[AuditEntry]]:
    """The same entries as `audit_entries_visible_to`, as lists that do not overlap, each read
    through its own index (organisation or holder, then time): the audit page reads a page of
    each and merges them, so a page costs the same however long the trail."""
    entries = AuditEntry.objects.select_related("actor", "organisation")
    if user.role == Role.SYSTEM_ADMIN:
        return [entries.all()]
    if user.organisation_id is None:
        return [entries.none()]
    return [
        entries.filter(organisation=user.organisation),
        entries.filter(holder=user.organisation).exclude(organisation=user.organisation),
    ]
