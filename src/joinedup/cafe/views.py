"""Pages of the café planner, under /p/<place_slug>/cafe/ (namespace "cafe")."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from joinedup.cafe.app_planning import attendees, person_id
from joinedup.cafe.domain import plans, printing, room, tables
from joinedup.cafe.forms import NoShowForm, PlanForm, ReplanForm, TableForm
from joinedup.cafe.models import CafeTable, Plan
from joinedup.core.permissions import can, check, place_view
from joinedup.events.models import Event, Invitation
from joinedup.events.services import event_of_place_or_404


def _posted(request: HttpRequest):
    """The submitted data, bound even when empty (so "choose at least one" errors show)."""
    return request.POST if request.method == "POST" else None


def event_for(request: HttpRequest, event_id: int) -> Event:
    """Return the event of the page's place (another place's event answers 404)."""
    return event_of_place_or_404(place=request.place, event_id=event_id)


def _plan_for(request: HttpRequest, event: Event, plan_id: int) -> Plan:
    return get_object_or_404(
        Plan.objects.select_related("event__place", "replanned_from"),
        pk=plan_id,
        event=event,
        place=request.place,
    )


def _to_event(event: Event):
    return redirect("cafe:event", place_slug=event.place.slug, event_id=event.pk)


@place_view("cafe.view")
def event_page(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """The event's tables, whether a plan can be made, and the current plan."""
    event = event_for(request, event_id)
    current = plans.current_plan(event)
    built = plans.check_possible(event, basis=Plan.Basis.EXPECTED, revisits_allowed=False)
    rows = event.cafe_tables.select_related("case_study").prefetch_related("hosts")
    return render(
        request,
        "cafe/event.html",
        {
            "page_title": f"Café tables: {event.title}",
            "event": event,
            "tables": rows,
            "seats": sum(t.seats for t in rows),
            "rounds": plans.rounds_of(event),
            "coming": attendees(event, Plan.Basis.EXPECTED).count(),
            "built": built,
            "current": current,
            "earlier": event.cafe_plans.filter(is_current=False)[:10],
            "can_plan": can(request.user, "cafe.plan", request.place),
            "room": room.figures(event),
        },
    )


def _table_form_page(request, event, form, table=None):
    return render(
        request,
        "cafe/table_form.html",
        {
            "page_title": f"Change table {table.label}" if table else "Add a table",
            "event": event,
            "form": form,
            "table": table,
        },
    )


