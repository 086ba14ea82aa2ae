"""Erase the personal details of referrals closed longer ago than the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand

from joinedup.referrals.services import erase_referral_details


class Command(BaseCommand):
    help = (
        "Erase the person's details of every referral closed more than "
        "JOINEDUP_REFERRAL_RETENTION_DAYS days ago (each erasure is audited)."
    )

    def handle(self, *args, **options):
        erased = erase_referral_details()
        self.stdout.write(
            f"{erased} referrals erased (retention {settings.REFERRAL_RETENTION_DAYS} days)"
        )
