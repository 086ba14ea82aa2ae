"""The café of the demo: Ilford's joined-up day (from the events demo) with 12 tables, one for
each of the eight case studies and a second, co-hosted table for the four most wanted, and the
tables planned for 4 rounds with the 60 people who came.

Idempotent: tables are found by label; a new plan is made only when the tables or the people
changed. Skips, saying why, when the events or case studies demo has not run.
"""

import logging
import random
from collections import Counter

from django.db.models import F

from joinedup.cafe import demo_capture
from joinedup.cafe.domain.plans import current_plan, make_plan
from joinedup.cafe.instance import Infeasible
from joinedup.cafe.models import CafeTable
from joinedup.casestudies import demo as _casestudies_demo  # noqa: F401  (the stories load first)
from joinedup.casestudies.models import CaseStudy
from joinedup.core.demo import register_demo_loader
from joinedup.events import demo as _events_demo  # noqa: F401  (the events load first)
from joinedup.events.models import AgendaItem, Event, Invitation
from joinedup.events.services import save_agenda_item

logger = logging.getLogger(__name__)

EVENT_TITLE = "Ilford joined-up day"
ROUNDS = 4
TABLES = 12
SEATS = 6
# Fixed iterations, so the demo plan is the same on every machine.
ITERATIONS = 4000


def _ensure_rounds(event: Event, actor) -> None:
    """Give the day four café rounds (the default agenda has three) before the summary."""
    rounds = event.cafe_rounds()
    while rounds and len(rounds) < ROUNDS:
        last = rounds[-1]
        event.agenda_items.filter(order__gt=last.order).update(order=F("order") + 1)
        save_agenda_item(
            event=event,
            actor=actor,
            fields={
                "kind": AgendaItem.Kind.CAFE_ROUND,
                "order": last.order + 1,
                "title": f"Round {len(rounds) + 1}",
                "minutes": last.minutes,
                "question": "Who needs to do what differently, starting next month?",
            },
        )
        rounds = event.cafe_rounds()


def _wants(event: Event, studies: list[CaseStudy]) -> None:
    """Give the people who came the case studies they asked for on the RSVP form, where empty."""
    rng = random.Random(2026)
    # Some stories are asked for more than others, as on the day.
    weights = [len(studies) - i for i in range(len(studies))]
    for invitation in event.invitations.filter(status=Invitation.Status.ATTENDED).order_by("pk"):
        if invitation.wanted_case_studies:
            continue
        picks: list[str] = []
        while len(picks) < 2 + invitation.pk % 2:
            pick = str(rng.choices(studies, weights=weights)[0].pk)
            if pick not in picks:
                picks.append(pick)
        invitation.wanted_case_studies = picks
        invitation.save(update_fields=["wanted_case_studies"])


def _hosts(event: Event, count: int) -> list[Invitation]:
    """Pick a host per table among people who came: front line first, one per organisation."""
    people = list(
        event.invitations.filter(status=Invitation.Status.ATTENDED).order_by("tier", "pk")
    )
    people.sort(key=lambda i: i.tier != "frontline")
    hosts, organisations = [], set()
    for invitation in people:
        if invitation.organisation not in organisations:
            hosts.append(invitation)
            organisations.add(invitation.organisation)
        if len(hosts) == count:
            break
    return hosts


def _tables(event: Event, studies: list[CaseStudy]) -> None:
    if event.cafe_tables.exists():
        return
    wanted = Counter(
        pk
        for row in event.invitations.values_list("wanted_case_studies", flat=True)
        for pk in row or []
    )
    popular = sorted(studies, key=lambda s: (-wanted[str(s.pk)], s.title))
    stories = studies + popular[: TABLES - len(studies)]
    hosts = _hosts(event, len(stories))
    for n, (story, host) in enumerate(zip(stories, hosts, strict=False), start=1):
        table, _ = CafeTable.objects.update_or_create(
            event=event,
            label=f"T{n:02d}",
            defaults={"place": event.place, "case_study": story, "seats": SEATS},
        )
        table.hosts.set([host])


@register_demo_loader
def load_cafe_demo(demo) -> None:
    place = demo.places["ilford"]
    convenor = demo.users.get("convenor")
    event = Event.objects.filter(place=place, title=EVENT_TITLE).order_by("date").first()
    studies = list(
        CaseStudy.objects.filter(place=place, state=CaseStudy.State.APPROVED).order_by("title")
    )
    if event is None or not studies:
        logger.warning("Café demo skipped: load the events and case studies demos first.")
        return
    _ensure_rounds(event, convenor)
    if not event.cafe_rounds():
        logger.warning("Café demo skipped: %s has no café rounds.", event)
        return
    if current_plan(event) is not None:
        # A plan exists (the demo's, or one a person made since): never re-plan or overwrite it.
        return
    _wants(event, studies)
    _tables(event, studies[:TABLES])
    try:
        make_plan(
            event=event, actor=convenor, basis="arrived", seconds=30, max_iterations=ITERATIONS
        )
    except Infeasible as error:
        # A person changed the day (more people checked in than the tables seat): leave it to
        # them; the café page says the same when they plan.
        logger.warning("Café demo left unplanned: %s", error)


# What the tables captured needs the tables above: registered after the café's loader.
register_demo_loader(demo_capture.load_capture_demo)
