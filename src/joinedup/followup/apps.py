"""Django app configuration for follow-up: actions, feedback, the event report and insight."""

from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "joinedup.followup"
    label = "followup"
    verbose_name = "Follow-up"

    def ready(self) -> None:
        from joinedup.followup import (
            dashboard,  # noqa: F401  (registers the dashboard panel)
            periodic,  # noqa: F401  (registers the periodic jobs)
            rules,  # noqa: F401  (registers the per-object rules)
        )
