from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The fictitious demo data (`manage.py load_demo`): above every app it fills."""

    name = "needsfirst.web.demo"
    label = "demo"
