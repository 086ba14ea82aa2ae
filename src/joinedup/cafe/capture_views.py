"""Pages and JSON endpoints of live capture at the tables, and the convenor's live view."""

import hashlib
import json
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from joinedup.cafe import attendance, capture
from joinedup.cafe.capture_forms import TableCaptureForm
from joinedup.cafe.models import CafeTable
from joinedup.casestudies import rules, services
from joinedup.casestudies.models import CaseStudy, HowEarly, InterventionPoint, TableCapture
from joinedup.core.permissions import can, check, place_view
from joinedup.directory.services import sectors_for, services_of
from joinedup.events.models import Event
from joinedup.events.services import event_of_place_or_404

# Who may capture at a sheet (hosts, convenors, and those seated there if allowed) is the
# object rule of "casestudies.capture" in rules.py.


def _background(request: HttpRequest) -> None:
    """Saves and polls run in the background every few seconds: they must not change the
    person's current place, and so need not write the session (a database write each)."""
    request.session.modified = False


def _sheet(request: HttpRequest, capture_id) -> TableCapture:
    """The place's sheet (else 404), if this person may capture at it (else 403), without its
    case study: every save and poll starts here, so it is one fixed SQL string."""
    key = TableCapture._meta.pk.get_db_prep_value(capture_id, connection)
    sheet = next(iter(TableCapture.objects.raw(_SHEET_SQL, [key, request.place.pk])), None)
    if sheet is None:
        raise Http404("No such capture sheet")
    sheet.place = request.place  # already loaded by place_view: saves a query on every save
    check(request.user, "casestudies.capture", sheet, message="You are not at this table")
    return sheet


def _sheet_sql() -> str:
    meta = TableCapture._meta
    columns = ", ".join(field.column for field in meta.concrete_fields)
    return f"SELECT {columns} FROM {meta.db_table} WHERE id = %s AND place_id = %s"  # noqa: S608


_SHEET_SQL = _sheet_sql()


@place_view("core.view_place")
def capture_list(request: HttpRequest, place_slug: str) -> HttpResponse:
    """The tables (each round) and capture sheets this person can add to."""
    may_capture_all = can(request.user, "casestudies.capture", request.place)
    tables = CafeTable.objects.filter(place=request.place).select_related("event", "case_study")
    if not may_capture_all:
        tables = tables.filter(
            pk__in=TableCapture.objects.filter(
                place=request.place, participants_may_capture=True, table__isnull=False
            ).values("table_id")
        )
    hosted = set(
        attendance.tables_hosted_by(request.user, request.place).values_list("pk", flat=True)
    )
    events = {}
    for table in tables.order_by("-event__date", "label"):
        if table.event.is_past:
            continue
        group = events.setdefault(table.event_id, {"event": table.event, "tables": []})
        rounds = range(1, capture.rounds_of(table.event) + 1)
        group["tables"].append({"table": table, "rounds": rounds, "mine": table.pk in hosted})
    for group in events.values():
        group["tables"].sort(key=lambda t: (not t["mine"], t["table"].label))
    sheets = TableCapture.objects.filter(place=request.place, table__isnull=True).select_related(
        "case_study"
    )
    sheets = [s for s in sheets if can(request.user, "casestudies.capture", s)]
    return render(
        request,
        "casestudies/capture_list.html",
        {
            "page_title": "Capture at the tables",
            "events": list(events.values()),
            "sheets": sheets,
            "can_watch": can(request.user, "casestudies.approve", request.place),
        },
    )


@place_view("core.view_place")
def table_capture(request: HttpRequest, place_slug: str, table_id: int, round: int) -> HttpResponse:
    """The way in from a table card's QR code or the roster: the table's sheet for a round."""
    table = get_object_or_404(
        CafeTable.objects.select_related("event", "case_study"), pk=table_id, place=request.place
    )
    if not 1 <= round <= capture.rounds_of(table.event):
        raise Http404("No such round")
    existing = TableCapture.objects.filter(table=table, round=round).first()
    if existing is None and not can(request.user, "casestudies.capture", request.place):
        # Participants only join a sheet the convenor has opened to them.
        raise PermissionDenied("This table's sheet is for its host")
    sheet = existing or capture.capture_for_table(table=table, round=round, actor=request.user)
    check(request.user, "casestudies.capture", sheet, message="You are not at this table")
    return redirect("capture:capture", place_slug, sheet.pk)


