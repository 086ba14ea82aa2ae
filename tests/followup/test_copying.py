"""Starting a place from another's approach: the small copiers of directory, events and
café, the preview, the one-transaction copy, and provenance."""

import datetime

import pytest
from freezegun import freeze_time

from joinedup.cafe.domain import tables as cafe_tables
from joinedup.cafe.models import CafeTable
from joinedup.casestudies.models import CaseStudy
from joinedup.core import copies
from joinedup.core.models import CopiedObject, CopyRun
from joinedup.directory import services as directory
from joinedup.directory.models import SearchSynonym, TaxonomyTerm
from joinedup.directory.taxonomies import sector_id
from joinedup.events import services as events
from joinedup.events.models import Event, Invitation
from joinedup.followup import copying, themes
from joinedup.pathways.models import Pathway
from tests.core.factories import PlaceFactory, UserFactory
from tests.directory.factories import ServiceFactory
from tests.followup.copy_data import approved_story, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return UserFactory(email="convenor@joinedup.example")


@pytest.fixture
def ilford():
    return PlaceFactory(name="Ilford", slug="ilford", shares_approach=True)


@pytest.fixture
def exeter():
    return PlaceFactory(name="Exeter", slug="exeter")


# --- search words and sectors (directory) ----------------------------------------------------


def test_copy_synonyms_adds_only_phrases_the_target_lacks(ilford, exeter, actor):
    make_source(ilford, actor)
    SearchSynonym.objects.create(place=exeter, phrase="TAF", key="taf", meanings="our own words")

    made = directory.copy_synonyms_from(source_place=ilford, target_place=exeter, actor=actor)

    assert [s.phrase for s in made] == ["Front door"]
    assert SearchSynonym.objects.get(place=exeter, key="taf").meanings == "our own words"
    assert SearchSynonym.objects.get(place=exeter, key="front door").meanings == "early help hub"


def test_copy_synonyms_twice_makes_nothing_the_second_time(ilford, exeter, actor):
    make_source(ilford, actor)
    directory.copy_synonyms_from(source_place=ilford, target_place=exeter, actor=actor)

    again = directory.copy_synonyms_from(source_place=ilford, target_place=exeter, actor=actor)

    assert again == []


def test_copy_sectors_copies_the_source_own_sectors_under_the_shared_parent(ilford, exeter, actor):
    frontline = TaxonomyTerm.objects.get(pk=sector_id("housing")).parent
    TaxonomyTerm.objects.create(
        place=ilford,
        taxonomy=frontline.taxonomy,
        parent=frontline,
        code="faith",
        name="Faith groups",
    )
    TaxonomyTerm.objects.create(
        place=exeter, taxonomy=frontline.taxonomy, parent=frontline, code="ports", name="Port"
    )
    TaxonomyTerm.objects.create(
        place=ilford, taxonomy=frontline.taxonomy, parent=frontline, code="ports", name="Ports"
    )

    made = directory.copy_sectors_from(source_place=ilford, target_place=exeter, actor=actor)

    assert [(t.code, t.name, t.place, t.parent) for t in made] == [
        ("faith", "Faith groups", exeter, frontline)
    ]


def test_copy_sectors_from_a_place_with_only_shared_sectors_makes_nothing(ilford, exeter, actor):
    assert directory.copy_sectors_from(source_place=ilford, target_place=exeter, actor=actor) == []


# --- events and café tables ------------------------------------------------------------------


@freeze_time("2026-12-02 10:00")
def test_copy_event_copies_the_set_up_without_people_or_venue(ilford, exeter, actor):
    source = make_source(ilford, actor)

    event = events.copy_event_from(source_event=source.event, target_place=exeter, actor=actor)

    assert (event.place, event.title, event.status, event.date, event.venue_name) == (
        exeter,
        "Joining up around children",
        Event.Status.DRAFT,
        datetime.date(2027, 1, 27),
        "",
    )
    assert event.purpose == "Three life stories, six tables, one afternoon."
    assert event.capacity == 60
    assert list(event.agenda_items.values_list("kind", "title", "question", "speakers")) == [
        ("opening", "Opening perspectives", "", ""),
        ("cafe_round", "Round 1", "Who was there?", ""),
        ("cafe_round", "Round 2", "Where could we step in?", ""),
        ("cafe_round", "Round 3", "What next time?", ""),
        ("summary", "Summary discussion", "", ""),
    ]
    assert Invitation.objects.filter(event=event).count() == 0


