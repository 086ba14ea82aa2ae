"""The worker runs referrals' sweep and erasure as periodic jobs (core/schedule.py)."""

import datetime

import pytest
from django.utils import timezone

from joinedup.core import schedule


def test_referrals_jobs_are_registered_with_their_periods():
    assert schedule.JOBS["referrals.due_referral_reminders"].every == datetime.timedelta(minutes=5)
    assert schedule.JOBS["referrals.retention"].every == datetime.timedelta(hours=6)


@pytest.mark.django_db
def test_the_referrals_jobs_run_and_say_what_they_did():
    done = schedule.run_due(
        now=timezone.now(), names={"referrals.due_referral_reminders", "referrals.retention"}
    )
    assert done == {
        "referrals.due_referral_reminders": {"reminded": 0, "escalated": 0, "expired": 0},
        "referrals.retention": {"erased": 0},
    }
