from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    """The analysts' aggregate view: counts only, small cells suppressed."""

    name = "needsfirst.web.statistics"
    label = "statistics"

    def ready(self) -> None:
        from needsfirst.web.statistics import refresh  # noqa: F401  (connects the receiver)
