from django.apps import AppConfig
from django.core.exceptions import ValidationError


def _referral_holder(referral_id: str) -> int | None:
    from needsfirst.web.nrm.models import NrmReferral

    try:
        found = NrmReferral.objects.filter(uuid=referral_id)
        return found.values_list("case__organisation_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


class NrmConfig(AppConfig):
    name = "needsfirst.web.nrm"
    label = "nrm"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Subject access and erasure reach what a referral carries through the cases app.
        from needsfirst.web.audit.services import register_holder_lookup
        from needsfirst.web.cases.exports import register_case_data

        register_case_data("nrm_referrals", "nrm.NrmReferral", "case")
        register_case_data("nrm_decisions", "nrm.NrmDecision", "referral__case")
        register_case_data("nrm_challenges", "nrm.NrmChallenge", "decision__referral__case")
        register_holder_lookup("nrm_uuid", "nrmreferral", _referral_holder)
