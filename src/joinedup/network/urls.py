"""URLs of the network pages, under /p/<place>/network/."""

from django.urls import path

from joinedup.network import views

app_name = "network"

urlpatterns = [
    path("", views.network_page, name="map"),
    path("map.json", views.map_data, name="map_data"),
    path("introductions/", views.introductions_page, name="introductions"),
    path("ties.json", views.export_ties, name="export"),
    path("declare/", views.declare_tie, name="declare"),
    path("across-places/", views.across_places, name="across_places"),
    path("national/", views.national, name="national"),
    path("national.csv", views.national_csv, name="national_csv"),
    path("digest/", views.digest_settings, name="digest"),
]
