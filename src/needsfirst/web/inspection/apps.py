from django.apps import AppConfig


class InspectionConfig(AppConfig):
    """Labour inspection: workplaces (private households among them), visits, findings,
    sanctions and their follow-up until paid, and the risk-ranked list of workplaces."""

    name = "needsfirst.web.inspection"
    label = "inspection"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from needsfirst.web.assistance.services import register_reminders
        from needsfirst.web.inspection.reminders import sanction_payment_reminders

        register_reminders(sanction_payment_reminders)
