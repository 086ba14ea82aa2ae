"""Core pages: what they show, and what they change."""

from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse

from joinedup.core.mail import send_email
from joinedup.core.models import AuditEntry, Membership, OutboxMessage


def test_sign_in_and_failed_sign_in_are_audited(client, convenor):
    client.post(reverse("login"), {"username": convenor.email, "password": "wrong"})
    client.post(reverse("login"), {"username": convenor.email, "password": "correct horse battery"})
    actions = list(AuditEntry.objects.order_by("at").values_list("action", flat=True))
    assert actions == ["core.user.sign_in_failed", "core.user.signed_in"]
    assert "wrong" not in str(AuditEntry.objects.first().data)


def test_sign_in_error_uses_govuk_wording(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Enter your email address" in content


def test_home_sends_member_of_one_place_to_its_dashboard(client, place, make_member):
    client.force_login(make_member(place, "host"))
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("place_home", kwargs={"place_slug": "ilford"})


def test_switch_place_refuses_a_place_not_ones_own(client, place, other_place, make_member):
    client.force_login(make_member(place, "host"))
    client.post(reverse("switch_place"), {"place": other_place.slug})
    assert client.session.get("place") is None


def test_switch_place_remembers_choice(client, place, other_place, make_member):
    user = make_member(place, "host")
    Membership.objects.create(user=user, place=other_place, role="host")
    client.force_login(user)
    response = client.post(reverse("switch_place"), {"place": "exeter"})
    assert response["Location"] == "/p/exeter/"
    assert client.get(reverse("home"))["Location"] == "/p/exeter/"


def test_dashboard_shows_place_and_roles(convenor_client, place):
    content = convenor_client.get(reverse("place_home", args=[place.slug])).content.decode()
    assert "Ilford (Redbridge)" in content
    assert "Convenor" in content


def test_outbox_lists_only_this_places_messages(convenor_client, place, other_place):
    send_email(key="a", to=["a@council.example"], subject="For Ilford", body_text="x", place=place)
    send_email(
        key="b", to=["b@council.example"], subject="For Exeter", body_text="x", place=other_place
    )
    content = convenor_client.get(reverse("outbox", args=[place.slug])).content.decode()
    assert "For Ilford" in content
    assert "For Exeter" not in content


def test_outbox_message_shows_body(convenor_client, place):
    message, _ = send_email(
        key="a",
        to=["a@council.example"],
        subject="S",
        body_text="Open https://joinedup.example/r/abc",
        place=place,
    )
    response = convenor_client.get(reverse("outbox_message", args=[place.slug, message.pk]))
    assert 'href="https://joinedup.example/r/abc"' in response.content.decode()


def test_password_reset_email_lands_in_outbox_with_working_link(client, convenor):
    client.post(reverse("password_reset"), {"email": convenor.email})
    message = OutboxMessage.objects.get()
    assert message.to == [convenor.email]
    link = next(w for w in message.body_text.split() if "/password-reset/" in w)
    assert link.startswith(f"{settings.SITE_URL}/password-reset/")
    path = urlparse(link).path
    response = client.get(path, follow=True)
    assert "Choose a new password" in response.content.decode()


def test_audit_log_filters_by_action(convenor_client, place, convenor):
    from joinedup.core.audit import log_action

    log_action("directory.service.updated", actor=convenor, place=place)
    log_action("core.membership.granted", actor=convenor, place=place)
    response = convenor_client.get(reverse("audit_log", args=[place.slug]), {"action": "core."})
    content = response.content.decode()
    assert "core.membership.granted" in content
    assert "directory.service.updated" not in content
