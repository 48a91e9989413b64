from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    """Recruiters, employers and sponsors (the registry), and the migrant's public pages."""

    name = "needsfirst.web.recruitment"
    label = "recruitment"
    default_auto_field = "django.db.models.BigAutoField"
