"""The API tokens page: a member's own tokens for the app API in this place."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from joinedup.api import services
from joinedup.api.forms import TokenForm
from joinedup.core.permissions import place_view


def _page(request, *, form, new_token="", status=200):
    return render(
        request,
        "api/tokens.html",
        {
            "page_title": "API tokens",
            "form": form,
            "tokens": services.tokens_of(user=request.user, place=request.place),
            "new_token": new_token,
            "api_url": request.build_absolute_uri(reverse("api-v1:api-root")),
        },
        status=status,
    )


@place_view("api.tokens")
def tokens(request: HttpRequest, place_slug: str) -> HttpResponse:
    """List the person's tokens; make a new one, shown once on the page that made it."""
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            return _page(request, form=form, status=400)
        _, raw = services.issue_token(
            user=request.user,
            place=request.place,
            write=form.cleaned_data["access"] == "write",
            name=form.cleaned_data["name"],
        )
        # Rendered, not redirected: the raw token must never be stored, not even in a session.
        return _page(request, form=TokenForm(), new_token=raw)
    return _page(request, form=form)


@require_POST
@place_view("api.tokens")
def revoke(request: HttpRequest, place_slug: str, token_id: int) -> HttpResponse:
    """Revoke one of the person's own tokens at once (another person's is not found)."""
    token = services.tokens_of(user=request.user, place=request.place).filter(pk=token_id).first()
    if token is None:
        raise Http404("No such token")
    services.revoke_token(token=token, actor=request.user)
    messages.success(request, f"Revoked “{token.name or token.prefix}”: it no longer works")
    return redirect("api:tokens", place_slug=place_slug)
