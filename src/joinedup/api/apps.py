"""Django app configuration for the API."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "joinedup.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from joinedup.api import dashboard  # noqa: F401  (registers the dashboard panel)
