"""URLs of the spreadsheet import, appended to the directory's patterns (namespace directory)."""

from django.urls import path

from joinedup.directory.imports import views

urlpatterns = [
    path("import/", views.import_upload, name="import_upload"),
    path("import/<uuid:batch_id>/columns/", views.import_mapping, name="import_mapping"),
    path("import/<uuid:batch_id>/check/", views.import_preview, name="import_preview"),
    path("import/<uuid:batch_id>/report/", views.import_report, name="import_report"),
]
