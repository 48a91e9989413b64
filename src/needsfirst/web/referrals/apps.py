from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "needsfirst.web.referrals"
    label = "referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Subject access and erasure reach this app's records of a person through the cases app.
        from needsfirst.web.cases.consent_recipients import register_outside_recipients
        from needsfirst.web.cases.exports import register_case_data
        from needsfirst.web.referrals.selectors import outside_recipients

        register_case_data("referrals", "referrals.Referral", "case")
        register_case_data("referral_follow_up", "referrals.FollowUpTask", "referral__case")
        # A consent may name an outside provider of the directory (issue 8, item 2).
        register_outside_recipients(outside_recipients)
