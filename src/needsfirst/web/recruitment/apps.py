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
        # Once a case is opened from a request for help, the request (its contact details and
        # message) is part of what the person can ask to see and to have erased.
        register_case_data("help_requests", "recruitment.HelpRequest", "case")
        # The inspection app links workplaces to registry entries through this look-up.
        from needsfirst.web.common.registry_links import register_registry_links
        from needsfirst.web.recruitment.links import RecruiterRegistryLinks

        register_registry_links(RecruiterRegistryLinks())