def test_copy_events_ignores_ids_of_another_place(ilford, exeter, actor):
    source = make_source(ilford, actor)
    theirs = Event.objects.create(
        place=PlaceFactory(name="Manchester", slug="manchester"),
        title="Not Ilford's",
        date=datetime.date(2026, 12, 1),
    )

    made = events.copy_events_from(
        source_place=ilford,
        target_place=exeter,
        actor=actor,
        event_ids=[source.event.pk, theirs.pk],
    )

    assert [e.title for e in made] == ["Joining up around children"]


def test_copy_tables_only_those_whose_case_study_is_copied_and_no_hosts(ilford, exeter, actor):
    source = make_source(ilford, actor)
    target = events.copy_event_from(source_event=source.event, target_place=exeter, actor=actor)
    copy = CaseStudy.objects.create(place=exeter, title="Kai, moving schools")

    made = cafe_tables.copy_tables_from(
        source_event=source.event,
        target_event=target,
        case_studies={source.shared.pk: copy},
        actor=actor,
    )

    assert [(t.label, t.seats, t.case_study, t.hosts.count()) for t in made] == [
        ("T01", 7, copy, 0)
    ]
    _tables, skipped = cafe_tables.tables_to_copy(
        source_event=source.event, case_studies={source.shared.pk: copy}
    )
    assert skipped == [
        "Table T02 of Joining up around children: its case study, Not for sharing, is not "
        "shared, so the table is not copied"
    ]


def test_copy_themes_makes_nothing_as_every_place_shares_them(ilford, exeter, actor):
    assert themes.copy_themes_from(source_place=ilford, target_place=exeter, actor=actor) == []


# --- the preview and the copy ----------------------------------------------------------------

EVERYTHING = ["pathways", "synonyms", "events", "case_studies", "themes"]


def _sections(preview):
    return {s.key: (s.items, s.skipped) for s in preview.sections}


def test_preview_lists_exactly_what_will_be_made(ilford, exeter, actor):
    source = make_source(ilford, actor)
    ServiceFactory(place=exeter, name="Early Help Hub")

    preview = copying.preview_copy(
        source_place=ilford, target_place=exeter, chosen=EVERYTHING, event_ids=[source.event.pk]
    )

    sections = _sections(preview)
    assert sections["levels"] == (["1 Universal", "2 Early help", "3 Complex", "4 Acute"], [])
    assert sections["pathways"] == (["A child may be at risk"], [])
    assert sections["synonyms"] == (["Front door", "TAF"], [])
    assert sections["events"] == (["Joining up around children"], [])
    assert sections["tables"][0] == ["Joining up around children: table T01"]
    assert sections["sectors"] == ([], [])
    assert sections["case_studies"] == (["Kai, moving schools"], [])
    assert sections["themes"] == ([], [])
    assert preview.total == 10
    assert sorted(m["service"] for m in preview.to_map) == [
        "Multi-Agency Safeguarding Hub",
        "Multi-Agency Safeguarding Hub",
        "Redbridge IDVA Service",
    ]
    # The preview saves nothing.
    assert Pathway.objects.filter(place=exeter).count() == 0
    assert CopyRun.objects.count() == 0


def test_copy_approach_makes_what_the_preview_listed_and_records_the_source(ilford, exeter, actor):
    source = make_source(ilford, actor)
    preview = copying.preview_copy(
        source_place=ilford, target_place=exeter, chosen=EVERYTHING, event_ids=[source.event.pk]
    )

    run = copying.copy_approach(
        source_place=ilford,
        target_place=exeter,
        actor=actor,
        chosen=EVERYTHING,
        event_ids=[source.event.pk],
        digest=preview.digest,
    )

    kinds = sorted(run.objects_copied.values_list("kind", flat=True))
    assert kinds == [
        "case study",
        "event",
        "level of need",
        "level of need",
        "level of need",
        "level of need",
        "pathway",
        "search words",
        "search words",
        "table",
    ]
    event = Event.objects.get(place=exeter)
    assert copies.copied_from(event).source_id == str(source.event.pk)
    table = CafeTable.objects.get(place=exeter)
    assert table.case_study.place == exeter and table.case_study.title == "Kai, moving schools"
    assert run.chosen == EVERYTHING
    assert len(run.to_map) == 4  # nothing of Exeter's directory matches: all four uses


def test_copy_approach_refuses_a_stale_preview_and_copies_nothing(ilford, exeter, actor):
    source = make_source(ilford, actor)
    preview = copying.preview_copy(
        source_place=ilford, target_place=exeter, chosen=["synonyms"], event_ids=[]
    )
    SearchSynonym.objects.create(place=ilford, phrase="EHAT", key="ehat", meanings="early help")

    with pytest.raises(copying.PreviewChanged):
        copying.copy_approach(
            source_place=ilford,
            target_place=exeter,
            actor=actor,
            chosen=["synonyms"],
            digest=preview.digest,
        )

    assert SearchSynonym.objects.filter(place=exeter, key="ehat").count() == 0
    assert CopyRun.objects.count() == 0
    assert source.event.place == ilford


