"""URLs of the pathways, under /p/<place_slug>/pathways/ (namespace "pathways")."""

from django.urls import path

from joinedup.pathways import views

app_name = "pathways"

urlpatterns = [
    path("", views.pathway_list, name="list"),
    path("new/", views.pathway_create, name="pathway_create"),
    path("levels/", views.levels, name="levels"),
    path("levels/edit/", views.levels_edit, name="levels_edit"),
    path("check/", views.check, name="check"),
    path("kit.json", views.kit_export, name="kit_export"),
    path("kit/import/", views.kit_import, name="kit_import"),
    path("kit/import/check/", views.kit_import_map, name="kit_import_map"),
    path(
        "services/<uuid:service_id>/thresholds/",
        views.service_thresholds,
        name="service_thresholds",
    ),
    path(
        "services/<uuid:service_id>/thresholds/edit/",
        views.service_thresholds_edit,
        name="service_thresholds_edit",
    ),
    path("<int:pathway_id>/", views.pathway_detail, name="pathway"),
    path("<int:pathway_id>/draft/", views.draft, name="draft"),
    path("<int:pathway_id>/draft/steps/new/", views.step_edit, name="step_create"),
    path("<int:pathway_id>/draft/steps/<int:step_id>/", views.step_edit, name="step_edit"),
    path(
        "<int:pathway_id>/draft/steps/<int:step_id>/remove/",
        views.step_remove,
        name="step_remove",
    ),
    path("<int:pathway_id>/publish/", views.publish, name="publish"),
]
