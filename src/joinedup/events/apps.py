"""Django app configuration for events, invitations, RSVPs and check-in."""

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "joinedup.events"
    label = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from joinedup.events import (
            dashboard,  # noqa: F401  (registers the dashboard panel)
            periodic,  # noqa: F401  (registers the periodic jobs)
        )
