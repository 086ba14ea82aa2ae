"""What the tables of Ilford's joined-up day captured (fictional, like the stories), and its loader
(registered by the café's demo, after the café's tables exist).

Per story, by the story's title prefix: intervention points as (moment number, placement,
sector code, service key or "", what could have been done, how early), proposed actions as
(what, owner service key, days after the event), and notes.
"""

import datetime
import logging
import uuid

from django.utils import timezone

from joinedup.cafe import capture
from joinedup.cafe.models import CafeTable
from joinedup.casestudies.demo import EVENT_TITLE, NAMESPACE, services_by_key
from joinedup.casestudies.models import InterventionPoint, Note, ProposedAction
from joinedup.directory.taxonomies import sector_id
from joinedup.events.models import Event

logger = logging.getLogger(__name__)


# ruff: noqa: E501  (one captured item a line reads better than wrapped prose)

# fmt: off
CAPTURED = {
    "Kai": {
        "points": [
            (3, "on", "child-protection", "mash", "Two police notifications in a year should have triggered an early help offer, not a letter.", "early_help"),
            (5, "on", "mental-health", "camhs", "CAMHS could have offered the first appointment at school instead of discharging after one miss.", "early_help"),
            (6, "on", "schools", "safer-schools", "Ask why a 14-year-old carries a knife 'for protection' before excluding him: it was the first sign of exploitation.", "early_help"),
            (7, "on", "schools", "inclusion", "Daily contact from the inclusion team during the eleven weeks without a school place.", "prevention"),
            (8, "after", "youth-offending", "exploitation", "A return interview within 72 hours by someone Kai already knew.", "crisis"),
            (10, "on", "housing", "housing-options", "A fast-track move for families threatened by exploiters.", "crisis"),
        ],
        "actions": [
            ("Agree that no child is excluded without a contextual safeguarding check", "inclusion", 60),
            ("Offer a pupil referral unit place within 5 school days of any permanent exclusion", "ap", 90),
            ("Hold one joint plan between the youth justice service and the exploitation team", "yot", 30),
        ],
        "notes": ["Every service saw part of the picture. The table kept coming back to the gap between exclusion and the PRU place."],
    },
    "Amira": {
        "points": [
            (2, "on", "early-help", "", "Health visitors ask about abuse only when the partner is not in the room.", "prevention"),
            (4, "on", "jobcentre", "work-coaches", "Offer split Universal Credit payments whenever a work coach sees only one name on a family claim.", "prevention"),
            (7, "on", "housing", "tenancy-sustainment", "Housing associations check MARAC flags before starting possession for arrears.", "early_help"),
            (9, "on", "domestic-abuse", "idva", "The IDVA going with her to housing options worked: make it the default.", "crisis"),
        ],
        "actions": [
            ("Write a protocol so that arrears built up by an abuser do not count against the survivor", "housing-options", 90),
            ("Brief work coaches on economic abuse and split payments", "complex-needs", 45),
        ],
        "notes": ["The first police call was assessed as standard risk; everyone agreed the strangulation a year later was foreseeable."],
    },
    "Dennis": {
        "points": [
            (5, "on", "mental-health", "cmht", "Do not discharge after missed appointments without a visit to the last known address.", "early_help"),
            (4, "on", "housing", "housing-options", "Treat untreated psychosis as priority need when assessing homelessness.", "prevention"),
            (8, "on", "police", "street-triage", "Street triage cover in the evenings, when most section 136 detentions happen.", "crisis"),
            (9, "on", "mental-health", "crisis", "A frequent-attender plan after the fifth A&E visit, not the thirty-first.", "crisis"),
        ],
        "actions": [
            ("Set up a monthly frequent-attender meeting with A&E, police and outreach", "street-triage", 30),
            ("Extend Housing First to people discharged from mental health services", "rough-sleeping", 120),
        ],
        "notes": ["Everyone had a record of Dennis; nobody had a relationship with him until Housing First."],
    },
    "Joseph": {
        "points": [
            (3, "on", "immigration-enforcement", "ie-engagement", "Clear information that GP care is free and that seeing a doctor does not mean being reported.", "prevention"),
            (5, "on", "housing", "rough-sleeping", "A small fund for emergency beds for people with no recourse to public funds.", "crisis"),
            (6, "on", "immigration-enforcement", "", "Free immigration advice within a week, through a partnership with a legal clinic.", "early_help"),
        ],
        "actions": [
            ("Map free immigration advice in the borough and add it to the directory", "ie-engagement", 60),
            ("Train outreach and police on spotting labour exploitation at car washes", "adult-safeguarding", 90),
        ],
        "notes": ["NRM support was the first stable bed Joseph had in a year: that should not need exploitation to unlock it."],
    },
    "Shannon": {
        "points": [
            (2, "on", "early-help", "early-help", "When a parent refuses early help, the school keeps a named adult for the child.", "prevention"),
            (7, "on", "childrens-social-care", "care-leavers", "Staying Put should be offered to every foster carer before the 18th birthday.", "prevention"),
            (9, "on", "jobcentre", "work-coaches", "Flag care leavers on Universal Credit so sanctions are reviewed first.", "early_help"),
        ],
        "actions": [
            ("Check that every 17-year-old in care has a Staying Put conversation on record", "care-leavers", 60),
        ],
        "notes": [],
    },
    "Mr B": {
        "points": [
            (3, "on", "community-safety", "asb", "A visit, not a warning letter, when a neighbour reports a smell from an older person's home.", "prevention"),
            (5, "on", "fire", "hfsv", "A hoarding score of 7 should trigger a multi-agency meeting straight away.", "early_help"),
            (6, "after", "adult-social-care", "adult-front-door", "Assess within days, not three weeks, when the fire service finds someone confused.", "early_help"),
        ],
        "actions": [
            ("Agree a hoarding protocol between fire, housing and adult social care", "fire-community", 90),
        ],
        "notes": ["Grief was the root; nobody asked about his wife until month eight."],
    },
    "Ravi": {
        "points": [
            (4, "on", "jobcentre", "work-coaches", "Ask about gambling and drinking at the first work coach appointment after redundancy.", "prevention"),
            (8, "on", "substance-misuse", "alcohol-liaison", "A detox within a week after a seizure in custody.", "crisis"),
        ],
        "actions": [
            ("Add gambling support to the directory and to the Jobcentre's referral list", "complex-needs", 45),
        ],
        "notes": [],
    },
    "Tia": {
        "points": [
            (3, "on", "adult-social-care", "adult-front-door", "A carer's assessment when a parent with a disabling illness has a child at home.", "prevention"),
            (4, "on", "schools", "inclusion", "Attendance letters should ask why before they fine: Tia said she was caring.", "early_help"),
            (9, "on", "substance-misuse", "adult-treatment", "Drug treatment services ask every parent who looks after them at home.", "early_help"),
        ],
        "actions": [
            ("Add a young carer question to the school attendance process", "dsl-network", 60),
        ],
        "notes": ["The table agreed Tia was invisible because she coped."],
    },
}
# fmt: on


