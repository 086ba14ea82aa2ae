"""Writing case studies and their timelines, and the approval workflow's rules."""

import pytest

from joinedup.casestudies import services
from joinedup.casestudies.models import CaseStudy, ScanFinding, TimelineEntry
from joinedup.core.models import AuditEntry
from tests.casestudies.factories import CaseStudyFactory, TimelineEntryFactory
from tests.directory.factories import ServiceFactory


def test_create_case_study_is_a_draft_with_a_clean_allow_list(place, host):
    study = services.create_case_study(
        place=place,
        author=host,
        title="A mother facing eviction",
        summary="Fictional.",
        allow_list=[" Amira", "amira", "", "Aunt Rosa "],
    )
    assert (study.state, study.author, study.allow_list) == (
        CaseStudy.State.DRAFT,
        host,
        ["Amira", "Aunt Rosa"],
    )
    assert AuditEntry.objects.filter(action="casestudies.casestudy.created").count() == 1


def test_save_entry_adds_at_the_end_with_services_of_the_place_only(place, other_place, host):
    study = CaseStudyFactory(place=place, author=host)
    ours = ServiceFactory(place=place, name="Housing Options")
    theirs = ServiceFactory(place=other_place, name="Exeter Housing")
    first = services.save_entry(
        case_study=study,
        actor=host,
        fields={"age_years": 3, "domain": "family", "what_happened": "Dad left."},
    )
    second = services.save_entry(
        case_study=study,
        actor=host,
        fields={"period_label": "aged 14–15", "domain": "housing", "what_happened": "Moved."},
        services=[ours, theirs],
    )
    assert [first.order, second.order] == [1, 2]
    assert list(second.services.all()) == [ours]
    assert second.when == "aged 14–15"


def test_entry_when_reads_as_people_say_it(db):
    assert TimelineEntryFactory.build(age_years=14, age_months=3).when == "aged 14 and 3 months"
    assert TimelineEntryFactory.build(age_years=1, age_months=1).when == "aged 1 and 1 month"
    assert TimelineEntryFactory.build(age_years=None, period_label="early childhood").when == (
        "early childhood"
    )


def test_move_and_delete_entries_keep_a_gapless_order(place, host):
    study = CaseStudyFactory(place=place, author=host)
    a, b, c = (TimelineEntryFactory(case_study=study, order=n * 10) for n in (1, 2, 3))
    services.move_entry(entry=c, actor=host, direction="up")
    assert list(study.entries.values_list("pk", flat=True)) == [a.pk, c.pk, b.pk]
    services.move_entry(entry=a, actor=host, direction="up")  # already first: nothing moves
    assert list(study.entries.values_list("pk", flat=True)) == [a.pk, c.pk, b.pk]
    services.delete_entry(entry=c, actor=host)
    assert list(study.entries.values_list("pk", "order")) == [(a.pk, 1), (b.pk, 2)]
    assert not TimelineEntry.objects.filter(pk=c.pk).exists()


# --- the scan gate after approval, and the locks ----------------------------------------------


def test_update_case_study_sends_an_approved_story_back_through_the_scan_gate(
    place, host, convenor, approved_study
):
    approved_study.approved_by = convenor
    approved_study.save(update_fields=["approved_by"])
    services.update_case_study(
        case_study=approved_study,
        actor=host,
        title="Kai Morgan, 14 Orchard Mews",
        summary="",
        allow_list=["Kai"],
    )
    approved_study.refresh_from_db()
    assert (approved_study.state, approved_study.approved_by, approved_study.approved_at) == (
        CaseStudy.State.SUBMITTED,
        None,
        None,
    )
    found = sorted(
        (f.kind, f.text)
        for f in ScanFinding.objects.filter(case_study=approved_study, status="open")
    )
    assert found == [("address", "14 Orchard Mews"), ("name", "Kai Morgan")]
    entry = AuditEntry.objects.get(action="casestudies.casestudy.reopened")
    assert (entry.actor, entry.data) == (host, {"open_findings": 2})


def test_a_reopened_story_cannot_be_approved_until_its_findings_are_resolved(
    place, make_member, host, convenor, approved_study
):
    services.update_case_study(
        case_study=approved_study,
        actor=host,
        title="Kai Morgan, 14 Orchard Mews",
        summary="",
        allow_list=["Kai"],
    )
    with pytest.raises(services.ApprovalBlocked):
        services.approve_case_study(case_study=approved_study, actor=convenor)
    approved_study.refresh_from_db()
    assert approved_study.state == CaseStudy.State.SUBMITTED


def test_changing_a_moment_of_an_approved_story_sends_it_back_for_approval(host, approved_study):
    entry = approved_study.entries.first()
    services.save_entry(
        case_study=approved_study,
        actor=host,
        fields={"what_happened": "Moved school."},
        entry=entry,
    )
    approved_study.refresh_from_db()
    assert approved_study.state == CaseStudy.State.SUBMITTED
    assert AuditEntry.objects.filter(action="casestudies.casestudy.reopened").count() == 1


def test_an_archived_story_cannot_be_changed(place, host, approved_study):
    services.archive_case_study(case_study=approved_study, actor=host)
    entry = approved_study.entries.first()
    before = (approved_study.title, entry.what_happened, approved_study.entries.count())
    with pytest.raises(services.CaseStudyLocked):
        services.update_case_study(
            case_study=approved_study, actor=host, title="A new title", summary=""
        )
    with pytest.raises(services.CaseStudyLocked):
        services.save_entry(
            case_study=approved_study, actor=host, fields={"what_happened": "Changed."}
        )
    with pytest.raises(services.CaseStudyLocked):
        services.delete_entry(entry=entry, actor=host)
    with pytest.raises(services.CaseStudyLocked):
        services.move_entry(entry=entry, actor=host, direction="down")
    approved_study.refresh_from_db()
    entry.refresh_from_db()
    assert (approved_study.title, entry.what_happened, approved_study.entries.count()) == before
    assert approved_study.state == CaseStudy.State.ARCHIVED


# --- a second person approves ------------------------------------------------------------------


def _submitted(place, author):
    study = CaseStudyFactory(
        place=place, author=author, title="A boy who moved school", state="submitted"
    )
    TimelineEntryFactory(case_study=study, order=1, age_years=14, what_happened="Moved school.")
    return study


def test_the_author_cannot_approve_their_own_case_study(place, convenor):
    study = _submitted(place, convenor)
    with pytest.raises(services.SecondPersonRequired) as refused:
        services.approve_case_study(case_study=study, actor=convenor)
    assert str(refused.value) == "You wrote this case study: another convenor must approve it"
    study.refresh_from_db()
    assert (study.state, study.approved_by) == (CaseStudy.State.SUBMITTED, None)
    assert not AuditEntry.objects.filter(action="casestudies.casestudy.approved").exists()


def test_a_host_cannot_approve_a_case_study(place, host, make_member):
    other_host = make_member(place, "host")
    study = _submitted(place, host)
    with pytest.raises(services.SecondPersonRequired):
        services.approve_case_study(case_study=study, actor=other_host)
    study.refresh_from_db()
    assert study.state == CaseStudy.State.SUBMITTED


def test_another_convenor_approves_the_case_study(place, convenor, make_member):
    second = make_member(place, "convenor")
    study = _submitted(place, convenor)
    services.approve_case_study(case_study=study, actor=second)
    study.refresh_from_db()
    assert (study.state, study.approved_by) == (CaseStudy.State.APPROVED, second)
