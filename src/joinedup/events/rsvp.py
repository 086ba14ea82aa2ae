"""Answers to invitations: accept, decline or nominate a colleague; the waiting list; offers
of places that come up. Every change is audited (never with a token) and happens in one
transaction that locks the event, so two people cannot take the last place at once."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from joinedup.core.audit import log_action
from joinedup.events import nominations, sending
from joinedup.events.invitations import create_invitation
from joinedup.events.models import AccessToken, Event, Invitation
from joinedup.events.tokens import issue_token

OFFER_HOURS = 48
ACCEPT, DECLINE, NOMINATE = "accept", "decline", "nominate"
HOLDING = (Invitation.Status.ACCEPTED, Invitation.Status.ATTENDED)

# Functions event -> [(id, title)] of case studies people may ask to hear; the case studies
# app registers one. Ids are kept as strings in Invitation.wanted_case_studies.
CASE_STUDY_SOURCES = []


def register_case_study_source(source):
    """Let another app offer an event's case studies on the RSVP form."""
    CASE_STUDY_SOURCES.append(source)
    return source


def case_study_choices(event: Event) -> list[tuple[str, str]]:
    choices = []
    for source in CASE_STUDY_SOURCES:
        choices.extend((str(pk), title) for pk, title in source(event))
    return choices


class AnswersClosed(Exception):
    """The cut-off for answers has passed."""


@dataclass(frozen=True)
class Outcome:
    """What an answer did: the invitation afterwards, and any new invitation (a nominee)."""

    invitation: Invitation
    previous: str
    nominee: Invitation | None = None

    @property
    def changed(self) -> bool:
        return self.invitation.status != self.previous


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().select_related("place").get(pk=event_id)


def live_offers(event: Event, now=None):
    """Offer links not yet used or expired, to people still on the waiting list."""
    now = now or timezone.now()
    return AccessToken.objects.filter(
        event=event,
        purpose=AccessToken.Purpose.OFFER,
        used_at__isnull=True,
        expires_at__gt=now,
        invitation__status=Invitation.Status.WAITING,
    )


def free_places(event: Event, *, now=None, exclude: Invitation | None = None) -> int | None:
    """Places left (None when there is no limit); an outstanding offer holds its place."""
    if event.capacity is None:
        return None
    holding = event.invitations.filter(status__in=HOLDING)
    if exclude is not None:
        holding = holding.exclude(pk=exclude.pk)
    return max(event.capacity - holding.count() - live_offers(event, now).count(), 0)


