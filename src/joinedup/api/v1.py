"""The app API at /api/v1/: a place's events, invitation counts, actions, pathways and insight.

Every request carries `Authorization: Bearer <token>`; a token is one person in one place, and
answers with that person's roles there, through the same rules as the pages
(`core.permissions`, each app's rules module): another place's object is not found (404), a
role that may not is 403, no token (or a revoked one) is 401, a read token asking to change
something is 403, and too many requests in a minute is 429.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer

from joinedup.api import services
from joinedup.api.v1_routers import actions, events, insight, pathways, referrals
from joinedup.core import ratelimit
from joinedup.core.permissions import is_member

RATE_WINDOW = 60


class BearerToken(HttpBearer):
    """A live API token of a person who still has a role in its place; counts its requests."""

    def authenticate(self, request: HttpRequest, token: str):
        found = services.token_for(token)
        if found is None or not is_member(found.user, found.place):
            return None
        used = ratelimit.hit(f"api:v1:token:{found.pk}", window=RATE_WINDOW)
        if used > settings.API_REQUESTS_PER_MINUTE:
            raise HttpError(
                429, f"More than {settings.API_REQUESTS_PER_MINUTE} requests in a minute"
            )
        request.user = found.user
        request.place = found.place
        request.api_token = found
        return found


api = NinjaAPI(
    title="Joinedup app API",
    version="1",
    description=(
        "A place's events, invitation counts, actions, pathways, referrals and insight, for one "
        "person "
        "with a bearer token made on the API tokens page or by `python -m joinedup api-token`."
    ),
    urls_namespace="api-v1",
    auth=BearerToken(),
    # no Swagger page: it loads scripts from a CDN, which our Content-Security-Policy forbids
    docs_url=None,
)


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    response = api.create_response(
        request, {"detail": "Give a valid API token: Authorization: Bearer <token>"}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="joinedup"'
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not allowed"}, status=403)


@api.exception_handler(ValidationError)
def _refused(request, exc):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=422)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    response = api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
    if exc.status_code == 429:
        response["Retry-After"] = str(RATE_WINDOW)
    return response


api.add_router("/events", events.router)
api.add_router("/actions", actions.router)
api.add_router("/pathways", pathways.router)
api.add_router("/insight", insight.router)

api.add_router("/referrals", referrals.router)
