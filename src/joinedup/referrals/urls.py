"""URLs of referrals, under /p/<place>/referrals/."""

from django.urls import path

from joinedup.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("new/", views.new, name="new"),
    path("figures/", views.figures, name="figures"),
    path("<uuid:referral_id>/", views.detail, name="detail"),
    path("<uuid:referral_id>/respond/", views.respond, name="respond"),
    path("<uuid:referral_id>/withdraw/", views.withdraw, name="withdraw"),
]
