from django.apps import AppConfig


class DedupConfig(AppConfig):
    """Duplicate people inside one organisation: the model's job, the review, merge and undo."""

    name = "needsfirst.web.dedup"
    label = "dedup"
    default_auto_field = "django.db.models.BigAutoField"
