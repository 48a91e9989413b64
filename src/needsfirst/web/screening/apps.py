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
