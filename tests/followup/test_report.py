"""The event report: its content, its editing, and the PDF and Word files read back."""

import io

import pdfplumber
import pytest
from django.urls import reverse

from joinedup.core.models import AuditEntry
from joinedup.events.models import AgendaItem, Invitation
from joinedup.followup import documents
from joinedup.followup.models import FeedbackResponse, InterventionPointTheme, Report, Theme
from joinedup.followup.report import (
    SectionMoveRefused,
    build_report,
    move_report_section,
    move_section,
    normalised_sections,
    report_for,
)
from tests.casestudies.factories import CaseStudyFactory, TimelineEntryFactory
from tests.directory.factories import ServiceFactory, sector
from tests.events.factories import AgendaItemFactory, InvitationFactory
from tests.followup.factories import ActionFactory, add_point, sheet_at


def _invite(event, n, *, sector_code, sector_name, tier, status):
    for _ in range(n):
        InvitationFactory(
            event=event, sector=sector_code, sector_name=sector_name, tier=tier, status=status
        )


@pytest.fixture
def full_event(held_event, study, place):
    """A held event with invitations, an opening, two tables, points, actions and feedback."""
    _invite(
        held_event,
        3,
        sector_code="housing",
        sector_name="Housing",
        tier="frontline",
        status=Invitation.Status.ATTENDED,
    )
    _invite(
        held_event,
        2,
        sector_code="housing",
        sector_name="Housing",
        tier="frontline",
        status=Invitation.Status.DECLINED,
    )
    _invite(
        held_event,
        1,
        sector_code="dfe",
        sector_name="Department for Education",
        tier="central",
        status=Invitation.Status.ATTENDED,
    )
    AgendaItemFactory(
        event=held_event,
        kind=AgendaItem.Kind.OPENING,
        title="A view from the MASH",
        speakers="Dana Speaker\nEli Speaker",
        order=1,
    )
    entries = list(study.entries.order_by("order"))
    t1, t2 = (
        sheet_at(held_event, study, label="Table 1"),
        sheet_at(held_event, study, label="Table 2"),
    )
    housing = sector("housing")
    add_point(
        t1,
        entry=entries[2],
        text="Offer a family worker when exclusion is first discussed",
        sector=housing,
        how_early="early_help",
    )
    add_point(t2, entry=entries[2], text="Check on younger siblings", how_early="prevention")
    point = add_point(t2, entry=entries[2], text="Joint visit with housing", how_early="crisis")
    add_point(
        t1,
        entry=entries[0],
        text="Ask about home at the first school meeting",
        how_early="prevention",
    )
    InterventionPointTheme.objects.create(
        place=place, intervention_point=point, theme=Theme.objects.get(slug="prevention")
    )
    team = ServiceFactory(place=place, name="Housing Options")
    action = ActionFactory(
        place=place,
        event=held_event,
        title="Agree one escalation route with schools",
        owner_team=team,
    )
    action.themes.set([Theme.objects.get(slug="clearer-escalation-pathways")])
    attendee = held_event.invitations.filter(status="attended").first()
    FeedbackResponse.objects.create(
        place=place,
        event=held_event,
        invitation=attendee,
        gained=["insight", "ideas"],
        come_again="yes",
        what_next="Meet again in spring",
    )
    return held_event


def test_report_shows_who_came_against_who_was_invited(full_event):
    data = build_report(full_event)
    assert (data.invited, data.came) == (6, 4)
    assert [(s.name, s.tier, s.invited, s.came) for s in data.sectors] == [
        ("Housing", "frontline", 5, 3),
        ("Department for Education", "central", 1, 1),
    ]
    assert data.tiers == [("central", 1, 1), ("frontline", 5, 3)]


def test_report_orders_each_case_studys_moments_most_named_first(full_event, study):
    data = build_report(full_event)
    [section] = data.case_studies
    assert (section.title, section.points, section.tables) == ("Kai's story", 4, 2)
    assert [(m.when, m.count) for m in section.named] == [("aged 14", 3), ("aged 9", 1)]
    assert [m.when for m in section.rest] == ["aged 13", "aged 15"]
    assert data.life_course == [
        ("Primary age (5–10)", [1, 0, 0, 0]),
        ("Secondary age (11–15)", [1, 1, 1, 0]),
    ]


