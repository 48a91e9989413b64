from typing import Any

from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    """Recruiters, employers and sponsors (the registry), and the migrant's public pages."""

    name = "needsfirst.web.recruitment"
    label = "recruitment"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The offer checker's error codes get messages in the reader's language at the error
        # edge, like the needs and wages codes (common does not import the apps above it).
        from needsfirst.recruitment import OfferErrorCode
        from needsfirst.web.cases.exports import register_case_data
        from needsfirst.web.common.errors import CATALOGUES
        from needsfirst.web.recruitment.errors import offer_messages

        CATALOGUES[OfferErrorCode] = offer_messages
        # Tagalog, a public-page language (issue 9), is not in Django's own language table.
        from django.conf.locale import LANG_INFO

        LANG_INFO.setdefault(
            "tl", {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"}
        )
        # Once a case is opened from a request for help, the request (its contact details and
        # message) is part of what the person can ask to see and to have erased.
        register_case_data("help_requests", "recruitment.HelpRequest", "case")
        # The inspection app links workplaces to registry entries through this look-up.
        from needsfirst.web.common.registry_links import register_registry_links
        from needsfirst.web.recruitment.links import RecruiterRegistryLinks

        register_registry_links(RecruiterRegistryLinks())
        # The recruiters, employers and others the case names, with their registry status on
        # the day of the export (the holder's exports only: exports are the holder's).
        register_case_data("parties", "recruitment.CaseParty", "case", _parties_export)


def _parties_export(case: Any) -> list[dict[str, Any]]:
    from django.utils import timezone

    from needsfirst.web.recruitment.selectors import case_parties_on

    today = timezone.localdate()
    return [party.export() for party in case_parties_on(case_id=case.pk, on=today)]
