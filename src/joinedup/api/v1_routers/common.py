"""What every app API router shares: ids in range, the write scope, the pages' rules."""

from typing import Annotated

from django.core.exceptions import PermissionDenied
from ninja import Path
from pydantic import AfterValidator, Field

from joinedup.core.permissions import check

# Ids are database integers: a larger number is simply no object (422), never an overflow.
MAX_ID = 2_147_483_647
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("must not contain a NUL character")
    return text


def text(max_length: int):
    """A text field of a request body: at most max_length characters, no NUL."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_no_nul)]


def allow(request, action: str, obj) -> None:
    """The pages' rule for the token's person: another place's object → 404, no role → 403."""
    check(request.user, action, obj)


def need_write(request) -> None:
    """Refuse a change made with a read-only token (403)."""
    if not request.api_token.can_write:
        raise PermissionDenied("This token may only read: make a token with write access")


ERRORS = {401: dict, 403: dict, 404: dict, 429: dict}
