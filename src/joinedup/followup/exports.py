"""The action log as a spreadsheet: the same rows as CSV or as an XLSX workbook."""

import csv
import io

from django.utils import timezone

from joinedup.followup import sources

COLUMNS = [
    "Action",
    "Description",
    "Owning team",
    "Sector",
    "Owner",
    "Due",
    "Status",
    "Why dropped",
    "Needs the centre",
    "Event",
    "Case study",
    "Themes",
    "Last changed",
]


def _safe(value: str) -> str:
    """Stop a spreadsheet treating text people typed as a formula (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def rows(actions) -> list[list]:
    """One row a action, in COLUMNS order (actions from filter_actions: no further queries
    except one for the sectors of the owning teams)."""
    actions = list(actions)
    sectors = sources.service_sectors({a.owner_team_id for a in actions if a.owner_team_id})
    result = []
    for a in actions:
        sector = sectors.get(a.owner_team_id)
        result.append(
            [
                _safe(a.title),
                _safe(a.description),
                _safe(a.owner_team.name) if a.owner_team_id else "",
                sector[1] if sector else "",
                _safe(a.owner_name),
                a.due_date,
                a.get_status_display(),
                _safe(a.dropped_reason),
                "Yes" if a.needs_centre else "No",
                _safe(a.event.title) if a.event_id else "",
                _safe(a.case_study.title) if a.case_study_id else "",
                _safe(", ".join(t.name for t in a.themes.all())),
                timezone.localtime(a.updated_at).replace(tzinfo=None),
            ]
        )
    return result


def to_csv(actions) -> bytes:
    """The actions as UTF-8 CSV with a byte order mark (so Excel reads accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows(actions):
        writer.writerow(
            [
                v.isoformat(sep=" ", timespec="minutes")
                if hasattr(v, "hour")
                else (v.isoformat() if hasattr(v, "isoformat") else v)
                for v in row
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(actions, *, title: str = "Actions") -> bytes:
    """The actions as an Excel workbook with a header row, filters and sensible widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(actions):
        sheet.append(row)
    for index, width in enumerate([40, 50, 30, 24, 24, 12, 14, 30, 10, 30, 30, 30, 18], start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for cell in sheet["F"][1:]:
        cell.number_format = "yyyy-mm-dd"
    for cell in sheet["M"][1:]:
        cell.number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