def test_report_merges_identical_intervention_points_with_their_count(
    held_event, study, convenor_client, place
):
    entry = study.entries.order_by("order").first()
    tables = [sheet_at(held_event, study, label=f"Table {n}") for n in (1, 2, 3)]
    for table in tables:
        add_point(table, entry=entry, text="Ask about home at the first school meeting")
    add_point(tables[2], entry=entry, text="ask about home  at the first school meeting")
    add_point(tables[0], entry=entry, text="Check on younger siblings")

    [section] = build_report(held_event).case_studies
    [moment] = section.named
    page = convenor_client.get(
        reverse("followup:report", args=[place.slug, held_event.pk])
    ).content.decode()

    assert moment.count == 5
    assert [(p.text, p.count) for p in moment.points] == [
        ("Ask about home at the first school meeting", 4),
        ("Check on younger siblings", 1),
    ]
    assert page.count("Ask about home at the first school meeting") == 1
    assert "Ask about home at the first school meeting <strong>(named 4 times)</strong>" in page


def test_report_gathers_openings_actions_themes_and_feedback(full_event):
    data = build_report(full_event)
    assert [(o.title, o.speaker_names) for o in data.openings] == [
        ("A view from the MASH", ["Dana Speaker", "Eli Speaker"])
    ]
    assert [a.title for a in data.actions] == ["Agree one escalation route with schools"]
    assert data.themes == [("Clearer escalation pathways", 1, 0), ("Prevention", 0, 1)]
    assert (data.feedback.responses, data.feedback.attended) == (1, 4)
    assert dict(data.feedback.gains)["Insight into other teams"] == 1
    assert data.feedback.what_next == ["Meet again in spring"]


