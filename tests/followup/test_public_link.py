"""The public link to a published report: opt-in, unguessable (stored hashed), revocable, no
sign-in, only the sections marked public, no case-study text unless marked, nobody named,
not indexed, rate limited (issue 15 item 5)."""

import re

import pytest
from django.urls import reverse

from joinedup.core.models import AuditEntry
from joinedup.core.tokens import hash_token
from joinedup.events.models import AgendaItem, Invitation
from joinedup.followup import public
from joinedup.followup.models import FeedbackResponse, Report
from joinedup.followup.report import report_for
from tests.events.factories import InvitationFactory
from tests.followup.factories import ActionFactory, add_point, sheet_at


@pytest.fixture
def report(held_event, study, convenor, make_member, place):
    owner = make_member(place, "practitioner", full_name="Priya Owner")
    ActionFactory(
        place=place, event=held_event, title="Share the school worry list", owner_user=owner
    )
    AgendaItem.objects.create(
        event=held_event,
        kind=AgendaItem.Kind.OPENING,
        title="The view from the front door",
        speakers="Sam Speaker",
        order=1,
    )
    capture = sheet_at(held_event, study)
    add_point(capture, entry=study.entries.first(), text="Ask about home at the first meeting")
    came = InvitationFactory(event=held_event, status=Invitation.Status.ATTENDED)
    FeedbackResponse.objects.create(
        place=place,
        event=held_event,
        invitation=came,
        come_again="yes",
        comments="Ring me, Sam, on 07700 900123",
    )
    report = report_for(held_event)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.PUBLISHED)
    report.refresh_from_db()
    return report


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_turning_on_stores_the_hash_and_the_link_reads_the_marked_sections(
    client, report, convenor
):
    token = public.turn_on(
        report=report,
        actor=convenor,
        sections=["attendance", "actions", "unknown-key"],
        case_study_text=False,
    )
    report.refresh_from_db()
    assert report.public_token_hash == hash_token(token)
    assert report.public_sections == ["attendance", "actions"]
    response = client.get(reverse("public_report", args=[token]))
    assert response.status_code == 200
    page = _text(response)
    assert "Who came" in page
    assert "Actions agreed" in page
    assert "Share the school worry list" in page
    # not marked, or a person's name: never on the public page
    assert "Opening perspectives" not in page
    assert "What people said about the day" not in page
    assert "Priya Owner" not in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in page
    entry = AuditEntry.objects.get(action="followup.report.read_public")
    assert entry.actor is None


def test_case_study_text_only_when_marked(client, report, convenor):
    token = public.turn_on(
        report=report, actor=convenor, sections=["case_studies"], case_study_text=False
    )
    page = _text(client.get(reverse("public_report", args=[token])))
    assert "1 anonymised case study were discussed" in page
    assert "Kai&#x27;s story" not in page
    assert "Ask about home at the first meeting" not in page
    public.change_sections(
        report=report, actor=convenor, sections=["case_studies"], case_study_text=True
    )
    page = _text(client.get(reverse("public_report", args=[token])))
    assert "Kai&#x27;s story" in page
    assert "Ask about home at the first meeting" in page


def test_nobody_is_named_even_in_marked_sections(client, report, convenor):
    token = public.turn_on(
        report=report,
        actor=convenor,
        sections=["openings", "feedback", "actions"],
        case_study_text=True,
    )
    page = _text(client.get(reverse("public_report", args=[token])))
    assert "The view from the front door" in page
    assert "Sam Speaker" not in page
    assert "07700 900123" not in page
    assert "Priya Owner" not in page
    assert "1 of the 1 people who came answered the survey" in page


def test_turning_off_ends_the_link_at_once_and_a_new_link_replaces_the_old(
    client, report, convenor
):
    first = public.turn_on(
        report=report, actor=convenor, sections=["themes"], case_study_text=False
    )
    second = public.turn_on(
        report=report, actor=convenor, sections=["themes"], case_study_text=False
    )
    assert first != second
    assert client.get(reverse("public_report", args=[first])).status_code == 404
    assert client.get(reverse("public_report", args=[second])).status_code == 200
    public.turn_off(report=report, actor=convenor)
    assert client.get(reverse("public_report", args=[second])).status_code == 404
    assert public.public_url(report_for(report.event)) == ""
    assert [
        e.action for e in AuditEntry.objects.filter(action__startswith="followup.report.public")
    ] == [
        "followup.report.public_link_off",
        "followup.report.public_link_on",
        "followup.report.public_link_on",
    ]


def test_a_draft_report_is_not_readable_through_its_link(client, report, convenor):
    token = public.turn_on(
        report=report, actor=convenor, sections=["themes"], case_study_text=False
    )
    Report.objects.filter(pk=report.pk).update(status=Report.Status.DRAFT)
    assert client.get(reverse("public_report", args=[token])).status_code == 404


def test_choosing_no_section_is_refused(report, convenor):
    with pytest.raises(public.PublicLinkRefused, match="at least one section"):
        public.turn_on(report=report, actor=convenor, sections=[], case_study_text=False)
    report.refresh_from_db()
    assert report.public_link_on is False


def test_public_link_is_rate_limited_per_address(client, settings, db):
    settings.PUBLIC_REPORT_LIMIT_PER_ADDRESS = 2
    codes = [client.get(reverse("public_report", args=["z" * 43])).status_code for _ in range(4)]
    assert codes == [404, 404, 429, 429]


def test_convenor_turns_the_link_on_and_off_from_the_page(convenor_client, place, report):
    url = reverse("followup:report_public", args=[place.slug, report.event_id])
    page = _text(convenor_client.get(url))
    assert "The public link is off." in page
    response = convenor_client.post(url, {"action": "on", "sections": []})
    assert response.status_code == 400
    assert "Select at least one section to make public" in _text(response)
    response = convenor_client.post(
        url, {"action": "on", "sections": ["attendance", "next_steps"]}, follow=True
    )
    page = _text(response)
    assert "The public link is on" in page
    link = re.search(r'id="public-url">(http://[^<]+)<', page).group(1)
    token = link.rstrip("/").rsplit("/", 1)[1]
    report.refresh_from_db()
    assert report.public_token_hash == hash_token(token)
    convenor_client.post(url, {"action": "off"})
    report.refresh_from_db()
    assert (report.public_token_hash, report.public_token) == ("", "")
