from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "joinedup.core"
    label = "core"
    verbose_name = "Places, people and audit"

    def ready(self) -> None:
        from joinedup.core import (
            periodic,  # noqa: F401  (registers the periodic jobs)
            signals,  # noqa: F401  (connects the sign-in audit receivers)
        )
