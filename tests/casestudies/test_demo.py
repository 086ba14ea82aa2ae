"""The demo's eight Ilford stories: approved, rich, clean of personal data, loaded once."""

import pytest

from joinedup.casestudies.anonymise import scan_for_personal_data
from joinedup.casestudies.demo import load_case_studies, load_casestudies_demo
from joinedup.casestudies.models import CaseStudy, TimelineEntry
from joinedup.core.demo import load_core_demo
from joinedup.directory.demo import load_directory_demo


def _load():
    demo = load_core_demo()
    load_directory_demo(demo)
    load_casestudies_demo(demo)
    return demo


def test_demo_has_eight_approved_ilford_stories_with_rich_timelines(db):
    demo = _load()
    studies = list(CaseStudy.objects.filter(place=demo.places["ilford"]))
    assert len(studies) == 8
    assert {s.state for s in studies} == {CaseStudy.State.APPROVED}
    assert {s.author for s in studies} == {demo.users["host"]}
    for study in studies:
        entries = list(study.entries.all())
        assert 10 <= len(entries) <= 15, study.title
        assert [e.order for e in entries] == list(range(1, len(entries) + 1))
        assert sum(e.services.count() for e in entries) >= 5, study.title


def test_demo_stories_are_approved_by_a_convenor_who_did_not_write_them(db):
    demo = _load()
    studies = CaseStudy.objects.filter(place=demo.places["ilford"])
    assert {(s.author, s.approved_by) for s in studies} == {
        (demo.users["host"], demo.users["convenor"])
    }


def test_the_demo_loader_refuses_to_let_an_author_approve_their_own_stories(db):
    demo = _load()
    with pytest.raises(ValueError):
        load_case_studies(
            demo.places["ilford"], author=demo.users["convenor"], approver=demo.users["convenor"]
        )


def test_demo_stories_pass_the_scanner_with_their_allow_lists(db):
    _load()
    for study in CaseStudy.objects.all():
        texts = [study.title, study.summary]
        for entry in study.entries.all():
            texts += [entry.period_label, entry.what_happened, entry.what_services_did]
        found = [f for t in texts for f in scan_for_personal_data(t, allow=study.allow_list)]
        assert found == [], study.title
        assert not study.findings.filter(status="open").exists()


def test_loading_the_demo_twice_changes_nothing(db):
    _load()
    counts = (CaseStudy.objects.count(), TimelineEntry.objects.count())
    _load()
    assert (CaseStudy.objects.count(), TimelineEntry.objects.count()) == counts


def test_the_held_days_tables_have_captured_points_and_actions(db):
    from joinedup.cafe.demo_capture import load_captures
    from joinedup.casestudies.models import InterventionPoint, ProposedAction, TableCapture
    from joinedup.core.demo import load_demo
    from joinedup.events.models import Event

    demo = load_demo()
    event = Event.objects.get(place=demo.places["ilford"], title="Ilford joined-up day")
    counts = (InterventionPoint.objects.count(), ProposedAction.objects.count())
    assert counts[0] >= 30 and counts[1] >= 12
    tables = set(event.cafe_tables.values_list("pk", flat=True))
    assert set(TableCapture.objects.values_list("table_id", flat=True)) == tables
    assert InterventionPoint.objects.filter(entry__isnull=False).count() == counts[0]
    assert load_captures(event, author=demo.users["host"]) == 0  # a second load adds nothing
    assert (InterventionPoint.objects.count(), ProposedAction.objects.count()) == counts
