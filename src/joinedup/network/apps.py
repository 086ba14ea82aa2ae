"""Django app configuration for the network of working ties between teams."""

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "joinedup.network"
    label = "network"
    verbose_name = "Network of ties"

    def ready(self) -> None:
        from joinedup.network import (
            event_section,  # noqa: F401  (adds "what this day changed")
            periodic,  # noqa: F401  (registers the periodic job)
        )
        from joinedup.network.cache import connect_signals

        connect_signals()
