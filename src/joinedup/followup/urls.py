"""Pages of follow-up, under /p/<place_slug>/outputs/ (namespace "followup")."""

from django.urls import path

from joinedup.followup import feedback_views, insight_views, report_views, views

app_name = "followup"

urlpatterns = [
    path("", views.action_log, name="actions"),
    path("actions.csv", views.actions_csv, name="actions_csv"),
    path("actions.xlsx", views.actions_xlsx, name="actions_xlsx"),
    path("actions/new/", views.action_create, name="action_create"),
    path("actions/from-finding/", views.action_from_finding, name="action_from_finding"),
    path("actions/<int:action_id>/", views.action_detail, name="action"),
    path("actions/<int:action_id>/update/", views.action_update, name="action_update"),
    path("actions/<int:action_id>/edit/", views.action_edit, name="action_edit"),
    path("events/", report_views.event_outputs, name="events"),
    path("events/<int:event_id>/proposals/", views.proposals, name="proposals"),
    path(
        "events/<int:event_id>/proposals/<uuid:proposal_id>/",
        views.confirm_proposal,
        name="confirm_proposal",
    ),
    path("events/<int:event_id>/report/", report_views.report_page, name="report"),
    path("events/<int:event_id>/report/edit/", report_views.report_edit, name="report_edit"),
    path(
        "events/<int:event_id>/report/publish/", report_views.report_publish, name="report_publish"
    ),
    path(
        "events/<int:event_id>/report/public-link/",
        report_views.report_public_link,
        name="report_public",
    ),
    path("events/<int:event_id>/run-again/", report_views.run_again, name="run_again"),
    path("events/<int:event_id>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path("events/<int:event_id>/report.docx", report_views.report_docx, name="report_docx"),
    path("events/<int:event_id>/feedback/", report_views.feedback_send, name="feedback_send"),
    path("events/<int:event_id>/themes/", report_views.point_themes, name="point_themes"),
    path(
        "events/<int:event_id>/themes/<uuid:point_id>/",
        report_views.point_theme_edit,
        name="point_theme",
    ),
    path("feedback/<int:event_id>/<str:token>/", feedback_views.answer, name="feedback"),
    path("insight/", insight_views.place_insight, name="insight"),
    path("insight/across-places/", insight_views.across_places, name="insight_across"),
]
