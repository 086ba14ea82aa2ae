"""Public pages reached from personal links in emails, under /rsvp/ (namespace "rsvp")."""

from django.urls import path

from joinedup.events import rsvp_views

app_name = "rsvp"

urlpatterns = [
    path("<int:event_id>/<str:token>/", rsvp_views.answer, name="answer"),
    path("offer/<int:event_id>/<str:token>/", rsvp_views.offer, name="offer"),
]
