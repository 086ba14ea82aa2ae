"""The follow-up of Ilford's held day (fictional): actions confirmed from what the tables
proposed, in every state; themes; feedback from the people who came; the report published.

Idempotent: actions are found by the proposal they came from, feedback by invitation, theme
tags by point. When the events or capture demos are missing it says so and does nothing.
The report is marked published without emailing it (the demo outbox stays readable); publish
an update from the report page to see dissemination.
"""

import datetime
import logging
import random

from django.utils import timezone

from joinedup.core.demo import register_demo_loader
from joinedup.directory.models import Contact
from joinedup.events.models import Event, Invitation
from joinedup.followup import copy_demo, sources
from joinedup.followup.actions import confirm_action
from joinedup.followup.models import (
    Action,
    ActionUpdate,
    FeedbackResponse,
    Gain,
    InterventionPointTheme,
    Report,
    Theme,
)
from joinedup.followup.report import default_sections, report_for
from joinedup.followup.themes import ensure_themes

logger = logging.getLogger(__name__)
EVENT_TITLE = "Ilford joined-up day"

# Words in an intervention point or action that mark a theme (slug).
THEME_WORDS = {
    "clearer-escalation-pathways": ("escalat", "trigger", "referral", "72 hours", "fast-track"),
    "information-sharing": ("flag", "record", "information", "notification", "share", "map "),
    "prevention": ("before", "ask ", "check", "offer", "visit, not"),
    "pshe-in-primary-schools": ("school", "pupil", "exclu"),
    "joint-assessment": ("joint", "multi-agency", "one plan", "meeting"),
    "housing-and-tenancy-sustainment": ("housing", "tenancy", "arrears", "possession", "bed"),
    "transitions-at-18": ("care leaver", "staying put", "18th"),
    "training-and-awareness": ("train", "brief", "spot"),
}  # fmt: skip

# What becomes of each confirmed proposal, in turn: (status, progress note or reason).
FATES = [
    ("done", "Agreed at the partnership board and written into the protocol."),
    ("in_progress", "Draft shared with partners; comments due at the end of the month."),
    ("not_started", ""),
    ("in_progress", "First meeting held; terms of reference agreed."),
    ("dropped", "Superseded by the borough's new exploitation strategy, which covers it."),
    ("done", "Running since May; every team has the contact sheet."),
    ("not_started", ""),
]
NEEDS_CENTRE = ("Universal Credit", "split", "immigration", "Housing First", "exploitation")
WHAT_NEXT = [
    "Meet again in six months to check the actions.",
    "Bring the DWP and the Home Office back for the next story.",
    "Share the escalation contacts with every school.",
    "A shorter version of the day for team managers.",
    "Invite GPs next time.",
    "Put the actions on the community safety partnership agenda.",
]
COMMENTS = [
    "The first time I have sat at a table with the police and the work coaches.",
    "Good to hear from the centre, and for the centre to hear from us.",
    "Too much to fit into one day, but worth it.",
    "The life story made the gaps obvious.",
]


def _themes_for(text: str, themes: dict) -> list[Theme]:
    lower = text.lower()
    return [themes[slug] for slug, words in THEME_WORDS.items() if any(w in lower for w in words)]


def _owner_contact(team):
    if team is None:
        return None
    return Contact.objects.filter(service=team).exclude(email="").order_by("email").first()


def load_actions(event: Event, *, convenor, practitioner, themes: dict) -> int:
    """Confirm every proposal of the event as an action (once), and give each a history."""
    made = 0
    proposals = (
        sources.proposed_actions_for(event)
        .select_related("owner", "capture", "capture__case_study")
        .order_by("capture__case_study__title", "id")
    )
    confirmed = set(Action.objects.filter(event=event).values_list("title", flat=True))
    n = -1
    for proposal in proposals:
        # A story's two tables often propose the same thing: the convenor confirms it once.
        if proposal.what[:200] in confirmed:
            continue
        confirmed.add(proposal.what[:200])
        n += 1
        team = proposal.owner
        # The demo practitioner owns a few, so that signing in as them shows "my actions".
        person = {"owner_user": practitioner} if n % 4 == 1 and practitioner else {}
        if not person:
            contact = _owner_contact(team)
            person = {"owner_contact": contact} if contact else {"owner_user": convenor}
        action, created = confirm_action(
            place=event.place,
            actor=convenor,
            event=event,
            proposal=proposal,
            title=proposal.what[:200],
            owner_team=team,
            due_date=proposal.by_when,
            needs_centre=any(word.lower() in proposal.what.lower() for word in NEEDS_CENTRE),
            themes=_themes_for(proposal.what, themes),
            **person,
        )
        if not created:
            continue
        made += 1
        status, note = FATES[n % len(FATES)]
        # Backdate what happened so the log reads like the months after the day.
        when = timezone.make_aware(
            datetime.datetime.combine(
                event.date + datetime.timedelta(days=14 + 9 * n), datetime.time(11)
            )
        )
        Action.objects.filter(pk=action.pk).update(created_at=when, updated_at=when)
        if status != "not_started":
            ActionUpdate.objects.create(
                action=action,
                place=event.place,
                at=when + datetime.timedelta(days=20),
                by=practitioner
                if action.owner_user_id == getattr(practitioner, "pk", None)
                else convenor,
                status_from="not_started",
                status_to=status,
                note=note,
            )
            Action.objects.filter(pk=action.pk).update(
                status=status,
                dropped_reason=note if status == "dropped" else "",
                finished_at=when + datetime.timedelta(days=20)
                if status in ("done", "dropped")
                else None,
                updated_at=when + datetime.timedelta(days=20),
            )
    return made


