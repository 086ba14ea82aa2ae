"""Run in a `python -m joinedup shell` subprocess: a place, a team taking referrals in Joinedup,
an escalation team, a receiver and one referral sent 30 calendar hours ago (so its reminder and
its escalation are both due). Prints the referral's id."""

import datetime

from django.utils import timezone

from joinedup.core.models import Membership, Place, User
from joinedup.directory.models import Organization, Service, TaxonomyTerm
from joinedup.directory.taxonomies import ensure_taxonomies, need_id
from joinedup.pathways.models import Pathway, PathwayVersion, Step
from joinedup.referrals.models import ReceiverTeam
from joinedup.referrals.services import send_referral

ensure_taxonomies()
place = Place.objects.create(name="Ilford (Redbridge)", slug="ilford", local_authority="Redbridge")
org = Organization.objects.create(place=place, name="London Borough of Redbridge")
team = Service.objects.create(
    place=place, organization=org, name="Ilford Early Help", email="earlyhelp@redbridge.example"
)
mash = Service.objects.create(
    place=place, organization=org, name="Ilford MASH", email="mash@redbridge.example"
)
need = TaxonomyTerm.objects.get(pk=need_id("child-at-risk"))
pathway = Pathway.objects.create(place=place, need=need, title="A child may be at risk")
version = PathwayVersion.objects.create(
    place=place, pathway=pathway, number=1, status="published", title=pathway.title
)
step = Step.objects.create(
    place=place,
    version=version,
    code="car-2",
    level=2,
    route_how="joinedup",
    response_hours=1,
    escalate_to=mash,
)
step.services.set([team])
referrer = User.objects.create_user(
    email="priya@nhs.example", password="x", full_name="Priya Practitioner"
)
Membership.objects.create(user=referrer, place=place, role="practitioner")
receiver = User.objects.create_user(
    email="rory@redbridge.example", password="x", full_name="Rory Receiver"
)
Membership.objects.create(user=receiver, place=place, role="receiver")
ReceiverTeam.objects.create(place=place, user=receiver, service=team)
referral = send_referral(
    place=place,
    referrer=referrer,
    to_service=team,
    need=need,
    level=2,
    step=step,
    source="plan",
    person_name="Quillon Zephyrine-Example",
    person_contact="07700 900777",
    consent="given",
    referrer_contact="020 7946 0777",
    reason="Quillon has not been seen at school since the half term.",
    now=timezone.now() - datetime.timedelta(hours=30),
)
print(referral.pk)
