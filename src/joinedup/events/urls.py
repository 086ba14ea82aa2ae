"""Pages of events, under /p/<place_slug>/events/ (namespace "events")."""

from django.urls import path

from joinedup.events import checkin_views, invitation_views, views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/edit/", views.event_edit, name="edit"),
    path("<int:event_id>/status/", views.event_status, name="status"),
    path("<int:event_id>/agenda/new/", views.agenda_item, name="agenda_add"),
    path("<int:event_id>/agenda/<int:item_id>/", views.agenda_item, name="agenda_edit"),
    path(
        "<int:event_id>/agenda/<int:item_id>/remove/",
        views.agenda_item_delete,
        name="agenda_delete",
    ),
    path("<int:event_id>/invitations/", invitation_views.invitation_list, name="invitations"),
    path(
        "<int:event_id>/invitations/directory/",
        invitation_views.invitation_add,
        name="invitation_add",
    ),
    path(
        "<int:event_id>/invitations/by-email/",
        invitation_views.invitation_add_email,
        name="invitation_add_email",
    ),
    path(
        "<int:event_id>/invitations/import/",
        invitation_views.invitation_import,
        name="invitation_import",
    ),
    path(
        "<int:event_id>/invitations/<int:invitation_id>/",
        invitation_views.invitation_detail,
        name="invitation",
    ),
    path(
        "<int:event_id>/invitations/<int:invitation_id>/answer-by-phone/",
        invitation_views.invitation_phone_answer,
        name="invitation_phone_answer",
    ),
    path(
        "<int:event_id>/invitations/<int:invitation_id>/remove/",
        invitation_views.invitation_remove,
        name="invitation_remove",
    ),
    path(
        "<int:event_id>/invitations/<int:invitation_id>/nomination/",
        invitation_views.nomination_review,
        name="nomination_review",
    ),
    path("<int:event_id>/send/", invitation_views.send, name="send"),
    path("<int:event_id>/reminders/", invitation_views.reminder_list, name="reminders"),
    path("<int:event_id>/check-in/", checkin_views.check_in, name="check_in"),
    path(
        "<int:event_id>/check-in/<int:invitation_id>/",
        checkin_views.check_in_person,
        name="check_in_person",
    ),
    path("<int:event_id>/check-in/walk-in/", checkin_views.walk_in, name="walk_in"),
    path("<int:event_id>/check-in/print/", checkin_views.check_in_print, name="check_in_print"),
]
