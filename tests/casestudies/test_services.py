"""Writing case studies, their timelines, and who may read and change them."""

from joinedup.casestudies import services
from joinedup.casestudies.models import CaseStudy, TimelineEntry
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


def test_hosts_see_approved_studies_and_their_own_drafts(place, make_member, host, convenor):
    other_host = make_member(place, "host")
    strategist = make_member(place, "strategist")
    practitioner = make_member(place, "practitioner")
    mine = CaseStudyFactory(place=place, author=host)
    theirs = CaseStudyFactory(place=place, author=other_host)
    approved = CaseStudyFactory(place=place, author=other_host, state=CaseStudy.State.APPROVED)

    def visible(user):
        return set(services.visible_case_studies(user, place))

    assert visible(host) == {mine, approved}
    assert visible(strategist) == {approved}
    assert visible(convenor) == {mine, theirs, approved}
    # Practitioners only through an event they attend where the story is used.
    assert visible(practitioner) == set()


def test_authors_edit_their_own_unapproved_studies_and_convenors_any(
    place, make_member, host, convenor
):
    other_host = make_member(place, "host")
    study = CaseStudyFactory(place=place, author=host)
    assert services.can_edit(host, study)
    assert not services.can_edit(other_host, study)
    assert services.can_edit(convenor, study)
    study.state = CaseStudy.State.APPROVED
    assert not services.can_edit(host, study)
    assert not services.can_edit(convenor, study)
