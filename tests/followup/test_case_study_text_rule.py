"""One rule for case-study text outside the case study (issue 17 item 11): convenors, hosts
and strategists read all of it; a practitioner reads the text of events whose report was
published, in the report and in insight alike, and nothing else."""

import pytest
from django.urls import reverse

from joinedup.followup import rules
from joinedup.followup.models import Report
from tests.directory.factories import sector
from tests.events.factories import EventFactory
from tests.followup.factories import add_point, sheet_at


@pytest.fixture
def two_events(place, held_event, study):
    """Points at the held event (its report published) and at a second one (no report)."""
    entry = study.entries.get(age_years=14)
    for _ in range(2):
        add_point(sheet_at(held_event, study), entry=entry, sector=sector("schools"))
    later = EventFactory(place=place, title="Ilford spring day")
    other_entry = study.entries.get(age_years=9)
    add_point(sheet_at(later, study, label="Table 2"), entry=other_entry, sector=sector("police"))
    Report.objects.create(place=place, event=held_event, status=Report.Status.PUBLISHED)
    return held_event, later


@pytest.mark.parametrize("role", ["convenor", "host", "strategist"])
def test_roles_that_view_case_studies_read_all_text(place, make_member, two_events, role):
    assert rules.case_study_text_events(make_member(place, role), place) is None


def test_a_practitioner_reads_only_published_events_text(place, make_member, two_events):
    held, later = two_events
    practitioner = make_member(place, "practitioner")

    assert rules.case_study_text_events(practitioner, place) == [held.pk]
    assert rules.may_read_case_study_text(practitioner, place, event_id=held.pk) is True
    assert rules.may_read_case_study_text(practitioner, place, event_id=later.pk) is False


def test_practitioner_insight_shows_the_published_moments_only(
    client, place, make_member, two_events
):
    client.force_login(make_member(place, "practitioner"))

    page = client.get(reverse("followup:insight", args=[place.slug])).content.decode()

    assert "At 14, Kai&#x27;s school raised a worry." in page  # the published report's
    assert "At 9, Kai&#x27;s school raised a worry." not in page  # no report yet


def test_practitioner_insight_says_why_when_nothing_is_published(
    client, place, make_member, held_event, study
):
    add_point(sheet_at(held_event, study), entry=study.entries.get(age_years=14))
    client.force_login(make_member(place, "practitioner"))

    page = client.get(reverse("followup:insight", args=[place.slug])).content.decode()

    assert "raised a worry" not in page
    assert "those of events whose report has been published (none yet)" in page


def test_practitioner_reads_the_published_report_not_a_draft(
    client, place, make_member, two_events
):
    held, later = two_events
    Report.objects.create(place=place, event=later)  # a draft
    client.force_login(make_member(place, "practitioner"))

    published = client.get(reverse("followup:report", args=[place.slug, held.pk]))
    draft = client.get(reverse("followup:report", args=[place.slug, later.pk]))

    assert published.status_code == 200
    assert "Ask about home at the first school meeting" in published.content.decode()
    assert draft.status_code == 404
