from django.apps import AppConfig
from django.core.exceptions import ValidationError


def _user_holder(user_id: str) -> int | None:
    from needsfirst.web.accounts.models import User

    try:
        return User.objects.filter(uuid=user_id).values_list("organisation_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


class AccountsConfig(AppConfig):
    name = "needsfirst.web.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from needsfirst.web.audit.services import register_holder_lookup

        # A refused unlock of another organisation's member shows on that organisation's page.
        register_holder_lookup("user_uuid", "user", _user_holder)
