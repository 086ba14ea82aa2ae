"""App API tokens: issue one (shown once), revoke it, and find the token a request carries."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from joinedup.api.models import ApiToken
from joinedup.core import tokens
from joinedup.core.audit import log_action
from joinedup.core.permissions import is_member


class TokenRefused(Exception):
    """A token cannot be made: the person has no role in the place."""


def issue_token(*, user, place, write: bool = False, name: str = "", actor=None) -> tuple:
    """Make a token for the person in the place; return (ApiToken, the raw token). Only the
    hash is stored, so the raw token can be shown once and never again."""
    if not user.is_active or not is_member(user, place):
        raise TokenRefused(f"{user.email} has no role in {place.name}")
    raw = tokens.new_token()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            place=place,
            name=name.strip()[:100],
            scope=ApiToken.Scope.WRITE if write else ApiToken.Scope.READ,
            token_hash=tokens.hash_token(raw),
            prefix=raw[:8],
        )
        log_action(
            "api.token.created",
            actor=actor or user,
            target=token,
            place=place,
            data={"scope": token.scope, "for": user.email},
        )
    return token, raw


def revoke_token(*, token: ApiToken, actor) -> ApiToken:
    """Revoke a token at once (again is a no-op)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            log_action("api.token.revoked", actor=actor, target=token, place=token.place)
    return token


def tokens_of(*, user, place):
    """The person's tokens in the place, newest first (revoked ones too)."""
    return ApiToken.objects.filter(user=user, place=place)


def token_for(raw: str | None) -> ApiToken | None:
    """Return the live token this raw text is, with its person and place, or None. Records
    when it was last used (at most once a minute, settings.API_LAST_USED_EVERY)."""
    if not tokens.looks_like_token(raw):
        return None
    token = (
        ApiToken.objects.select_related("user", "place")
        .filter(token_hash=tokens.hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    every = datetime.timedelta(seconds=settings.API_LAST_USED_EVERY)
    if token.last_used_at is None or now - token.last_used_at >= every:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
