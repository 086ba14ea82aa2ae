"""Helpers for referral tests: a published step routing to Joinedup, a receiver, a referral."""

import datetime

from joinedup.pathways.models import PathwayVersion, Step
from joinedup.referrals import services
from joinedup.referrals.models import ReceiverTeam, Referral
from tests.directory.factories import need
from tests.pathways.factories import PathwayFactory, StepFactory, VersionFactory

# A Monday morning in term time, Europe/London (GMT in January): 10:00 local.
MONDAY_10AM = datetime.datetime(2026, 1, 12, 10, 0, tzinfo=datetime.UTC)


def joinedup_step(
    *, place, services, level=2, hours=16, escalate_to=None, need_code="child-at-risk"
):
    """A step routed through Joinedup in the need's published pathway version (made if new)."""
    version = PathwayVersion.objects.filter(
        place=place, pathway__need=need(need_code), status=PathwayVersion.Status.PUBLISHED
    ).first()
    if version is None:
        pathway = PathwayFactory(place=place, need=need(need_code))
        version = VersionFactory(pathway=pathway, status=PathwayVersion.Status.PUBLISHED)
    return StepFactory(
        version=version,
        level=level,
        services=services,
        route_how=Step.How.JOINEDUP,
        route_detail="Refer in Joinedup",
        response_hours=hours,
        escalate_to=escalate_to,
    )


def receiver_for(*, user, service) -> ReceiverTeam:
    return ReceiverTeam.objects.create(place=service.place, user=user, service=service)


def send(
    *,
    place,
    referrer,
    to_service,
    step=None,
    now=None,
    level=2,
    name="Jamie Example",
    need_code="child-at-risk",
    **extra,
):
    """Send a referral with sensible fictional details (override any with keyword arguments)."""
    fields = {
        "person_name": name,
        "person_contact": "07700 900123",
        "consent": Referral.Consent.GIVEN,
        "referrer_contact": "020 7946 0123",
        "reason": "Attendance has fallen to 60% this term and the parent asked for help.",
        "how_to_engage": "Call after 3pm; the parent prefers Urdu.",
        **extra,
    }
    return services.send_referral(
        place=place,
        referrer=referrer,
        to_service=to_service,
        need=need(need_code),
        level=level,
        step=step,
        source=Referral.Source.PLAN if step else Referral.Source.SERVICE,
        now=now or MONDAY_10AM,
        **fields,
    )
