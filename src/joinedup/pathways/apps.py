"""Django app configuration for escalation pathways."""

from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "joinedup.pathways"
    label = "pathways"
    verbose_name = "Escalation pathways"

    def ready(self) -> None:
        from joinedup.pathways import dashboard, sections  # noqa: F401  (panel, service page)
