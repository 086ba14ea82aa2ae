"""`load_demo` on a demo database that a person has used: it fails on nothing, changes nothing a
person did, re-plans nothing, and the demo still serves (issue 17, item 0)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from joinedup.cafe.models import CafeTable, Plan
from joinedup.casestudies.models import CaseStudy
from joinedup.core.demo import load_demo
from joinedup.core.models import User
from joinedup.directory.models import Contact, Organization
from joinedup.events.models import Event, Invitation
from joinedup.followup.models import Action


def _use_the_demo():
    """What a walk through the demo does: import people, make an event, check people in, change
    RSVPs, delete things."""
    held = Event.objects.get(place__slug="ilford", title="Ilford joined-up day")
    upcoming = Event.objects.get(place__slug="ilford", status="invitations_open")
    organisation = Organization.objects.filter(place=held.place).first()
    for n in range(30):  # an import of new people
        Contact.objects.create(
            place=held.place,
            organization=organisation,
            name=f"Imported Person {n}",
            email=f"imported{n}@walk.example",
        )
    # More people checked in than the twelve tables of six seat, and the plan thrown away.
    for invitation in held.invitations.exclude(status=Invitation.Status.ATTENDED)[:20]:
        invitation.status = Invitation.Status.ATTENDED
        invitation.checked_in_at = timezone.now()
        invitation.save()
    Plan.objects.filter(event=held).delete()
    # RSVPs changed on the next event, one invitation and one table deleted.
    for invitation in upcoming.invitations.filter(status=Invitation.Status.ACCEPTED)[:3]:
        invitation.status = Invitation.Status.DECLINED
        invitation.save()
    upcoming.invitations.order_by("-pk").first().delete()
    CafeTable.objects.filter(event=held, label="T12").delete()
    Action.objects.filter(event=held).order_by("pk").first().delete()
    Contact.objects.filter(place=held.place, email__endswith="@walk.example").first().delete()
    CaseStudy.objects.filter(place=held.place).update(summary="Edited by the convenor.")
    Event.objects.create(
        place=held.place, title="A convenor's own day", date=datetime.date(2027, 5, 5)
    )


def _snapshot():
    return {
        "invitations": sorted(Invitation.objects.values_list("pk", "status", "checked_in_at")),
        "plans": sorted(Plan.objects.values_list("pk", flat=True)),
        "tables": sorted(CafeTable.objects.values_list("pk", flat=True)),
        "actions": Action.objects.count(),
        "events": Event.objects.count(),
        "edited": CaseStudy.objects.exclude(summary="Edited by the convenor.").count(),
    }


def test_load_demo_on_a_used_demo_fails_on_nothing_and_changes_nothing(db, client):
    load_demo()
    _use_the_demo()
    before = _snapshot()

    load_demo()  # must not raise (it raised Infeasible from the café loader)

    after = _snapshot()
    assert after["invitations"] == before["invitations"]
    assert after["plans"] == before["plans"]  # nothing re-planned
    assert after["tables"] == before["tables"]
    assert after["events"] == before["events"]
    assert after["actions"] >= before["actions"] - 0  # no action a person kept is touched

    held = Event.objects.get(place__slug="ilford", title="Ilford joined-up day")
    client.force_login(User.objects.get(email="convenor@joinedup.example"))
    for url in (
        reverse("place_home", args=["ilford"]),
        reverse("events:detail", args=["ilford", held.pk]),
        reverse("cafe:event", args=["ilford", held.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_load_demo_twice_keeps_the_demo_plan(db):
    load_demo()
    held = Event.objects.get(place__slug="ilford", title="Ilford joined-up day")
    plans = list(Plan.objects.filter(event=held).values_list("pk", flat=True))
    Invitation.objects.filter(event=held, status=Invitation.Status.ATTENDED).update(
        wanted_case_studies=[]
    )  # a change the café loader used to re-plan on
    load_demo()
    assert list(Plan.objects.filter(event=held).values_list("pk", flat=True)) == plans
