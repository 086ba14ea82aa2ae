"""Request set-up shared by every page."""

from django.http import HttpRequest


class CurrentPlaceMiddleware:
    """Give every request a `place` (None until a place_view resolves one) and `roles`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.place = None
        request.roles = frozenset()
        return self.get_response(request)