def test_copy_approach_failing_late_leaves_nothing_half_copied(ilford, exeter, actor, monkeypatch):
    source = make_source(ilford, actor)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    # Fault injection: the last copier fails after all the others have written.
    monkeypatch.setattr(themes, "copy_themes_from", broken)
    with pytest.raises(RuntimeError):
        copying.copy_approach(
            source_place=ilford,
            target_place=exeter,
            actor=actor,
            chosen=EVERYTHING,
            event_ids=[source.event.pk],
        )

    assert Pathway.objects.filter(place=exeter).count() == 0
    assert Event.objects.filter(place=exeter).count() == 0
    assert CaseStudy.objects.filter(place=exeter).count() == 0
    assert SearchSynonym.objects.filter(place=exeter, key="front door").count() == 0
    assert (CopyRun.objects.count(), CopiedObject.objects.count()) == (0, 0)


def test_preview_refuses_a_place_that_does_not_share(ilford, exeter, actor):
    with pytest.raises(copying.CopyRefused):
        copying.preview_copy(source_place=exeter, target_place=ilford, chosen=["synonyms"])


def test_preview_refuses_copying_a_place_into_itself(ilford):
    with pytest.raises(copying.CopyRefused):
        copying.preview_copy(source_place=ilford, target_place=ilford, chosen=["synonyms"])


def test_preview_refuses_events_chosen_without_an_event(ilford, exeter):
    with pytest.raises(copying.CopyRefused, match="Select the events to copy"):
        copying.preview_copy(source_place=ilford, target_place=exeter, chosen=["events"])


def test_preview_of_an_empty_source_makes_nothing(ilford, exeter):
    preview = copying.preview_copy(
        source_place=ilford, target_place=exeter, chosen=["pathways", "synonyms", "case_studies"]
    )

    assert preview.total == 0
    assert _sections(preview)["levels"] == (
        [],
        ["Levels of need: Ilford has no published pathways"],
    )


@freeze_time("2026-12-02 10:00")
def test_provenance_line_names_the_source_and_the_day(ilford, exeter, actor):
    source = make_source(ilford, actor)
    run = copying.copy_approach(
        source_place=ilford,
        target_place=exeter,
        actor=actor,
        chosen=["pathways"],
    )

    record = run.objects_copied.get(kind="pathway")
    assert copies.provenance_line(record) == "Started from Ilford's pathway, 2 Dec 2026"
    assert record.source_label == str(source.pathway)


def test_provenance_line_of_a_name_ending_in_s(exeter, actor):
    leeds = PlaceFactory(name="Hastings", slug="hastings", shares_approach=True)
    with freeze_time("2026-12-02 10:00"):
        run = copies.start_run(place=exeter, source_place=leeds, actor=actor, chosen=[])
    event = Event.objects.create(place=exeter, title="Day", date=datetime.date(2027, 1, 1))
    record = copies.record_copy(run=run, obj=event, source=event, kind="event")

    assert copies.provenance_line(record) == "Started from Hastings' event, 2 Dec 2026"


def test_preview_says_which_case_studies_arrive_with_findings(ilford, exeter, actor):
    approved_story(ilford, "Clean story", shareable=True)
    approved_story(ilford, "Rent arrears", shareable=True, what="Her mum called from 07700 900456.")

    preview = copying.preview_copy(
        source_place=ilford, target_place=exeter, chosen=["case_studies"]
    )

    assert _sections(preview)["case_studies"][0] == [
        "Clean story",
        "Rent arrears (arrives as a draft: 1 possible personal detail to check)",
    ]


def test_copying_twice_does_not_copy_a_story_again_and_seats_tables_with_the_first_copy(
    ilford, exeter, actor
):
    source = make_source(ilford, actor)
    first = copying.copy_approach(
        source_place=ilford, target_place=exeter, actor=actor, chosen=["case_studies"]
    )
    copy = first.objects_copied.get(kind="case study")

    preview = copying.preview_copy(
        source_place=ilford,
        target_place=exeter,
        chosen=["case_studies", "events"],
        event_ids=[source.event.pk],
    )
    copying.copy_approach(
        source_place=ilford,
        target_place=exeter,
        actor=actor,
        chosen=["case_studies", "events"],
        event_ids=[source.event.pk],
        digest=preview.digest,
    )

    assert _sections(preview)["case_studies"] == ([], ["Kai, moving schools: copied here before"])
    assert CaseStudy.objects.filter(place=exeter).count() == 1
    table = CafeTable.objects.get(place=exeter)
    assert (table.label, str(table.case_study_id)) == ("T01", copy.target_id)
