"""Permissions table rows for the case study and capture URLs.

Case studies have authors and capture sheets have the people seated at their table, so some
URLs have a second row ("name#case") for an object the role's person does not own.
"""

import datetime
import uuid

from django.utils import timezone

from joinedup.cafe.models import CafeTable, Plan, Seat
from joinedup.casestudies.models import CaseStudy, LifeDomain, ScanFinding, TableCapture
from joinedup.events.models import Event, Invitation
from tests.permissions_table import Row, roles

READERS = {"convenor", "host", "strategist"}
WRITERS = {"convenor", "host"}
CONVENOR = {"convenor"}
CAPTURERS = {"convenor", "host"}


def _study(place, author, *, state, title):
    study = CaseStudy.objects.create(place=place, author=author, title=title, state=state)
    study.entries.create(order=1, age_years=14, domain=LifeDomain.EDUCATION, what_happened="Moved.")
    return study


def setup(world) -> None:
    host, convenor = world.users["host"], world.users["convenor"]
    o = world.objects
    o["approved"] = _study(world.place, host, state="approved", title="Approved story")
    o["foreign_approved"] = _study(
        world.other_place, world.users["other_place"], state="approved", title="Foreign story"
    )
    # A draft of the host's: its author and convenors may change it.
    o["draft"] = _study(world.place, host, state="draft", title="Draft story")
    o["foreign_draft"] = _study(
        world.other_place, world.users["other_place"], state="draft", title="Foreign draft"
    )
    o["submitted"] = _study(world.place, host, state="submitted", title="Submitted story")
    o["foreign_submitted"] = _study(
        world.other_place, world.users["other_place"], state="submitted", title="Foreign sub"
    )
    for key in ("draft", "foreign_draft"):
        o[f"{key}_finding"] = ScanFinding.objects.create(
            case_study=o[key],
            field="title",
            start=0,
            end=5,
            kind="name",
            text="Draft",
            suggestion="[NAME 1]",
        )
    o["sheet"] = TableCapture.objects.create(
        place=world.place, case_study=o["approved"], label="Table 1"
    )
    o["foreign_sheet"] = TableCapture.objects.create(
        place=world.other_place, case_study=o["foreign_approved"], label="Table 1"
    )
    o["event"] = _event(world.place)
    o["table"] = CafeTable.objects.create(
        event=o["event"], place=world.place, label="T01", case_study=o["approved"]
    )
    foreign_event = _event(world.other_place)
    o["foreign_table"] = CafeTable.objects.create(
        event=foreign_event, place=world.other_place, label="T01", case_study=o["foreign_approved"]
    )
    o["entry"] = o["draft"].entries.get()
    o["foreign_entry"] = o["foreign_draft"].entries.get()
    # A draft of the convenor's: the host is not its author.
    o["convenor_draft"] = _study(world.place, convenor, state="draft", title="Convenor's draft")
    _seated_sheet(world)


def _seated_sheet(world) -> None:
    """A sheet open to participants at a table of another event where the practitioner sits."""
    o = world.objects
    event = _event(world.place)
    study = _study(world.place, world.users["host"], state="approved", title="Seated story")
    table = CafeTable.objects.create(event=event, place=world.place, label="T02", case_study=study)
    invitation = Invitation.objects.create(
        event=event,
        place=world.place,
        name="Pat Practitioner",
        email="practitioner@council.example",
        status=Invitation.Status.ACCEPTED,
        checkin_code="PRA001",
    )
    plan = Plan.objects.create(
        event=event, place=world.place, instance={"rounds": 1}, assignments={}
    )
    Seat.objects.create(plan=plan, place=world.place, invitation=invitation, table=table, round=1)
    o["seated_sheet"] = TableCapture.objects.create(
        place=world.place,
        case_study=study,
        table=table,  # the sheet's event is its table's
        round=1,
        label="T02",
        participants_may_capture=True,
    )


def _event(place):
    return Event.objects.create(
        place=place, title="Ilford day", date=timezone.localdate() + datetime.timedelta(days=7)
    )


