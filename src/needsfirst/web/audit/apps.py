from typing import Any

from django.apps import AppConfig
from django.core.exceptions import ValidationError


class AuditConfig(AppConfig):
    name = "needsfirst.web.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Sign-ins and refused pages are reported by the accounts app, which sits below this one.
        from needsfirst.web.accounts.signals import account_event

        account_event.connect(_record_account_event, dispatch_uid="audit.account_event")

        # A refused unlock of another organisation's member shows on that organisation's page
        # (registered here: the accounts app sits below this one).
        from needsfirst.web.audit.services import register_holder_lookup

        register_holder_lookup("user_uuid", "user", _user_holder)


def _user_holder(user_id: str) -> int | None:
    from needsfirst.web.accounts.models import User

    try:
        return User.objects.filter(uuid=user_id).values_list("organisation_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


def _record_account_event(
    sender: Any,
    *,
    actor: Any,
    event: str,
    detail: Any,
    obj: Any = None,
    holder_id: int | None = None,
    **_: Any,
) -> None:
    from needsfirst.web.audit.models import AuditAction
    from needsfirst.web.audit.services import audit_record

    audit_record(
        actor=actor, action=AuditAction(str(event)), detail=detail, obj=obj, holder_id=holder_id
    )
