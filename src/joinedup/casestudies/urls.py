"""Case study pages, under /p/<place_slug>/case-studies/."""

from django.urls import path

from joinedup.casestudies import capture_views, views

app_name = "casestudies"

urlpatterns = [
    path("", views.case_study_list, name="list"),
    path("new/", views.case_study_create, name="create"),
    path("<int:pk>/", views.case_study_detail, name="detail"),
    path("<int:pk>/edit/", views.case_study_edit, name="edit"),
    path("<int:pk>/moments/new/", views.entry_form, name="entry_add"),
    path("<int:pk>/moments/<int:entry_id>/edit/", views.entry_form, name="entry_edit"),
    path("<int:pk>/moments/<int:entry_id>/remove/", views.entry_delete, name="entry_delete"),
    path("<int:pk>/moments/<int:entry_id>/move/", views.entry_move, name="entry_move"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/findings/<int:finding_id>/apply/", views.finding_apply, name="finding_apply"),
    path(
        "<int:pk>/findings/<int:finding_id>/dismiss/", views.finding_dismiss, name="finding_dismiss"
    ),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/send-back/", views.return_to_author, name="return"),
    path("<int:pk>/archive/", views.archive, name="archive"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/capture-sheets/new/", views.capture_create, name="capture_create"),
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
