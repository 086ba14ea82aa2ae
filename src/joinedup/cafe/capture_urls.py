"""Table capture pages, under /p/<place_slug>/case-studies/ beside the case study pages they
started from (namespace "capture"): the sheets, their items (JSON), and the convenor's live view.
"""

from django.urls import path

from joinedup.cafe import capture_views

app_name = "capture"

urlpatterns = [
    path("<int:pk>/capture-sheets/new/", capture_views.capture_create, name="capture_create"),
    path("capture/", capture_views.capture_list, name="capture_list"),
    path("capture/<uuid:capture_id>/", capture_views.capture_page, name="capture"),
    path("capture/<uuid:capture_id>/items/", capture_views.capture_items, name="capture_items"),
    path(
        "capture/<uuid:capture_id>/items/<slug:kind>/<uuid:item_id>/",
        capture_views.capture_item,
        name="capture_item",
    ),
    path(
        "capture/<uuid:capture_id>/participants/",
        capture_views.capture_participants,
        name="capture_participants",
    ),
    path(
        "tables/<int:table_id>/round/<int:round>/",
        capture_views.table_capture,
        name="table_capture",
    ),
    path("live/", capture_views.live, name="live"),
    path("live/open/", capture_views.live_open, name="live_open"),
    path("live/data/", capture_views.live_data, name="live_data"),
]
