from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "needsfirst.web.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A key rotation rebuilds the blind index of names: the common app runs what we register.
        from needsfirst.web.cases.services import people_reindex_all
        from needsfirst.web.common.rotation import register_after_rotation

        register_after_rotation(people_reindex_all)
