from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "needsfirst.web.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from needsfirst.web.accounts import credentials

        credentials.connect()