def _kw(key, **extra):
    def kwargs(w):
        return {"place_slug": w.place.slug, "pk": w.objects[key].pk, **extra}

    return kwargs


def _entry_kw(study, entry):
    def kwargs(w):
        return {
            "place_slug": w.place.slug,
            "pk": w.objects[study].pk,
            "entry_id": w.objects[entry].pk,
        }

    return kwargs


def _finding_kw(study, finding):
    def kwargs(w):
        return {
            "place_slug": w.place.slug,
            "pk": w.objects[study].pk,
            "finding_id": w.objects[finding].pk,
        }

    return kwargs


def _sheet_kw(key, item=False):
    def kwargs(w):
        kw = {"place_slug": w.place.slug, "capture_id": w.objects[key].pk}
        if item:
            kw.update(kind="note", item_id=uuid.uuid4())
        return kw

    return kwargs


# A draft is the host's (its author's): other hosts would get 403 from the write gate, but the
# host in the table is the author, so writers get the page.
EXPECTATIONS = {
    "casestudies:list": Row(expect=roles(READERS)),
    "casestudies:create": Row(expect=roles(WRITERS)),
    "casestudies:detail": Row(
        kwargs=_kw("approved"), foreign_kwargs=_kw("foreign_approved"), expect=roles(READERS)
    ),
    "casestudies:edit": Row(
        kwargs=_kw("draft"), foreign_kwargs=_kw("foreign_draft"), expect=roles(WRITERS)
    ),
    # the host did not write this draft: only convenors change it (the host may not even
    # read it: 404)
    "casestudies:edit#not_author": Row(
        kwargs=_kw("convenor_draft"),
        expect={
            "anonymous": 302,
            "other_place": 404,
            "convenor": 200,
            "host": 404,
            "practitioner": 403,
            "strategist": 403,
            "receiver": 403,
            "admin": 200,
        },
    ),
    # a draft is read by its author and convenors; other readers are told nothing of it
    "casestudies:detail#draft": Row(
        kwargs=_kw("draft"),
        expect={
            "anonymous": 302,
            "other_place": 404,
            "convenor": 200,
            "host": 200,
            "practitioner": 403,
            "strategist": 404,
            "receiver": 403,
            "admin": 200,
        },
    ),
    "casestudies:detail#not_author": Row(
        kwargs=_kw("convenor_draft"),
        expect={
            "anonymous": 302,
            "other_place": 404,
            "convenor": 200,
            "host": 404,
            "practitioner": 403,
            "strategist": 404,
            "receiver": 403,
            "admin": 200,
        },
    ),
    "casestudies:entry_add": Row(
        kwargs=_kw("draft"), foreign_kwargs=_kw("foreign_draft"), expect=roles(WRITERS)
    ),
    "casestudies:entry_edit": Row(
        kwargs=_entry_kw("draft", "entry"),
        foreign_kwargs=_entry_kw("foreign_draft", "foreign_entry"),
        expect=roles(WRITERS),
    ),
    "casestudies:entry_delete": Row(
        kwargs=_entry_kw("draft", "entry"),
        foreign_kwargs=_entry_kw("foreign_draft", "foreign_entry"),
        expect=roles(WRITERS),
    ),
    "casestudies:entry_move": Row(
        method="post",
        data=lambda w: {"direction": "down"},
        kwargs=_entry_kw("draft", "entry"),
        foreign_kwargs=_entry_kw("foreign_draft", "foreign_entry"),
        expect=roles(WRITERS, ok=302),
    ),
    "casestudies:submit": Row(
        method="post",
        kwargs=_kw("draft"),
        foreign_kwargs=_kw("foreign_draft"),
        expect=roles(WRITERS, ok=302),
    ),
    "casestudies:submit#not_author": Row(
        method="post",
        kwargs=_kw("convenor_draft"),
        expect={
            "anonymous": 302,
            "other_place": 404,
            "convenor": 302,
            "host": 404,
            "practitioner": 403,
            "strategist": 403,
            "receiver": 403,
            "admin": 302,
        },
    ),
    "casestudies:finding_apply": Row(
        method="post",
        kwargs=_finding_kw("draft", "draft_finding"),
        foreign_kwargs=_finding_kw("foreign_draft", "foreign_draft_finding"),
        expect=roles(WRITERS, ok=302),
    ),
    "casestudies:finding_dismiss": Row(
        kwargs=_finding_kw("draft", "draft_finding"),
        foreign_kwargs=_finding_kw("foreign_draft", "foreign_draft_finding"),
        expect=roles(WRITERS),
    ),
    "casestudies:approve": Row(
        method="post",
        kwargs=_kw("submitted"),
        foreign_kwargs=_kw("foreign_submitted"),
        expect=roles(CONVENOR, ok=302),
    ),
    "casestudies:return": Row(
        kwargs=_kw("submitted"), foreign_kwargs=_kw("foreign_submitted"), expect=roles(CONVENOR)
    ),
    "casestudies:archive": Row(
        method="post",
        kwargs=_kw("approved"),
        foreign_kwargs=_kw("foreign_approved"),
        expect=roles(CONVENOR, ok=302),
    ),
    "casestudies:share": Row(
        method="post",
        kwargs=_kw("approved"),
        foreign_kwargs=_kw("foreign_approved"),
        data=lambda w: {"shareable": "yes"},
        expect=roles(CONVENOR, ok=302),
    ),
    "capture:capture_create": Row(
        kwargs=_kw("approved"), foreign_kwargs=_kw("foreign_approved"), expect=roles(CONVENOR)
    ),
    "capture:capture_list": Row(
        expect=roles({"convenor", "host", "practitioner", "strategist", "receiver"})
    ),
    "capture:capture": Row(
        kwargs=_sheet_kw("sheet"),
        foreign_kwargs=_sheet_kw("foreign_sheet"),
        expect=roles(CAPTURERS),
    ),
    # the practitioner sits at this sheet's table, and the convenor opened it to participants
    "capture:capture#seated": Row(
        kwargs=_sheet_kw("seated_sheet"),
        expect={
            "anonymous": 302,
            "other_place": 404,
            "convenor": 200,
            "host": 200,
            "practitioner": 200,
            "strategist": 403,
            "receiver": 403,
            "admin": 200,
        },
    ),
    "capture:capture_items": Row(
        kwargs=_sheet_kw("sheet"),
        foreign_kwargs=_sheet_kw("foreign_sheet"),
        expect=roles(CAPTURERS),
    ),
    "capture:capture_item": Row(
        method="put",
        kwargs=_sheet_kw("sheet", item=True),
        foreign_kwargs=_sheet_kw("foreign_sheet", item=True),
        # an empty body has no data: members who may capture are told what to send
        expect=roles(CAPTURERS, ok=400),
    ),
    "capture:capture_participants": Row(
        method="post",
        data=lambda w: {"allowed": "1"},
        kwargs=_sheet_kw("sheet"),
        foreign_kwargs=_sheet_kw("foreign_sheet"),
        expect=roles(CONVENOR, ok=302),
    ),
    "capture:table_capture": Row(
        kwargs=lambda w: {
            "place_slug": w.place.slug,
            "table_id": w.objects["table"].pk,
            "round": 1,
        },
        foreign_kwargs=lambda w: {
            "place_slug": w.place.slug,
            "table_id": w.objects["foreign_table"].pk,
            "round": 1,
        },
        # hosts and convenors are sent on to the table's sheet
        expect=roles(CAPTURERS, ok=302),
    ),
    "capture:live": Row(expect=roles(CONVENOR)),
    "capture:live_open": Row(
        method="post",
        data=lambda w: {"event": w.objects["event"].pk},
        expect=roles(CONVENOR, ok=302),
    ),
    "capture:live_data": Row(expect=roles(CONVENOR)),
}
