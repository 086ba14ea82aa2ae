"""A source place's approach to copy from, built with the apps' own services: directory
teams, a published pathway, search words, an event with its agenda and tables, case studies
(shared and approved, shared but a draft, approved but not shared). Fictional throughout."""

import datetime
from dataclasses import dataclass

from joinedup.cafe.models import CafeTable
from joinedup.casestudies.models import CaseStudy
from joinedup.directory.models import SearchSynonym
from joinedup.events.models import AgendaItem, Event, Invitation
from joinedup.pathways import services as pathways
from tests.casestudies.factories import CaseStudyFactory, TimelineEntryFactory
from tests.directory.factories import ContactFactory, ServiceFactory, need
from tests.events.factories import EventFactory, InvitationFactory


@dataclass
class Source:
    early_help: object
    mash: object
    idva: object
    pathway: object
    event: object
    shared: object
    shared_draft: object
    unshared: object


def approved_story(place, title, *, shareable, what="Kai moved school twice in a year."):
    study = CaseStudyFactory(
        place=place, title=title, state=CaseStudy.State.APPROVED, shareable=shareable
    )
    TimelineEntryFactory(case_study=study, order=1, age_years=13, what_happened=what)
    return study


def make_source(place, actor) -> Source:
    """Ilford-like: three teams, one published pathway for child-at-risk naming two of them
    and escalating to the third, two search words, one event with five agenda items, two
    café tables (one on the shared story, one on the unshared one) and a host."""
    early_help = ServiceFactory(place=place, name="Early Help Hub")
    mash = ServiceFactory(place=place, name="Multi-Agency Safeguarding Hub")
    idva = ServiceFactory(place=place, name="Redbridge IDVA Service")
    pathways.ensure_levels(place=place)
    pathway = pathways.create_pathway(
        place=place, need=need("child-at-risk"), title="A child may be at risk", actor=actor
    )
    draft = pathways.draft_for_edit(pathway=pathway, actor=actor)
    pathways.save_step(
        version=draft,
        actor=actor,
        code="car-2",
        fields=pathways.StepFields(
            level=2,
            indicators=["School attendance falling"],
            services=[early_help, idva],
            response_hours=72,
            escalate_to=mash,
        ),
    )
    pathways.save_step(
        version=draft,
        actor=actor,
        code="car-4",
        fields=pathways.StepFields(
            level=4, indicators=["Injury explained badly"], services=[mash], response_hours=4
        ),
    )
    pathways.publish(version=draft, actor=actor, change_note="First")
    pathways.set_threshold(service=mash, need=need("child-at-risk"), levels=[3, 4], actor=actor)
    # Not in the default list every new place gets (directory.synonyms.DEFAULT_SYNONYMS).
    for phrase, meanings in (("Front door", "early help hub"), ("TAF", "team around the family")):
        SearchSynonym.objects.create(
            place=place, phrase=phrase, key=phrase.lower(), meanings=meanings
        )
    event = EventFactory(
        place=place,
        title="Joining up around children",
        purpose="Three life stories, six tables, one afternoon.",
        date=datetime.date(2026, 11, 20),
        venue_name="Ilford Town Hall",
        capacity=60,
        status=Event.Status.HELD,
    )
    for order, (kind, title, question, speakers) in enumerate(
        [
            (AgendaItem.Kind.OPENING, "Opening perspectives", "", "Dr Ada Example\nSam Sample"),
            (AgendaItem.Kind.CAFE_ROUND, "Round 1", "Who was there?", ""),
            (AgendaItem.Kind.CAFE_ROUND, "Round 2", "Where could we step in?", ""),
            (AgendaItem.Kind.CAFE_ROUND, "Round 3", "What next time?", ""),
            (AgendaItem.Kind.SUMMARY, "Summary discussion", "", ""),
        ],
        1,
    ):
        AgendaItem.objects.create(
            event=event, kind=kind, order=order, title=title, question=question, speakers=speakers
        )
    shared = approved_story(place, "Kai, moving schools", shareable=True)
    shared_draft = CaseStudyFactory(place=place, title="Draft story", shareable=True)
    unshared = approved_story(place, "Not for sharing", shareable=False)
    host = InvitationFactory(event=event, status=Invitation.Status.ATTENDED)
    ContactFactory(service=early_help, name="Pat Person", email="pat@ilford.example")
    t1 = CafeTable.objects.create(event=event, place=place, label="T01", case_study=shared, seats=7)
    t1.hosts.set([host])
    CafeTable.objects.create(event=event, place=place, label="T02", case_study=unshared, seats=6)
    return Source(early_help, mash, idva, pathway, event, shared, shared_draft, unshared)
