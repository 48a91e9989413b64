from django.apps import AppConfig
from django.core.exceptions import ValidationError


def _case_holder(case_id: str) -> int | None:
    from needsfirst.web.cases.models import Case

    try:
        return Case.objects.filter(uuid=case_id).values_list("organisation_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


class CasesConfig(AppConfig):
    name = "needsfirst.web.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A key rotation rebuilds the blind index of names: the common app runs what we register.
        from needsfirst.web.cases.services import people_reindex_all
        from needsfirst.web.common.rotation import register_after_rotation

        register_after_rotation(people_reindex_all)

        from needsfirst.web.audit.services import register_holder_lookup

        # A refused request for another organisation's case shows on that organisation's
        # audit page (pages name it `case_uuid`, the API `case_id`).
        register_holder_lookup("case_uuid", "case", _case_holder)
        register_holder_lookup("case_id", "case", _case_holder)