def tag_points(event: Event, themes: dict) -> None:
    """Tag the event's intervention points with the themes their words suggest (once)."""
    for point in sources.intervention_points_for(event):
        for theme in _themes_for(point.what_could_have_been_done, themes):
            InterventionPointTheme.objects.get_or_create(
                intervention_point=point, theme=theme, defaults={"place": event.place}
            )


def load_feedback(event: Event) -> None:
    """About two thirds of the people who came answered the survey."""
    rng = random.Random(12)
    gains = [g for g, _ in Gain.choices]
    for n, invitation in enumerate(
        event.invitations.filter(status=Invitation.Status.ATTENDED).order_by("pk")
    ):
        if n % 3 == 2:
            continue
        FeedbackResponse.objects.update_or_create(
            invitation=invitation,
            defaults={
                "place": event.place,
                "event": event,
                "gained": sorted(rng.sample(gains, k=1 + rng.randrange(3))),
                "come_again": rng.choices(["yes", "maybe", "no"], weights=[8, 3, 1])[0],
                "what_next": WHAT_NEXT[n % len(WHAT_NEXT)] if n % 2 == 0 else "",
                "comments": COMMENTS[n % len(COMMENTS)] if n % 5 == 0 else "",
                "submitted_at": timezone.make_aware(
                    datetime.datetime.combine(
                        event.date + datetime.timedelta(days=2), datetime.time(9)
                    )
                ),
            },
        )


def publish_report(event: Event, *, convenor) -> Report:
    """The report, with the convenor's words, marked published (no emails in the demo)."""
    report = report_for(event)
    if not report.is_published:
        report.intro = (
            f"On {event.date:%-d %B %Y} sixty people from frontline services across Redbridge and "
            "from five government departments spent a day at Ilford Town Hall working through "
            "fictionalised life stories together. At each table they marked the moments where a "
            "service could have stepped in earlier, and proposed what should change.\n\n"
            "This report brings together what the tables found, the actions partners agreed to "
            "take, and what people said about the day."
        )
        report.next_steps = (
            "Action owners update their actions in Joinedup as they go. The community safety "
            "partnership reviews progress every quarter, and actions that need the centre go to "
            "the strategy teams who came.\n\nThe next joined-up day, in spring, looks at young "
            "people at risk of exploitation."
        )
        report.sections = default_sections()
        report.status = Report.Status.PUBLISHED
        report.version = 1
        report.published_at = timezone.make_aware(
            datetime.datetime.combine(event.date + datetime.timedelta(days=10), datetime.time(10))
        )
        report.published_by = convenor
        report.save()
    Event.objects.filter(pk=event.pk).update(status=Event.Status.OUTPUTS_PUBLISHED)
    return report


@register_demo_loader
def load_followup_demo(demo) -> None:
    """Ilford's held day followed up: actions in every state, themes, feedback, the report."""
    ensure_themes()
    place = demo.places["ilford"]
    event = (
        Event.objects.filter(place=place, title=EVENT_TITLE, date__lt=timezone.localdate())
        .order_by("date")
        .first()
    )
    if event is None:
        print("Follow-up demo skipped: Ilford's held event is not there (load the events demo).")
        return
    if not sources.proposed_actions_for(event).exists():
        print("Follow-up demo skipped: nothing was captured at Ilford's tables (capture demo).")
        return
    themes = {t.slug: t for t in Theme.objects.all()}
    load_actions(
        event,
        convenor=demo.users["convenor"],
        practitioner=demo.users.get("practitioner"),
        themes=themes,
    )
    tag_points(event, themes)
    load_feedback(event)
    publish_report(event, convenor=demo.users["convenor"])


@register_demo_loader
def load_start_from_demo(demo) -> None:
    """Ilford shares its approach with the other demo places (copy_demo.py)."""
    copy_demo.load_copy_demo(demo)
