"""URLs of Open Referral UK export and import, appended to the directory's (namespace directory)."""

from django.urls import path

from joinedup.directory.hsds import views

urlpatterns = [
    path("open-referral/", views.hsds_home, name="hsds"),
    path("open-referral/services.json", views.hsds_export_json, name="hsds_export_json"),
    path("open-referral/tabular.zip", views.hsds_export_zip, name="hsds_export_zip"),
    path("open-referral/import/", views.hsds_import, name="hsds_import"),
    path(
        "open-referral/import/<uuid:job_id>/",
        views.hsds_import_report,
        name="hsds_import_report",
    ),
]
