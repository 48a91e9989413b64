from typing import Any

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "needsfirst.web.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Sign-ins and refused pages are reported by the accounts app, which sits below this one.
        from needsfirst.web.accounts.signals import account_event

        account_event.connect(_record_account_event, dispatch_uid="audit.account_event")


def _record_account_event(sender: Any, *, actor: Any, event: str, detail: Any, **_: Any) -> None:
    from needsfirst.web.audit.models import AuditAction
    from needsfirst.web.audit.services import audit_record

    audit_record(actor=actor, action=AuditAction(str(event)), detail=detail)
