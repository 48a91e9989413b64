from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    """The analysts' aggregate view: counts only, small cells suppressed."""

    name = "needsfirst.web.statistics"
    label = "statistics"
