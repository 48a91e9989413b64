from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    """Wage and fee claims: the claim page, the saved claim documents and their PDF."""

    name = "needsfirst.web.claims"
    label = "claims"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Subject access and erasure reach the saved claims through the cases app.
        from needsfirst.web.cases.exports import register_case_data

        register_case_data("wage_claims", "claims.WageClaim", "case")
        register_case_data("claim_matters", "claims.ClaimMatter", "case")

        # The daily reminder job of the assistance app also warns of claim deadlines.
        from needsfirst.web.assistance.services import register_reminders
        from needsfirst.web.claims.reminders import claim_deadline_reminders

        register_reminders(claim_deadline_reminders)
