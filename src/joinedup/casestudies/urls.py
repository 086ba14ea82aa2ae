"""Case study pages, under /p/<place_slug>/case-studies/."""

from django.urls import path

from joinedup.casestudies import views

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
]
