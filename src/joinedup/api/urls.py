"""The API tokens page, under /p/<place>/api-tokens/."""

from django.urls import path

from joinedup.api import views

app_name = "api"

urlpatterns = [
    path("", views.tokens, name="tokens"),
    path("<int:token_id>/revoke/", views.revoke, name="revoke_token"),
]
