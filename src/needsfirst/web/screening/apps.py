from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "needsfirst.web.screening"
    label = "screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Subject access and erasure reach this app's records of a person through the cases app.
        from needsfirst.web.cases.exports import register_case_data

        register_case_data("screenings", "screening.Screening", "case")
        register_case_data("screening_determinations", "screening.Determination", "screening__case")
        register_case_data("authority_decisions", "screening.AuthorityDecision", "case")

        # The entitlements panel of the needs pages takes the category an authority decided.
        from needsfirst.web.assistance.selectors import register_authority_status
        from needsfirst.web.screening.selectors import authority_status_latest

        register_authority_status(authority_status_latest)
