"""URLs: pages outside a place, each app's pages under /p/<place_slug>/, RSVP links, the API."""

from django.contrib import admin
from django.urls import include, path

from joinedup.api import oruk, v1
from joinedup.core.urls import place_urlpatterns
from joinedup.core.urls import urlpatterns as core_urlpatterns

admin.site.site_header = "Joinedup site admin"
admin.site.site_title = "Joinedup site admin"

urlpatterns = [
    *core_urlpatterns,
    path("admin/", admin.site.urls),
    path("p/<slug:place_slug>/", include(place_urlpatterns)),
    path("p/<slug:place_slug>/directory/", include("joinedup.directory.urls")),
    # Pathways pages under pathways/, find help under find-help/: one namespace "pathways".
    path("p/<slug:place_slug>/", include("joinedup.pathways.urls")),
    path("p/<slug:place_slug>/case-studies/", include("joinedup.casestudies.urls")),
    path("p/<slug:place_slug>/case-studies/", include("joinedup.cafe.capture_urls")),
    path("p/<slug:place_slug>/events/", include("joinedup.events.urls")),
    path("p/<slug:place_slug>/cafe/", include("joinedup.cafe.urls")),
    path("p/<slug:place_slug>/referrals/", include("joinedup.referrals.urls")),
    path("p/<slug:place_slug>/outputs/", include("joinedup.followup.urls")),
    path("p/<slug:place_slug>/network/", include("joinedup.network.urls")),
    path("p/<slug:place_slug>/start-from/", include("joinedup.followup.copy_urls")),
    path("rsvp/", include("joinedup.events.rsvp_urls")),
    path("report/", include("joinedup.followup.public_urls")),
    # Open Referral UK: open, read-only, national (filterable by place).
    path("api/oruk/", oruk.urls()),
    # The app API: a place's data for one person with a bearer token (api/v1.py).
    path("api/v1/", v1.api.urls),
    path("p/<slug:place_slug>/api-tokens/", include("joinedup.api.urls")),
]
