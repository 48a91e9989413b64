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
