"""Pages of the café planner, under /p/<place_slug>/cafe/ (namespace "cafe")."""

from django.urls import path

from joinedup.cafe import views

app_name = "cafe"

urlpatterns = [
    path("<int:event_id>/", views.event_page, name="event"),
    path("<int:event_id>/tables/new/", views.table_add, name="table_add"),
    path("<int:event_id>/tables/<int:table_id>/", views.table_page, name="table"),
    path("<int:event_id>/tables/<int:table_id>/edit/", views.table_edit, name="table_edit"),
    path("<int:event_id>/tables/<int:table_id>/remove/", views.table_delete, name="table_delete"),
    path("<int:event_id>/plan/", views.plan_start, name="plan_start"),
    path("<int:event_id>/re-plan/", views.replan, name="replan"),
    path("<int:event_id>/room/", views.room_page, name="room"),
    path("<int:event_id>/plans/<int:plan_id>/", views.plan_page, name="plan"),
    path("<int:event_id>/plans/<int:plan_id>/cards/", views.cards, name="cards"),
    path("<int:event_id>/plans/<int:plan_id>/cards.pdf", views.cards_pdf, name="cards_pdf"),
    path("<int:event_id>/plans/<int:plan_id>/rosters/", views.rosters, name="rosters"),
    path("<int:event_id>/plans/<int:plan_id>/rosters.pdf", views.rosters_pdf, name="rosters_pdf"),
    path("<int:event_id>/people/<int:invitation_id>/", views.person, name="person"),
]
