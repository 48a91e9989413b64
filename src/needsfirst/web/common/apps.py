from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "needsfirst.web.common"
    label = "common"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from needsfirst.web.common import checks  # noqa: F401  (registers the deploy checks)
