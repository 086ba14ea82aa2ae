"""Django app configuration for the directory of teams, services and contacts."""

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "joinedup.directory"
    label = "directory"
    verbose_name = "Directory"

    def ready(self) -> None:
        from joinedup.directory import (  # noqa: F401  (panel and search sync)
            dashboard,
            periodic,
            signals,
        )
