from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """HTCDS 2.0 export and import of an organisation's records (docs/data-exchange.md)."""

    name = "needsfirst.web.exchange"
    label = "exchange"
    default_auto_field = "django.db.models.BigAutoField"
