"""URLs of pathways, under /p/<place_slug>/ (namespace "pathways"): the pathways' own pages
under pathways/, "find help for a person" under find-help/."""

from django.urls import path

from joinedup.pathways import find_help_views, views

app_name = "pathways"

urlpatterns = [
    path("find-help/", find_help_views.find_help, name="find_help"),
    path("find-help/plan/", find_help_views.find_help_plan, name="find_help_plan"),
    path(
        "find-help/information-sharing/",
        find_help_views.information_sharing,
        name="information_sharing",
    ),
    path("pathways/", views.pathway_list, name="list"),
    path("pathways/new/", views.pathway_create, name="pathway_create"),
    path("pathways/levels/", views.levels, name="levels"),
    path("pathways/levels/edit/", views.levels_edit, name="levels_edit"),
    path("pathways/check/", views.check, name="check"),
    path("pathways/kit.json", views.kit_export, name="kit_export"),
    path("pathways/kit/import/", views.kit_import, name="kit_import"),
    path("pathways/kit/import/check/", views.kit_import_map, name="kit_import_map"),
    path(
        "pathways/services/<uuid:service_id>/thresholds/",
        views.service_thresholds,
        name="service_thresholds",
    ),
    path(
        "pathways/services/<uuid:service_id>/thresholds/edit/",
        views.service_thresholds_edit,
        name="service_thresholds_edit",
    ),
    path("pathways/<int:pathway_id>/", views.pathway_detail, name="pathway"),
    path("pathways/<int:pathway_id>/draft/", views.draft, name="draft"),
    path("pathways/<int:pathway_id>/draft/steps/new/", views.step_edit, name="step_create"),
    path(
        "pathways/<int:pathway_id>/draft/steps/<int:step_id>/",
        views.step_edit,
        name="step_edit",
    ),
    path(
        "pathways/<int:pathway_id>/draft/steps/<int:step_id>/remove/",
        views.step_remove,
        name="step_remove",
    ),
    path("pathways/<int:pathway_id>/publish/", views.publish, name="publish"),
]
