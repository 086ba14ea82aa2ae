"""The public report link, outside any place: /report/<token>/ (no sign-in)."""

from django.urls import path

from joinedup.followup import report_views

urlpatterns = [
    path("<str:token>/", report_views.public_report, name="public_report"),
]
