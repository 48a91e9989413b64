from django.apps import AppConfig
from django.core.exceptions import ValidationError


def _handover_holder(handover_id: str) -> int | None:
    from needsfirst.web.handover.models import Handover

    try:
        found = Handover.objects.filter(uuid=handover_id)
        return found.values_list("case__organisation_id", flat=True).first()
    except (ValueError, TypeError, ValidationError):
        return None


class HandoverConfig(AppConfig):
    name = "needsfirst.web.handover"
    label = "handover"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from needsfirst.web.assistance.services import register_reminders
        from needsfirst.web.audit.services import register_holder_lookup
        from needsfirst.web.cases.exports import register_case_data
        from needsfirst.web.handover.reminders import follow_up_reminders

        # Subject access and erasure reach the hand-overs of a case and their follow-ups.
        register_case_data("handovers", "handover.Handover", "case")
        register_case_data("handover_follow_ups", "handover.FollowUp", "handover__new_case")
        # The daily reminder job reminds the receiving organisation of follow-ups due.
        register_reminders(follow_up_reminders)
        # A refused request for another organisation's hand-over shows on its audit page.
        register_holder_lookup("handover_uuid", "handover", _handover_holder)