def _captured_for(title: str) -> dict:
    return next((v for k, v in CAPTURED.items() if title.startswith(f"{k}:")), {})


def _stamp(event, n: int) -> datetime.datetime:
    """A time during the event's day, so the demo's items look captured on the day."""
    at = datetime.time(10 + n % 5, 7 * n % 60)
    return timezone.make_aware(datetime.datetime.combine(event.date, at))


def _item_id(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts))


def load_captures(event, *, author) -> int:
    """Fill each table's sheets of a held event with what it captured; return the items made."""
    place = event.place
    keys = {
        key
        for story in CAPTURED.values()
        for key in [p[3] for p in story["points"]] + [a[1] for a in story["actions"]]
        if key
    }
    services = services_by_key(place, keys)
    rounds = capture.rounds_of(event)
    made = 0
    tables = CafeTable.objects.filter(event=event).select_related("case_study").order_by("label")
    for table_number, table in enumerate(tables):
        story = _captured_for(table.case_study.title)
        if not story:
            continue
        entries = {e.order: e for e in table.case_study.entries.all()}
        # A story's second table captures the second half, as tables do on the day.
        offset = 0 if table_number < 8 else 1

        items = []
        for n, (moment, placement, sector, key, text, early) in enumerate(story["points"]):
            if offset and n % 2 == 0:
                continue
            items.append(
                (
                    InterventionPoint,
                    n,
                    {
                        "entry": entries.get(moment),
                        "placement": placement,
                        "sector_id": sector_id(sector),
                        "service": services.get(key),
                        "what_could_have_been_done": text,
                        "how_early": early,
                    },
                )
            )
        for n, (what, key, days) in enumerate(story["actions"]):
            items.append(
                (
                    ProposedAction,
                    n,
                    {
                        "what": what,
                        "owner": services.get(key),
                        "by_when": event.date + datetime.timedelta(days=days),
                    },
                )
            )
        for n, text in enumerate(story["notes"]):
            items.append((Note, n, {"text": text}))
        for model, n, fields in items:
            sheet = capture.capture_for_table(table=table, round=(n + offset) % rounds + 1)
            _, created = model.objects.update_or_create(
                id=_item_id(table.event_id, table.label, model.__name__, n),
                defaults={
                    "place": place,
                    "capture": sheet,
                    "created_by": author,
                    "updated_by": author,
                    "created_at": _stamp(event, n),
                    "updated_at": _stamp(event, n),
                    **fields,
                },
            )
            made += created
    return made


def load_capture_demo(demo) -> None:
    """What the tables of Ilford's held day captured."""
    place = demo.places["ilford"]
    event = Event.objects.filter(place=place, title=EVENT_TITLE).order_by("date").first()
    if event is None or not event.cafe_tables.exists():
        logger.warning("Capture demo skipped: load the events and café demos first.")
        return
    load_captures(event, author=demo.users["host"])
