"""URLs of pathways, under /p/<place_slug>/ (namespace "pathways")."""

from django.urls import path

from joinedup.pathways import find_help_views

app_name = "pathways"

urlpatterns = [
    path("find-help/", find_help_views.find_help, name="find_help"),
    path("find-help/plan/", find_help_views.find_help_plan, name="find_help_plan"),
    path(
        "find-help/information-sharing/",
        find_help_views.information_sharing,
        name="information_sharing",
    ),
]