def test_hidden_and_moved_sections(full_event, convenor_client, place):
    report = report_for(full_event)
    url = reverse("followup:report_edit", args=[place.slug, full_event.pk])
    convenor_client.post(url, {"move": "actions:up"})
    response = convenor_client.post(
        url, {"intro": "Our day.", "next_steps": "Meet in May.", "hidden": ["feedback"]}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    keys = [s["key"] for s in build_report(full_event, report=report).shown_sections]
    assert keys == [
        "attendance",
        "openings",
        "case_studies",
        "actions",
        "life_course",
        "themes",
        "next_steps",
    ]
    page = convenor_client.get(
        reverse("followup:report", args=[place.slug, full_event.pk])
    ).content.decode()
    assert "Our day." in page and "Meet in May." in page
    assert "What people said about the day" not in page
    assert move_section(report.sections, "attendance", "up")[0]["key"] == "attendance"


def test_report_page_has_charts_with_text_alternatives_and_is_audited(
    full_event, convenor_client, place, convenor
):
    page = convenor_client.get(
        reverse("followup:report", args=[place.slug, full_event.pk])
    ).content.decode()
    assert 'role="img"' in page
    assert (
        '<desc id="chart-attendance-desc">4 of 6 people invited came. Housing: 3 came of 5 invited'
        in page
    )
    assert "Intervention points by life stage (the figures in the chart)" in page
    entry = AuditEntry.objects.get(action="followup.report.read")
    assert (entry.actor, entry.data["case_studies"]) == (
        convenor,
        [c.pk for c in full_event.place.case_studies.all()],
    )


def test_unpublished_report_is_hidden_from_everyone_but_convenors(
    full_event, client, place, make_member
):
    client.force_login(make_member(place, "practitioner"))
    url = reverse("followup:report", args=[place.slug, full_event.pk])
    assert client.get(url).status_code == 404
    Report.objects.filter(event=full_event).update(status="published")
    report_for(full_event)
    Report.objects.filter(event=full_event).update(status="published")
    assert client.get(url).status_code == 200


def test_pdf_contains_case_studies_actions_and_chart_text(full_event):
    pdf = documents.render_pdf(build_report(full_event))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
        pages = len(document.pages)
        width, height = document.pages[0].width, document.pages[0].height
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert "Contents" in text
    assert f"Page 1 of {pages}" in text
    assert "Kai's story" in text
    assert "Offer a family worker when exclusion is first discussed" in text
    assert "Agree one escalation route with schools" in text
    assert "Attendance by sector (the figures in the chart)" in text
    assert "Intervention points by life stage (the figures in the chart)" in text


def test_docx_contains_case_studies_actions_and_chart_alt_text(full_event):
    from docx import Document

    document = Document(io.BytesIO(documents.render_docx(build_report(full_event))))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    alt = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert "Kai's story" in text
    assert "Offer a family worker when exclusion is first discussed (Housing, early help)" in text
    assert "Agree one escalation route with schools" in cells
    assert alt == ["Attendance by sector: Housing 3 of 5; Department for Education 1 of 1"]
    assert "Secondary age (11–15)" in cells


def test_downloads_are_audited_as_exports(full_event, convenor_client, place):
    pdf = convenor_client.get(reverse("followup:report_pdf", args=[place.slug, full_event.pk]))
    docx = convenor_client.get(reverse("followup:report_docx", args=[place.slug, full_event.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert docx.content.startswith(b"PK")
    assert sorted(
        AuditEntry.objects.filter(action__startswith="followup.report.exported").values_list(
            "action", flat=True
        )
    ) == [
        "followup.report.exported_docx",
        "followup.report.exported_pdf",
    ]


def _grow(event, place, *, studies, points_each, actions):
    """Add case studies with points, and actions, to an event."""
    for s in range(studies):
        story = CaseStudyFactory(place=place, state="approved")
        entries = [
            TimelineEntryFactory(case_study=story, order=o, age_years=5 + o) for o in range(4)
        ]
        capture = sheet_at(event, story, label=f"Table {s}")
        for p in range(points_each):
            add_point(capture, entry=entries[p % 4], text=f"Point {p}", sector=sector("housing"))
    team = ServiceFactory(place=place)
    for _ in range(actions):
        ActionFactory(place=place, event=event, owner_team=team).themes.set(Theme.objects.all()[:2])


def test_report_queries_do_not_grow_with_the_event(
    held_event, place, convenor_client, django_assert_num_queries
):
    url = reverse("followup:report", args=[place.slug, held_event.pk])
    _grow(held_event, place, studies=1, points_each=2, actions=1)
    convenor_client.get(url)  # makes the report row
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        convenor_client.get(url)
    _grow(held_event, place, studies=4, points_each=12, actions=15)
    with django_assert_num_queries(len(small)):
        response = convenor_client.get(url)
    assert response.content.decode().count('class="jup-case-study"') == 5


def test_moving_a_section_is_audited_and_an_end_stays_put(held_event, convenor):
    report = report_for(held_event)
    move_report_section(report=report, actor=convenor, key="actions", direction="up")
    move_report_section(
        report=report, actor=convenor, key="attendance", direction="up"
    )  # the first

    report.refresh_from_db()
    keys = [s["key"] for s in report.sections]
    entries = AuditEntry.objects.filter(action="followup.report.section_moved")
    assert [(e.actor, e.data["section"], e.data["direction"]) for e in entries] == [
        (convenor, "actions", "up")
    ]
    assert entries.get().data["order"] == keys


def test_moving_an_unknown_section_is_refused_with_nothing_changed(
    held_event, convenor, convenor_client, place
):
    report = report_for(held_event)
    before = normalised_sections(report.sections)
    with pytest.raises(SectionMoveRefused):
        move_report_section(report=report, actor=convenor, key="secrets", direction="up")
    url = reverse("followup:report_edit", args=[place.slug, held_event.pk])
    response = convenor_client.post(url, {"move": "actions:sideways"})

    assert response.status_code == 400
    assert "Choose a section of the report" in response.content.decode()
    report.refresh_from_db()
    assert normalised_sections(report.sections) == before
    assert not AuditEntry.objects.filter(action="followup.report.section_moved").exists()