@require_POST
@place_view("casestudies.approve")
def capture_participants(request: HttpRequest, place_slug: str, capture_id) -> HttpResponse:
    """Let (or stop) everyone seated at this table add to its sheet."""
    sheet = get_object_or_404(TableCapture, pk=capture_id, place=request.place)
    allowed = request.POST.get("allowed") == "1"
    capture.set_participants_may_capture(sheet=sheet, allowed=allowed, actor=request.user)
    messages.success(
        request,
        "Everyone at the table can now add to this sheet"
        if allowed
        else "Only hosts and convenors can add to this sheet now",
    )
    return redirect("capture:capture", place_slug, sheet.pk)


@require_POST
@place_view("casestudies.approve")
def live_open(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Open a sheet at every table and round of an event (optionally for all seated there)."""
    event = event_of_place_or_404(place=request.place, event_id=request.POST.get("event"))
    sheets = capture.open_sheets_for_event(
        event=event,
        participants_may_capture=request.POST.get("participants") == "1",
        actor=request.user,
    )
    messages.success(request, f"{len(sheets)} capture sheets are open for {event.title}")
    return redirect(reverse("capture:live", args=[place_slug]) + f"?event={event.pk}")


@place_view("core.view_place")
def capture_page(request: HttpRequest, place_slug: str, capture_id) -> HttpResponse:
    """The table's capture sheet: the timeline, and what the table adds to it."""
    sheet = _sheet(request, capture_id)
    case_study = sheet.case_study  # a query: the JSON endpoints need no case study
    services.record_read(case_study=case_study, actor=request.user, via="capture")
    entries = list(case_study.entries.all())
    return render(
        request,
        "casestudies/capture.html",
        {
            "page_title": f"{sheet.label}, round {sheet.round}",
            "sheet": sheet,
            "case_study": case_study,
            "entries": entries,
            "sectors": sectors_for(request.place),
            "services": services_of(request.place),
            "how_early": HowEarly.choices,
            "placements": InterventionPoint.Placement.choices,
            "may_manage": can(request.user, "casestudies.approve", request.place),
        },
    )


@require_GET
@place_view("core.view_place")
def capture_items(request: HttpRequest, place_slug: str, capture_id) -> JsonResponse:
    """Every item of the sheet (or those changed since ?since=), for the page to show and poll."""
    _background(request)
    sheet = _sheet(request, capture_id)
    try:
        since = parse_datetime(request.GET.get("since", "")) if request.GET.get("since") else None
    except ValueError:  # well formed but impossible, like 9999-99-99T99:99
        since = None
    if request.GET.get("since") and since is None:
        return JsonResponse(
            {"error": "since must be a date and time like 2026-03-12T10:30:00Z"}, status=400
        )
    # A conditional GET: the page sends back the ETag of its last answer, and while nothing
    # on the sheet has changed since then it gets a bodyless 304. The ETag is the sheet's,
    # whatever ?since= asks: an unchanged sheet holds nothing the page has not already had
    # (its next ?since= starts inside the window it last received). Never cached: no-store.
    etag = _etag(sheet)
    if _matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    response = JsonResponse(
        {"items": capture.items_of(sheet, since=since), "now": timezone.now().isoformat()}
    )
    response["ETag"] = etag
    return response


def _etag(sheet: TableCapture) -> str:
    """A weak ETag (answers differ in "now" and in their ?since= window) of the sheet's items."""
    state = repr((str(sheet.pk), capture.state_of(sheet)))
    return 'W/"' + hashlib.blake2b(state.encode(), digest_size=12).hexdigest() + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    """Whether If-None-Match names this ETag (weak comparison, as RFC 9110 has for GET)."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    ours = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == ours for tag in if_none_match.split(","))


@require_http_methods(["PUT", "DELETE"])
@place_view("core.view_place")
def capture_item(
    request: HttpRequest, place_slug: str, capture_id, kind: str, item_id: uuid.UUID
) -> JsonResponse:
    """Save (PUT) or delete (DELETE) one item, idempotently, keyed by the browser's UUID.

    PUT body: {"version": <the version the edit started from, 0 when new>, "data": {...}}.
    Answers 201 created, 200 saved or already saved, 409 with the server's copy when someone
    else changed the item first, 400 with GOV.UK-worded errors.
    """
    _background(request)
    sheet = _sheet(request, capture_id)
    if kind not in capture.KINDS:
        return JsonResponse({"error": "No such kind of item"}, status=404)
    try:
        body = json.loads(request.body or b"{}")
        base_version = int(body.get("version", 0))
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"error": "Send JSON with a version number"}, status=400)
    if request.method == "DELETE":
        outcome = capture.delete_item(
            capture=sheet, kind=kind, item_id=item_id, base_version=base_version, actor=request.user
        )
    else:
        data = body.get("data")
        if not isinstance(data, dict):
            return JsonResponse({"error": "Send the item's fields as data"}, status=400)
        outcome = capture.save_item(
            capture=sheet,
            kind=kind,
            item_id=item_id,
            base_version=base_version,
            data=data,
            actor=request.user,
        )
    payload = {"status": outcome.status}
    if outcome.item is not None:
        payload["item"] = capture.item_json(kind, outcome.item)
    if outcome.errors:
        payload["errors"] = outcome.errors
    return JsonResponse(payload, status=outcome.http_status)


@place_view("casestudies.approve")
def live(request: HttpRequest, place_slug: str) -> HttpResponse:
    """Every table of the chosen event filling in, for the convenor during the day (the page
    polls live_data)."""
    events = [
        e
        for e in Event.objects.filter(
            place=request.place,
            pk__in=CafeTable.objects.filter(place=request.place).values("event_id"),
        ).order_by("date", "pk")
        if not e.is_past
    ]
    chosen = _chosen_event(request, events)
    return render(
        request,
        "casestudies/live.html",
        {
            "page_title": f"Tables, live: {chosen.title}" if chosen else "Tables, live",
            "tables": live_tables(request.place, event=chosen),
            "events": events,
            "chosen": chosen,
        },
    )


def _chosen_event(request: HttpRequest, events: list) -> Event | None:
    """The event asked for in ?event= (one of the place's, else 404), or the soonest coming."""
    asked = request.GET.get("event")
    if asked:
        return event_of_place_or_404(place=request.place, event_id=asked)
    return events[0] if events else None


@require_GET
@place_view("casestudies.approve")
def live_data(request: HttpRequest, place_slug: str) -> JsonResponse:
    """What the live page shows, as JSON."""
    _background(request)
    asked = request.GET.get("event")
    event = event_of_place_or_404(place=request.place, event_id=asked) if asked else None
    return JsonResponse(
        {"tables": live_tables(request.place, event=event), "now": timezone.now().isoformat()}
    )


def live_tables(place, *, event: Event | None = None) -> list[dict]:
    """Each capture sheet of one event of the place (without an event: the sheets that have
    none) with its counts and latest items, cut at a word."""
    # a sheet's event is its café table's; a sheet with no table belongs to no event
    where = {"table__event": event} if event is not None else {"table__isnull": True}
    sheets = list(
        TableCapture.objects.filter(place=place, **where)
        .select_related("case_study")
        .order_by("round", "label")
    )
    counts = capture.counts_of(sheets)
    tables = []
    for sheet in sheets:
        latest = []
        for kind, spec in capture.KINDS.items():
            for item in spec.model.objects.filter(capture=sheet, deleted_at__isnull=True).order_by(
                "-updated_at"
            )[:3]:
                latest.append((item.updated_at, kind, capture.snippet(capture.text_of(item))))
        latest.sort(reverse=True)
        tables.append(
            {
                "id": str(sheet.pk),
                "label": sheet.label,
                "round": sheet.round,
                "case_study": sheet.case_study.title,
                "counts": counts[sheet.pk],
                "last_saved": latest[0][0].isoformat() if latest else None,
                "latest": [
                    {"kind": kind.replace("_", " "), "text": text} for _, kind, text in latest[:3]
                ],
            }
        )
    return tables


@place_view("casestudies.approve")
def capture_create(request: HttpRequest, place_slug: str, pk: int) -> HttpResponse:
    """Open a capture sheet for a table and round that discuss this case study."""
    case_study = rules.readable_case_study_or_404(request.user, request.place, pk)
    if case_study.state != CaseStudy.State.APPROVED:
        messages.error(request, "Approve the case study before using it at a table")
        return redirect("casestudies:detail", place_slug, case_study.pk)
    form = TableCaptureForm(request.POST or None, initial={"round": 1})
    if request.method == "POST" and form.is_valid():
        sheet = capture.create_capture(
            case_study=case_study, actor=request.user, **form.cleaned_data
        )
        messages.success(request, f"Capture sheet opened for {sheet.label}, round {sheet.round}")
        return redirect("capture:capture", place_slug, sheet.pk)
    return render(
        request,
        "casestudies/capture_form.html",
        {"page_title": "Open a capture sheet", "case_study": case_study, "form": form},
    )
