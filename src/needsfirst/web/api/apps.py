from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "needsfirst.web.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from needsfirst.web.api import (
            events,
            schema,  # noqa: F401 (registers the token's scheme)
        )

        events.connect()
