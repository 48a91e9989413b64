from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "needsfirst.web.assistance"
    label = "assistance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Subject access and erasure reach this app's records of a person through the cases app.
        from needsfirst.web.cases.exports import register_case_data

        register_case_data("needs_assessments", "assistance.NeedsAssessment", "case")
        register_case_data("assistance_plan", "assistance.PlanItem", "case")
        register_case_data("reflection_periods", "assistance.ReflectionPeriod", "case")
        register_case_data("cooperation_records", "assistance.CooperationRecord", "case")

        # A user is told when a credential of theirs changes (accounts cannot import this app).
        from needsfirst.web.accounts.signals import credential_changed
        from needsfirst.web.assistance.services.notifications import credential_notify

        credential_changed.connect(credential_notify, dispatch_uid="credential-notify")
