from django.apps import AppConfig


class LinkageConfig(AppConfig):
    """An organisation's keyed Bloom-filter encodings for linkage across organisations."""

    name = "needsfirst.web.linkage"
    label = "linkage"