@place_view("cafe.plan")
def table_add(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    event = event_for(request, event_id)
    form = TableForm(
        _posted(request), event=event, initial={"label": tables.next_label(event), "seats": 6}
    )
    if request.method == "POST" and form.is_valid():
        table = tables.save_table(event=event, actor=request.user, **form.cleaned_data)
        messages.success(request, f"Added table {table.label}")
        return _to_event(event)
    return _table_form_page(request, event, form)


@place_view("cafe.plan")
def table_edit(request: HttpRequest, place_slug: str, event_id: int, table_id: int):
    event = event_for(request, event_id)
    table = get_object_or_404(CafeTable, pk=table_id, event=event)
    form = TableForm(_posted(request), instance=table, event=event)
    if request.method == "POST" and form.is_valid():
        tables.save_table(event=event, actor=request.user, table=table, **form.cleaned_data)
        messages.success(request, f"Saved table {table.label}")
        return _to_event(event)
    return _table_form_page(request, event, form, table)


@place_view("cafe.plan")
def table_delete(request: HttpRequest, place_slug: str, event_id: int, table_id: int):
    event = event_for(request, event_id)
    table = get_object_or_404(
        CafeTable.objects.select_related("case_study"), pk=table_id, event=event
    )
    if request.method == "POST":
        tables.delete_table(table=table, actor=request.user)
        messages.success(request, f"Removed table {table.label}")
        return _to_event(event)
    return render(
        request,
        "cafe/table_delete.html",
        {"page_title": f"Remove table {table.label}", "event": event, "table": table},
    )


@place_view("cafe.view")
def table_page(request: HttpRequest, place_slug: str, event_id: int, table_id: int):
    """One table: its case study, hosts, and who sits there in each round of the current plan."""
    event = event_for(request, event_id)
    table = get_object_or_404(
        CafeTable.objects.select_related("case_study", "place").prefetch_related("hosts"),
        pk=table_id,
        event=event,
    )
    current = plans.current_plan(event)
    rounds = []
    if current is not None:
        row = next((r for r in plans.grid(current) if r["label"] == table.label), None)
        titles = plans.round_titles(current)
        if row is not None:
            rounds = [
                {
                    "number": n,
                    "title": titles[n - 1],
                    "people": cell,
                    "capture_url": capture_url(table, n),
                }
                for n, cell in enumerate(row["cells"], start=1)
            ]
    return render(
        request,
        "cafe/table.html",
        {
            "page_title": f"Table {table.label}: {table.case_study.title}",
            "event": event,
            "table": table,
            "current": current,
            "rounds": rounds,
        },
    )


def capture_url(table: CafeTable, round_number: int) -> str:
    """Return the live capture page of a table in a round (the case studies app owns it)."""
    return reverse(
        "capture:table_capture",
        kwargs={"place_slug": table.place.slug, "table_id": table.pk, "round": round_number},
    )


def _start(request, event, job, built, page, context):
    if job is None:
        context["problems"] = built.problems
        return render(request, page, context)
    return redirect("job", place_slug=event.place.slug, job_id=job.pk)


@place_view("cafe.plan")
def plan_start(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Plan the tables: choose whom to seat, then planning runs as a job with progress."""
    event = event_for(request, event_id)
    form = PlanForm(_posted(request))
    context = {
        "page_title": f"Plan tables: {event.title}",
        "event": event,
        "form": form,
        "current": plans.current_plan(event),
    }
    if request.method == "POST" and form.is_valid():
        job, built = plans.start_planning(event=event, actor=request.user, **form.cleaned_data)
        return _start(request, event, job, built, "cafe/plan_form.html", context)
    built = plans.check_possible(event, basis=Plan.Basis.EXPECTED, revisits_allowed=False)
    context["warnings"] = built.warnings
    return render(request, "cafe/plan_form.html", context)


def _round_choices(event: Event, plan: Plan) -> list[tuple[int, str]]:
    starts = {r.number: r for r in plans.rounds_of(event)}
    choices = []
    for n, title in enumerate(plans.round_titles(plan), start=1):
        r = starts.get(n)
        when = ""
        if r is not None and r.starts is not None:
            local = timezone.localtime(r.starts)
            state = "under way since" if r.under_way else "starts at"
            when = f" ({state} {local:%H:%M})"
        choices.append((n, f"{title}{when}"))
    return choices


@place_view("cafe.plan")
def replan(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Re-plan on the day: keep the seats of rounds under way or printed, seat who is here."""
    event = event_for(request, event_id)
    current = plans.current_plan(event)
    if current is None:
        messages.error(request, "Make a plan first: there is nothing to re-plan yet")
        return redirect("cafe:plan_start", place_slug=place_slug, event_id=event.pk)
    form = ReplanForm(
        _posted(request),
        rounds=_round_choices(event, current),
        initial={
            "kept_rounds": plans.default_kept_rounds(event, current),
            "basis": Plan.Basis.EXPECTED,
            "seconds": 2,
        },
    )
    context = {
        "page_title": f"Re-plan on the day: {event.title}",
        "event": event,
        "form": form,
        "current": current,
        "room": room.figures(event),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job, built = plans.start_planning(
            event=event,
            actor=request.user,
            basis=data["basis"],
            revisits_allowed=current.instance.get("revisits_allowed", False),
            seconds=data["seconds"],
            kept_rounds=data["kept_rounds"],
            replan_from=current,
        )
        return _start(request, event, job, built, "cafe/replan_form.html", context)
    return render(request, "cafe/replan_form.html", context)


@place_view("cafe.plan")
def room_page(request: HttpRequest, place_slug: str, event_id: int) -> HttpResponse:
    """Who is in the room: mark people who have not come; walk-ins are added at check-in."""
    event = event_for(request, event_id)
    waiting = room.not_arrived(event)
    form = NoShowForm(_posted(request), queryset=waiting)
    if request.method == "POST" and form.is_valid():
        marked = room.mark_no_shows(
            event=event,
            invitation_ids=[i.pk for i in form.cleaned_data["people"]],
            actor=request.user,
        )
        messages.success(
            request,
            f"Marked {len(marked)} {'person' if len(marked) == 1 else 'people'} as not coming. "
            "Re-plan to give their seats to others.",
        )
        return redirect("cafe:room", place_slug=place_slug, event_id=event.pk)
    walk_ins = event.invitations.filter(walk_in=True, checked_in_at__isnull=False).order_by("name")
    no_shows = event.invitations.filter(status=Invitation.Status.NO_SHOW).order_by("name")
    return render(
        request,
        "cafe/room.html",
        {
            "page_title": f"Who is in the room: {event.title}",
            "event": event,
            "form": form,
            "figures": room.figures(event),
            "walk_ins": walk_ins,
            "no_shows": no_shows,
            "current": plans.current_plan(event),
        },
    )


@place_view("cafe.view")
def plan_page(request: HttpRequest, place_slug: str, event_id: int, plan_id: int) -> HttpResponse:
    """A plan: every measure in plain words, and the grid of tables × rounds."""
    event = event_for(request, event_id)
    plan = _plan_for(request, event, plan_id)
    return render(
        request,
        "cafe/plan.html",
        {
            "page_title": f"Table plan: {event.title}",
            "event": event,
            "plan": plan,
            "measures": plans.measures_of(plan),
            "grid": plans.grid(plan),
            "round_titles": plans.round_titles(plan),
            "changed": plans.changed_people(plan),
            "current": plan if plan.is_current else plans.current_plan(event),
            "can_plan": can(request.user, "cafe.plan", request.place),
        },
    )


@place_view("cafe.view")
def cards(request: HttpRequest, place_slug: str, event_id: int, plan_id: int) -> HttpResponse:
    """A card per person, on screen (the PDF has the same cards, one to a page)."""
    event = event_for(request, event_id)
    plan = _plan_for(request, event, plan_id)
    return render(
        request,
        "cafe/cards.html",
        {
            "page_title": f"Cards: {event.title}",
            "event": event,
            "plan": plan,
            "cards": printing.cards(plan),
            "round_titles": plans.round_titles(plan),
        },
    )


@place_view("cafe.view")
def rosters(request: HttpRequest, place_slug: str, event_id: int, plan_id: int) -> HttpResponse:
    """A roster per table per round for hosts, on screen."""
    event = event_for(request, event_id)
    plan = _plan_for(request, event, plan_id)
    return render(
        request,
        "cafe/rosters.html",
        {
            "page_title": f"Rosters: {event.title}",
            "event": event,
            "plan": plan,
            "rosters": printing.rosters(plan),
        },
    )


def _pdf(request, event, plan, what: str, context: dict) -> HttpResponse:
    pdf = printing.render_pdf(f"cafe/print/{what}.html", {"event": event, "plan": plan, **context})
    plans.mark_printed(plan=plan, actor=request.user, what=what)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{what}-{event.date:%Y-%m-%d}.pdf"'
    return response


@place_view("cafe.view")
def cards_pdf(request: HttpRequest, place_slug: str, event_id: int, plan_id: int):
    event = event_for(request, event_id)
    plan = _plan_for(request, event, plan_id)
    context = {"cards": printing.cards(plan), "round_titles": plans.round_titles(plan)}
    return _pdf(request, event, plan, "cards", context)


@place_view("cafe.view")
def rosters_pdf(request: HttpRequest, place_slug: str, event_id: int, plan_id: int):
    event = event_for(request, event_id)
    plan = _plan_for(request, event, plan_id)
    return _pdf(request, event, plan, "rosters", {"rosters": printing.rosters(plan)})


@place_view("cafe.view_card")
def person(request: HttpRequest, place_slug: str, event_id: int, invitation_id: int):
    """A person's tables for the day (what their card's QR code opens): theirs, or any for
    hosts and convenors (cafe/rules.py)."""
    event = event_for(request, event_id)
    invitation = get_object_or_404(Invitation, pk=invitation_id, event=event)
    check(request.user, "cafe.view_card", invitation, message="This is someone else's card")
    current = plans.current_plan(event)
    stops = []
    if current is not None:
        pid = person_id(invitation.pk)
        mine = next((p for p in plans.itineraries(current) if p["pid"] == pid), None)
        tables_by_label = {t.label: t for t in event.cafe_tables.select_related("place")}
        titles = plans.round_titles(current)
        for stop in mine["stops"] if mine else []:
            table = tables_by_label.get(stop["label"])
            stops.append(
                {
                    **stop,
                    "title": titles[stop["round"] - 1],
                    "table": table,
                    "capture_url": capture_url(table, stop["round"]) if table else "",
                    "table_url": reverse(
                        "cafe:table",
                        kwargs={
                            "place_slug": place_slug,
                            "event_id": event.pk,
                            "table_id": table.pk,
                        },
                    )
                    if table and can(request.user, "cafe.view", request.place)
                    else "",
                }
            )
    return render(
        request,
        "cafe/person.html",
        {
            "page_title": f"Tables for {invitation.name}",
            "event": event,
            "invitation": invitation,
            "current": current,
            "stops": stops,
        },
    )