def answer(
    *,
    invitation: Invitation,
    choice: str,
    access_needs: str = "",
    dietary: str = "",
    wanted_case_studies: list | None = None,
    nominee_name: str = "",
    nominee_email: str = "",
    link: str = "",
    taken_by=None,
    now=None,
) -> Outcome:
    """Record a person's answer (taken_by: the convenor who took it by phone on their
    behalf). Accepting past capacity puts them on the waiting list; giving up a place offers
    it to the next person waiting; nominating invites the colleague, within
    the rules of joinedup.events.nominations (NominationRefused), and holds a nominee at an
    email domain the place does not know for a convenor, sending nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(invitation.event_id)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if now >= event.answers_close:
            raise AnswersClosed()
        previous = invitation.status
        invitation.access_needs = access_needs.strip()
        invitation.dietary = dietary.strip()
        invitation.wanted_case_studies = [str(i) for i in (wanted_case_studies or [])]
        nominee = None
        if choice == ACCEPT:
            if previous in HOLDING:
                status = previous
            elif previous == Invitation.Status.WAITING:
                own_offer = live_offers(event, now).filter(invitation=invitation)
                if own_offer.exists():
                    # They answered with their invitation link rather than the offer link.
                    own_offer.update(used_at=now)
                    status = Invitation.Status.ACCEPTED
                elif free_places(event, now=now) == 0:
                    status = previous
                else:
                    status = Invitation.Status.ACCEPTED
            else:
                places = free_places(event, now=now)
                status = Invitation.Status.WAITING if places == 0 else Invitation.Status.ACCEPTED
        elif choice == DECLINE:
            status = Invitation.Status.DECLINED
        elif choice == NOMINATE:
            nominations.check_nomination(
                invitation=invitation, event=event, nominee_name=nominee_name
            )
            status = Invitation.Status.NOMINATED
            known = nominations.known_domain(
                place=event.place, domain=nominations.email_domain(nominee_email)
            )
            nominee, created = create_invitation(
                event=event,
                name=nominee_name.strip(),
                email=nominee_email,
                organisation=invitation.organisation,
                team=invitation.team,
                sector=invitation.sector,
                sector_name=invitation.sector_name,
                tier=invitation.tier,
                nominated_by=invitation,
                review="" if known else Invitation.Review.HELD,
            )
            if created:
                log_action(
                    "events.invitation.nominated",
                    target=nominee,
                    data={
                        "event": event.pk,
                        "nominated_by": invitation.pk,
                        "held": not known,
                        "domain": nominations.email_domain(nominee.email),
                    },
                )
        else:
            raise ValueError(f"Unknown answer {choice!r}")
        invitation.status = status
        invitation.responded_at = now
        invitation.answer_taken_by = taken_by
        if taken_by is not None and invitation.sent_at is None and not invitation.walk_in:
            # Invited by phone or post: the call that took the answer was the invitation.
            invitation.sent_at = now
        invitation.save()
        data = {
            "event": event.pk,
            "from": previous,
            "to": status,
            "access_needs": bool(access_needs.strip()),
        }
        if taken_by is not None:
            data["by"] = "phone"
        log_action(f"events.rsvp.{status}", actor=taken_by, target=invitation, data=data)
        if previous in (*HOLDING, Invitation.Status.WAITING) and status not in HOLDING:
            # A place given up (or an offer held for them) goes to the next person waiting.
            transaction.on_commit(lambda: offer_places(event_id=event.pk))
        if not invitation.email:
            pass  # invited by phone or post: the convenor tells them
        elif status == Invitation.Status.ACCEPTED:
            sending.send_confirmation(invitation, link=link)
        elif status == Invitation.Status.WAITING and previous != status:
            sending.send_waiting_note(invitation, link=link)
        if (
            nominee is not None
            and nominee.sent_at is None
            and nominee.review != Invitation.Review.HELD
        ):
            nominee_id = nominee.pk
            transaction.on_commit(lambda: sending.send_invitation(nominee_id))
    return Outcome(invitation=invitation, previous=previous, nominee=nominee)


class PhoneAnswerRefused(Exception):
    """An answer taken by phone that cannot be recorded (the message says why)."""


def record_answer_by_phone(
    *,
    invitation: Invitation,
    choice: str,
    actor,
    access_needs: str = "",
    dietary: str = "",
    now=None,
) -> Outcome:
    """Record an answer a convenor took by phone on the person's behalf: accept (or the waiting
    list when full) or decline, with their access and dietary needs; audited with who took it,
    when and "by phone". Nominations are made by the person themselves, never by phone."""
    if choice not in (ACCEPT, DECLINE):
        raise PhoneAnswerRefused("Select whether they accepted or declined")
    if invitation.review == Invitation.Review.HELD:
        raise PhoneAnswerRefused("Approve the nomination before you record an answer")
    if invitation.status in (Invitation.Status.ATTENDED, Invitation.Status.NO_SHOW):
        raise PhoneAnswerRefused("The event has happened: this person's record is their check-in")
    try:
        return answer(
            invitation=invitation,
            choice=choice,
            access_needs=access_needs,
            dietary=dietary,
            wanted_case_studies=invitation.wanted_case_studies,
            taken_by=actor,
            now=now,
        )
    except AnswersClosed:
        raise PhoneAnswerRefused(
            "Answers to this invitation closed on "
            f"{timezone.localtime(invitation.event.answers_close):%-d %B %Y at %H:%M}"
        ) from None


def offer_places(*, event_id: int, now=None) -> int:
    """Offer each free place to the next person on the waiting list (first come, first
    offered) with a link that expires; return how many offers went out."""
    now = now or timezone.now()
    made = 0
    with transaction.atomic():
        event = _lock_event(event_id)
        if now >= event.answers_close or event.status not in (
            Event.Status.INVITATIONS_OPEN,
            Event.Status.CLOSED,
        ):
            return 0
        places = free_places(event, now=now)
        if places is None:
            return 0
        offered = live_offers(event, now).values("invitation_id")
        waiting = (
            event.invitations.filter(status=Invitation.Status.WAITING)
            .exclude(pk__in=offered)
            .exclude(
                # one offer each: someone who let an offer lapse keeps their place in the list
                # but is not offered again ahead of people never offered
                tokens__purpose=AccessToken.Purpose.OFFER
            )
            .order_by("responded_at", "pk")
        )
        for invitation in waiting[:places]:
            expires = min(now + datetime.timedelta(hours=OFFER_HOURS), event.answers_close)
            raw, token = issue_token(
                invitation=invitation, purpose=AccessToken.Purpose.OFFER, expires_at=expires
            )
            sending.send_offer(invitation, token=token, raw=raw)
            made += 1
    return made


def take_offer(*, token: AccessToken, take: bool, link: str = "", now=None) -> Outcome:
    """Take up (or turn down) an offered place with a live offer link; the link is used up."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_event(token.event_id)
        token = AccessToken.objects.select_for_update().get(pk=token.pk)
        invitation = Invitation.objects.select_for_update().get(pk=token.invitation_id)
        if token.used_at is not None or token.expires_at <= now:
            raise AnswersClosed()
        previous = invitation.status
        token.used_at = now
        token.save(update_fields=["used_at"])
        if previous == Invitation.Status.WAITING:
            invitation.status = Invitation.Status.ACCEPTED if take else Invitation.Status.DECLINED
            invitation.responded_at = now
            invitation.save(update_fields=["status", "responded_at"])
            log_action(
                f"events.offer.{'taken' if take else 'refused'}",
                target=invitation,
                data={"event": invitation.event_id, "from": previous, "to": invitation.status},
            )
            if take:
                # A fresh link to change the answer later (the invitation's own is not stored).
                raw, _ = issue_token(
                    invitation=invitation,
                    purpose=AccessToken.Purpose.RSVP,
                    expires_at=invitation.event.ends,
                )
                sending.send_confirmation(
                    invitation, link=link or sending.rsvp_url(invitation.event_id, raw)
                )
            else:
                event_id = invitation.event_id
                transaction.on_commit(lambda: offer_places(event_id=event_id))
    return Outcome(invitation=invitation, previous=previous)


def expire_offers(now=None) -> int:
    """Pass the places of lapsed offers on to the next people waiting; return offers made."""
    now = now or timezone.now()
    event_ids = set(
        AccessToken.objects.filter(
            purpose=AccessToken.Purpose.OFFER,
            used_at__isnull=True,
            expires_at__lte=now,
            invitation__status=Invitation.Status.WAITING,
            event__date__gte=now.date(),
        ).values_list("event_id", flat=True)
    )
    return sum(offer_places(event_id=pk, now=now) for pk in sorted(event_ids))
