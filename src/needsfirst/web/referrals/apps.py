from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "needsfirst.web.referrals"
    label = "referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Subject access and erasure reach this app's records of a person through the cases app.
        from needsfirst.web.cases.exports import register_case_data

        register_case_data("referrals", "referrals.Referral", "case")
        register_case_data("referral_follow_up", "referrals.FollowUpTask", "referral__case")

        # The daily reminder job of the assistance app also reminds of follow-up tasks.
        from needsfirst.web.assistance.services import register_reminders
        from needsfirst.web.referrals.reminders import follow_up_reminders

        register_reminders(follow_up_reminders)
