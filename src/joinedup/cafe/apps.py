"""Django app configuration for the world café planner."""

from django.apps import AppConfig


class CafeConfig(AppConfig):
    name = "joinedup.cafe"
    label = "cafe"
    verbose_name = "World café planner"

    def ready(self) -> None:
        from joinedup.cafe import (
            dashboard,  # noqa: F401  (registers the dashboard panel)
            rules,  # noqa: F401  (registers the per-object rules)
        )
