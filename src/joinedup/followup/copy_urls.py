"""Pages of starting a place from another's approach, under /p/<place_slug>/start-from/
(namespace "startfrom")."""

from django.urls import path

from joinedup.followup import copy_views

app_name = "startfrom"

urlpatterns = [
    path("", copy_views.start, name="start"),
    path("share/", copy_views.share, name="share"),
    path("copies/<uuid:run_id>/", copy_views.done, name="done"),
    path("<slug:source_slug>/", copy_views.choose, name="choose"),
    path("<slug:source_slug>/preview/", copy_views.preview, name="preview"),
    path("<slug:source_slug>/copy/", copy_views.copy, name="copy"),
]
