"""Who may read, change, approve and capture at one case study (casestudies/rules.py), asked
through core.permissions as every view asks."""

from joinedup.casestudies import rules
from joinedup.casestudies.models import CaseStudy
from joinedup.core.permissions import can
from tests.casestudies.factories import CaseStudyFactory, TableCaptureFactory


def test_hosts_see_approved_studies_and_their_own_drafts(place, make_member, host, convenor):
    other_host = make_member(place, "host")
    strategist = make_member(place, "strategist")
    practitioner = make_member(place, "practitioner")
    mine = CaseStudyFactory(place=place, author=host)
    theirs = CaseStudyFactory(place=place, author=other_host)
    approved = CaseStudyFactory(place=place, author=other_host, state=CaseStudy.State.APPROVED)

    def visible(user):
        return set(rules.visible_case_studies(user, place))

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
    assert rules.can_edit(host, study)
    assert not rules.can_edit(other_host, study)
    assert rules.can_edit(convenor, study)
    study.state = CaseStudy.State.APPROVED
    assert not rules.can_edit(host, study)
    assert not rules.can_edit(convenor, study)


def test_can_asks_the_case_study_rules_when_given_the_story(place, make_member, host, convenor):
    other_host = make_member(place, "host")
    study = CaseStudyFactory(place=place, author=host)
    assert [can(u, "casestudies.write", study) for u in (host, other_host, convenor)] == [
        True,
        False,
        True,
    ]
    # Given the place, the role table answers: every host may write in the place.
    assert can(other_host, "casestudies.write", place) is True


def test_only_a_convenor_who_is_not_the_author_may_approve(place, make_member, convenor):
    second = make_member(place, "convenor")
    host = make_member(place, "host")
    study = CaseStudyFactory(place=place, author=convenor, state=CaseStudy.State.SUBMITTED)
    assert [can(u, "casestudies.approve", study) for u in (convenor, second, host)] == [
        False,
        True,
        False,
    ]


def test_participants_capture_only_at_a_sheet_opened_to_them(place, make_member, approved_study):
    practitioner = make_member(place, "practitioner")
    host = make_member(place, "host")
    closed = TableCaptureFactory(case_study=approved_study, label="Table 2")
    opened = TableCaptureFactory(
        case_study=approved_study, label="Table 3", participants_may_capture=True
    )
    # Not seated at these sheets' tables (they have none): a participant may not add to them.
    assert [can(practitioner, "casestudies.capture", s) for s in (closed, opened)] == [
        False,
        False,
    ]
    assert [can(host, "casestudies.capture", s) for s in (closed, opened)] == [True, True]
