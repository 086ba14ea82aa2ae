"""The event report as files: PDF (WeasyPrint, from the same HTML as the page) and Word
(python-docx), for people who pass reports around or edit them."""

import io
import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.text import slugify

from joinedup.followup import charts
from joinedup.followup.report import POINTS_PER_MOMENT, SECTION_TITLES, ReportData

# WeasyPrint narrates every layout step at INFO; keep its warnings only.
for _name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(_name).setLevel(logging.WARNING)


def filename(data: ReportData, extension: str) -> str:
    return f"{slugify(data.event.title)[:60] or 'event'}-report.{extension}"


def render_pdf(data: ReportData) -> bytes:
    """The report as an A4 PDF with a contents page and page numbers, tagged (headings, lists,
    tables) so that screen readers can follow it."""
    from weasyprint import HTML

    html = render_to_string(
        "followup/report_pdf.html", {"data": data, "service_name": settings.SERVICE_NAME}
    )
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf(pdf_tags=True)


# --- Word ----------------------------------------------------------------------------------


def _picture_with_alt_text(document, png: bytes, *, alt: str, width_cm: float = 16) -> None:
    """Add a picture and give it a description that screen readers read out."""
    from docx.shared import Cm

    document.add_picture(io.BytesIO(png), width=Cm(width_cm))
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", alt)
    inline.docPr.set("title", alt[:100])


def _table(document, header: list[str], rows: list[list]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def _paragraphs(document, text: str) -> None:
    for block in (text or "").split("\n\n"):
        if block.strip():
            document.add_paragraph(block.strip())


def render_docx(data: ReportData) -> bytes:
    """The report as a Word document with the same sections, tables for charts' figures, and
    the attendance chart as a picture with alt text."""
    from docx import Document
    from docx.enum.section import WD_ORIENT  # noqa: F401  (A4 portrait is the default we set)
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    event = data.event
    document.core_properties.title = f"{event.title}: report"
    document.add_heading(f"{event.title}: report", level=0)
    document.add_paragraph(f"{event.date:%-d %B %Y}, {event.venue_line}")
    _paragraphs(document, data.report.intro)

    for item in data.shown_sections:
        key = item["key"]
        document.add_heading(SECTION_TITLES[key], level=1)
        if key == "attendance":
            document.add_paragraph(f"{data.came} of the {data.invited} people invited came.")
            if data.sectors:
                _picture_with_alt_text(
                    document,
                    charts.png_bars(
                        [s.name for s in data.sectors],
                        [
                            charts.Series(
                                "Invited", charts.GREY, [s.invited for s in data.sectors]
                            ),
                            charts.Series("Came", charts.BLUE, [s.came for s in data.sectors]),
                        ],
                        title="Attendance by sector",
                    ),
                    alt="Attendance by sector: "
                    + "; ".join(f"{s.name} {s.came} of {s.invited}" for s in data.sectors),
                )
            _table(
                document,
                ["Sector", "Tier", "Invited", "Came"],
                [[s.name, s.tier, s.invited, s.came] for s in data.sectors],
            )
        elif key == "openings":
            if not data.openings:
                document.add_paragraph("There were no opening perspectives.")
            for opening in data.openings:
                document.add_heading(opening.title, level=2)
                if opening.speaker_names:
                    document.add_paragraph(", ".join(opening.speaker_names))
        elif key == "case_studies":
            if not data.case_studies:
                document.add_paragraph("No case studies were discussed at tables.")
            for study in data.case_studies:
                document.add_heading(study.title, level=2)
                _paragraphs(document, study.summary)
                document.add_paragraph(
                    f"{study.points} intervention points from {study.tables} table discussions."
                )
                for moment in study.named:
                    document.add_heading(
                        f"{moment.when} – named {moment.count} time"
                        f"{'s' if moment.count != 1 else ''}",
                        level=3,
                    )
                    if moment.what_happened:
                        document.add_paragraph(moment.what_happened)
                    for point in moment.points[:POINTS_PER_MOMENT]:
                        who = point.service or point.sector
                        extra = ", ".join(x for x in (who, point.how_early.lower()) if x)
                        times = f" (named {point.count} times)" if point.count > 1 else ""
                        document.add_paragraph(
                            point.text + times + (f" ({extra})" if extra else ""),
                            style="List Bullet",
                        )
                    if moment.more:
                        document.add_paragraph(f"and {moment.more} more")
                if study.rest:
                    document.add_paragraph("The rest of the timeline:").runs[0].bold = True
                    for moment in study.rest:
                        document.add_paragraph(
                            f"{moment.when}: {moment.what_happened}", style="List Bullet"
                        )
        elif key == "life_course":
            document.add_paragraph(
                "Intervention points along the life course, by how early the tables said help "
                "could have come."
            )
            _table(
                document,
                ["Life stage", "Prevention", "Early help", "Crisis", "Not said", "All"],
                [[stage, *values, sum(values)] for stage, values in data.life_course],
            )
        elif key == "actions":
            if not data.actions:
                document.add_paragraph("No actions have been confirmed yet.")
            else:
                _table(
                    document,
                    ["Action", "Owner", "Due", "Status"],
                    [
                        [
                            a.title,
                            ", ".join(
                                x
                                for x in (
                                    a.owner_team.name if a.owner_team_id else "",
                                    a.owner_name,
                                )
                                if x
                            ),
                            f"{a.due_date:%-d %B %Y}" if a.due_date else "",
                            a.get_status_display(),
                        ]
                        for a in data.actions
                    ],
                )
        elif key == "themes":
            if not data.themes:
                document.add_paragraph("No themes have been tagged yet.")
            else:
                _table(
                    document,
                    ["Theme", "Actions", "Intervention points"],
                    [[t, a, p] for t, a, p in data.themes],
                )
        elif key == "feedback":
            f = data.feedback
            document.add_paragraph(f"{f.responses} of {f.attended} people who came answered.")
            _table(document, ["What people gained", "People"], [[g, n] for g, n in f.gains])
            _table(document, ["Would come again", "People"], [[g, n] for g, n in f.come_again])
            if f.what_next:
                document.add_paragraph("What should happen next, in their words:")
                for quote in f.what_next:
                    document.add_paragraph(quote, style="List Bullet")
        elif key == "next_steps":
            _paragraphs(document, data.report.next_steps)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
