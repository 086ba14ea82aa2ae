"""Django app configuration for case studies and table capture."""

from django.apps import AppConfig


class CaseStudiesConfig(AppConfig):
    name = "joinedup.casestudies"
    label = "casestudies"
    verbose_name = "Case studies"

    def ready(self) -> None:
        from joinedup.casestudies import (
            dashboard,  # noqa: F401  (the dashboard panel)
            rules,  # noqa: F401  (registers the per-object rules)
        )
