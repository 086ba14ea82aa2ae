"""Request set-up shared by every page, and the headers every response carries."""

from django.http import HttpRequest

# No page uses a camera, microphone, location, payment or USB: say so, so that an injected
# script or a framed page cannot ask for them either.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), browsing-topics=()"
)


class CurrentPlaceMiddleware:
    """Give every request a `place` (None until a place_view resolves one) and `roles`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.place = None
        request.roles = frozenset()
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Keep every signed-in response out of caches, and send the Permissions-Policy header.

    A signed-in page can carry personal data (the outbox, access needs, case studies, the
    audit log, exports): a shared computer's browser cache or a proxy must not keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
            response.setdefault("Vary", "Cookie")
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
