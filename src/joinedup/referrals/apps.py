"""Django app configuration for referrals."""

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "joinedup.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from joinedup.referrals import dashboard, periodic, rules, sections  # noqa: F401  (registries)
