from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """HTCDS 2.0 export and import of an organisation's records (docs/data-exchange.md)."""

    name = "needsfirst.web.exchange"
    label = "exchange"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from needsfirst.web.cases.exports import register_case_data

        # What a file told about the person's case: in their subject access export, and
        # erased with them.
        register_case_data("exchange_victim_context", "exchange.VictimContext", "case")
        register_case_data("outside_screenings", "exchange.OutsideScreening", "case")
