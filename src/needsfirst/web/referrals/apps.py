from django.apps import AppConfig
from django.core.exceptions import ValidationError


def _referral_holder(referral_id: str) -> int | None:
    from needsfirst.web.referrals.models import Referral

    try:
        found = Referral.objects.filter(uuid=referral_id)
        return found.values_list("case__organisation_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


def _provider_holder(provider_id: str) -> int | None:
    from needsfirst.web.referrals.models import ServiceProvider

    try:
        return (
            ServiceProvider.objects.filter(uuid=provider_id)
            .values_list("owner_id", flat=True)
            .first()
        )
    except (ValueError, TypeError, ValidationError):
        return None


class ReferralsConfig(AppConfig):
    name = "needsfirst.web.referrals"
    label = "referrals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Subject access and erasure reach this app's records of a person through the cases app.
        from needsfirst.web.audit.services import register_holder_lookup
        from needsfirst.web.cases.consent_recipients import register_outside_recipients
        from needsfirst.web.cases.exports import register_case_data
        from needsfirst.web.referrals.selectors import outside_recipients

        register_case_data("referrals", "referrals.Referral", "case")
        register_case_data("referral_follow_up", "referrals.FollowUpTask", "referral__case")

        # The daily reminder job of the assistance app also reminds of follow-up tasks.
        from needsfirst.web.assistance.services import register_reminders
        from needsfirst.web.referrals.reminders import follow_up_reminders

        register_reminders(follow_up_reminders)
        # A consent may name an outside provider of the directory (issue 8, item 2).
        register_outside_recipients(outside_recipients)
        # A refused request for another organisation's referral or entry shows on its audit page.
        register_holder_lookup("referral_uuid", "referral", _referral_holder)
        register_holder_lookup("provider_uuid", "serviceprovider", _provider_holder)
