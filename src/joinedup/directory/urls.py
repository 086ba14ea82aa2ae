"""URLs of the directory, under /p/<place_slug>/directory/ (namespace "directory")."""

from django.urls import path

from joinedup.directory import synonym_views, views
from joinedup.directory.hsds.urls import urlpatterns as hsds_urlpatterns
from joinedup.directory.imports.urls import urlpatterns as import_urlpatterns

app_name = "directory"

urlpatterns = [
    path("", views.service_list, name="services"),
    path("coverage/", views.coverage, name="coverage"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<uuid:service_id>/", views.service_detail, name="service"),
    path("services/<uuid:service_id>/edit/", views.service_edit, name="service_edit"),
    path("services/<uuid:service_id>/check/", views.service_check, name="service_check"),
    path(
        "services/<uuid:service_id>/contacts/new/",
        views.contact_create,
        name="contact_create",
    ),
    path(
        "services/<uuid:service_id>/contacts/<uuid:contact_id>/edit/",
        views.contact_edit,
        name="contact_edit",
    ),
    path(
        "services/<uuid:service_id>/contacts/<uuid:contact_id>/remove/",
        views.contact_delete,
        name="contact_delete",
    ),
    path(
        "organisations/<uuid:organization_id>/edit/",
        views.organization_edit,
        name="organization_edit",
    ),
    path("search-words/", synonym_views.synonym_list, name="synonyms"),
    path("search-words/new/", synonym_views.synonym_create, name="synonym_create"),
    path("search-words/<int:synonym_id>/edit/", synonym_views.synonym_edit, name="synonym_edit"),
    path(
        "search-words/<int:synonym_id>/remove/",
        synonym_views.synonym_delete,
        name="synonym_delete",
    ),
    # the spreadsheet import and the Open Referral UK exchange share the namespace
    *import_urlpatterns,
    *hsds_urlpatterns,
]
