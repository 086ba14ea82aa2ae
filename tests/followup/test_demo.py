"""The follow-up demo: Ilford's report published, actions in every state, feedback; loaded
twice without duplicates; the insight pages show its patterns."""

from collections import Counter

from django.urls import reverse

from joinedup.core.demo import load_demo
from joinedup.events.models import Event
from joinedup.followup.models import Action, ActionUpdate, FeedbackResponse, Report


def _counts():
    return (
        Action.objects.count(),
        ActionUpdate.objects.count(),
        FeedbackResponse.objects.count(),
        Report.objects.count(),
    )


def test_demo_follows_up_ilfords_day_once(db, client):
    load_demo()
    first = _counts()
    load_demo()
    assert _counts() == first

    event = Event.objects.get(place__slug="ilford", title="Ilford joined-up day")
    report = Report.objects.get(event=event)
    statuses = Counter(Action.objects.filter(event=event).values_list("status", flat=True))
    assert (report.status, event.status) == ("published", "outputs_published")
    assert set(statuses) == {"not_started", "in_progress", "done", "dropped"}
    assert Action.objects.filter(needs_centre=True).exists()
    assert FeedbackResponse.objects.filter(event=event).count() >= 30
    assert not Action.objects.filter(status="dropped", dropped_reason="").exists()

    client.force_login(report.published_by)
    page = client.get(reverse("followup:insight", args=["ilford"])).content.decode()
    assert "Life stage and the sector best placed" in page
    assert "named" in page  # the most named moments, with their text, for the convenor
    pdf = client.get(reverse("followup:report_pdf", args=["ilford", event.pk]))
    assert pdf.content.startswith(b"%PDF")
