from django.contrib.auth import views as auth_views
from django.urls import path

from joinedup.core import mfa_views, views
from joinedup.core.csp_report import csp_report
from joinedup.core.forms import SignInForm
from joinedup.core.health_views import healthz, metrics
from joinedup.core.password_reset import ResetRequestView

# Pages outside any place.
urlpatterns = [
    path("", views.home, name="home"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("two-factor/set-up/", mfa_views.set_up, name="mfa_set_up"),
    path("two-factor/", mfa_views.verify, name="mfa_verify"),
    path("two-factor/recovery-codes/", mfa_views.recovery_codes, name="mfa_recovery_codes"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        ResetRequestView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("switch-place/", views.switch_place, name="switch_place"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("csp-report/", csp_report, name="csp_report"),
    path("join/<str:token>/", views.join, name="join"),
    path("places/new/", views.place_create, name="place_create"),
    # for monitors and load balancers: no sign-in, counts only (docs/deployment.md)
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
]

# Pages inside a place: /p/<place_slug>/...
place_urlpatterns = [
    path("", views.place_home, name="place_home"),
    path("people/", views.members, name="members"),
    path("people/<int:membership_id>/change/", views.change_member, name="change_member"),
    path("people/<int:membership_id>/remove/", views.remove_member, name="remove_member"),
    path(
        "people/invitations/<int:invitation_id>/cancel/",
        views.cancel_member_invitation,
        name="cancel_member_invitation",
    ),
    path("audit/", views.audit_log, name="audit_log"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:message_id>/", views.outbox_message, name="outbox_message"),
    path("jobs/<uuid:job_id>/", views.job_detail, name="job"),
    path("jobs/<uuid:job_id>/status/", views.job_status, name="job_status"),
]
