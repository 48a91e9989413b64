"""Reading the audit trail: an organisation's own entries, newest first."""

from __future__ import annotations

from django.db.models import QuerySet

from needsfirst.web.accounts.models import Role, User
from needsfirst.web.audit.models import AuditEntry


def audit_entries_visible_to(user: User) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.select_related("actor")
    if user.role == Role.SYSTEM_ADMIN:
        return entries.all()
    return entries.filter(organisation=user.organisation)
