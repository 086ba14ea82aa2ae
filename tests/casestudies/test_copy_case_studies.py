"""Copying the case studies a place shares into another (casestudies.services)."""

import pytest

from joinedup.casestudies import services
from joinedup.casestudies.models import CaseStudy, ScanFinding, TableCapture, TimelineEntry
from joinedup.core import copies
from joinedup.core.models import AuditEntry
from joinedup.directory.taxonomies import ensure_taxonomies
from tests.casestudies.factories import CaseStudyFactory, TableCaptureFactory
from tests.core.factories import PlaceFactory, UserFactory
from tests.followup.copy_data import approved_story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _taxonomies(db):
    ensure_taxonomies()


@pytest.fixture
def actor():
    return UserFactory(email="convenor@joinedup.example")


@pytest.fixture
def ilford():
    return PlaceFactory(name="Ilford", slug="ilford", shares_approach=True)


@pytest.fixture
def exeter():
    return PlaceFactory(name="Exeter", slug="exeter")


def test_copy_case_studies_only_approved_and_shared_ones(ilford, exeter, actor):
    approved_story(ilford, "Shared and approved", shareable=True)
    approved_story(ilford, "Approved, not shared", shareable=False)
    CaseStudyFactory(place=ilford, title="Shared draft", shareable=True)
    CaseStudyFactory(
        place=ilford, title="Shared, submitted", shareable=True, state=CaseStudy.State.SUBMITTED
    )
    CaseStudyFactory(
        place=ilford, title="Shared, archived", shareable=True, state=CaseStudy.State.ARCHIVED
    )

    made = services.copy_case_studies_from(source_place=ilford, target_place=exeter, actor=actor)

    assert [c.title for c in made.values()] == ["Shared and approved"]
    assert list(CaseStudy.objects.filter(place=exeter).values_list("title", flat=True)) == [
        "Shared and approved"
    ]


def test_copy_case_study_clean_copy_waits_for_approval_without_author(ilford, exeter, actor):
    source = approved_story(ilford, "Kai, moving schools", shareable=True)

    copy = services.copy_case_study(source=source, target_place=exeter, actor=actor)

    copy.refresh_from_db()
    assert (copy.state, copy.author, copy.approved_at, copy.shareable) == (
        CaseStudy.State.SUBMITTED,
        None,
        None,
        False,
    )
    assert list(copy.entries.values_list("age_years", "what_happened")) == [
        (13, "Kai moved school twice in a year.")
    ]
    assert copy.allow_list == ["Kai"]
    assert ScanFinding.objects.filter(case_study=copy).count() == 0


def test_copy_case_study_failing_the_rescan_arrives_as_a_draft_with_findings(ilford, exeter, actor):
    # Approved before the scanner knew better: the copy is scanned again.
    source = approved_story(
        ilford,
        "Rent arrears",
        shareable=True,
        what="Her mum called from 07700 900456 at 14 Acacia Road.",
    )

    copy = services.copy_case_study(source=source, target_place=exeter, actor=actor)

    copy.refresh_from_db()
    assert copy.state == CaseStudy.State.DRAFT
    assert sorted(
        ScanFinding.objects.filter(case_study=copy, status="open").values_list("kind", "text")
    ) == [("address", "14 Acacia Road"), ("phone", "07700 900456")]
    source.refresh_from_db()
    assert source.state == CaseStudy.State.APPROVED  # the source is untouched


def test_copy_case_studies_never_takes_capture_notes(ilford, exeter, actor):
    source = approved_story(ilford, "Kai, moving schools", shareable=True)
    TableCaptureFactory(case_study=source)

    services.copy_case_studies_from(source_place=ilford, target_place=exeter, actor=actor)

    assert TableCapture.objects.filter(case_study__place=exeter).count() == 0
    assert TableCapture.objects.filter(case_study=source).count() == 1


def test_copy_case_studies_from_a_place_sharing_none_makes_nothing(ilford, exeter, actor):
    approved_story(ilford, "Approved, not shared", shareable=False)

    made = services.copy_case_studies_from(source_place=ilford, target_place=exeter, actor=actor)

    assert made == {}
    assert TimelineEntry.objects.filter(case_study__place=exeter).count() == 0


def test_copy_case_study_records_its_source(ilford, exeter, actor):
    source = approved_story(ilford, "Kai, moving schools", shareable=True)
    run = copies.start_run(place=exeter, source_place=ilford, actor=actor, chosen=["x"])

    copy = services.copy_case_study(source=source, target_place=exeter, actor=actor, run=run)

    record = copies.copied_from(copy)
    assert (record.kind, record.source_id, record.source_label) == (
        "case study",
        str(source.pk),
        "Kai, moving schools",
    )


def test_set_shareable_is_audited_once_per_change(ilford, actor):
    study = approved_story(ilford, "Kai", shareable=False)

    services.set_shareable(case_study=study, actor=actor, shareable=True)
    services.set_shareable(case_study=study, actor=actor, shareable=True)
    services.set_shareable(case_study=study, actor=actor, shareable=False)

    study.refresh_from_db()
    assert study.shareable is False
    assert list(
        AuditEntry.objects.filter(target_id=str(study.pk))
        .filter(action__startswith="casestudies.casestudy.")
        .exclude(action="casestudies.casestudy.created")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["casestudies.casestudy.shared", "casestudies.casestudy.unshared"]
