"""The start-from pages as a convenor uses them: choose, preview, copy, see what was made."""

import pytest
from django.urls import reverse

from joinedup.casestudies.models import CaseStudy
from joinedup.core.models import CopyRun
from joinedup.directory.models import SearchSynonym
from joinedup.events.models import Event
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.followup.copy_data import make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def ilford():
    return PlaceFactory(name="Ilford", slug="ilford", shares_approach=True)


@pytest.fixture
def exeter():
    return PlaceFactory(name="Exeter", slug="exeter")


@pytest.fixture
def exeter_convenor(exeter):
    user = UserFactory(email="exeter.convenor@joinedup.example", full_name="Eve Exeter")
    MembershipFactory(user=user, place=exeter, role="convenor")
    return user


@pytest.fixture
def source(ilford, exeter_convenor):
    return make_source(ilford, exeter_convenor)


def _url(name, **kwargs):
    return reverse(f"startfrom:{name}", kwargs={"place_slug": "exeter", **kwargs})


def test_start_lists_only_places_that_share(client, exeter_convenor, ilford):
    PlaceFactory(name="Manchester", slug="manchester")
    client.force_login(exeter_convenor)

    html = client.get(_url("start")).content.decode()

    assert 'value="ilford"' in html
    assert 'value="manchester"' not in html


def test_start_with_a_source_goes_to_the_choice(client, exeter_convenor, ilford):
    client.force_login(exeter_convenor)

    response = client.get(_url("start"), {"source": "ilford"})

    assert response["Location"] == _url("choose", source_slug="ilford")


def test_preview_with_nothing_chosen_shows_the_error(client, exeter_convenor, source):
    client.force_login(exeter_convenor)

    response = client.get(_url("preview", source_slug="ilford"))

    assert response.status_code == 400
    assert "Select what to copy" in response.content.decode()


def test_preview_events_without_an_event_shows_the_error(client, exeter_convenor, source):
    client.force_login(exeter_convenor)

    response = client.get(_url("preview", source_slug="ilford"), {"parts": ["events"]})

    assert response.status_code == 400
    assert "Select the events to copy, or untick event set-ups" in response.content.decode()


def test_preview_then_copy_then_the_copied_event_says_where_it_came_from(
    client, exeter_convenor, source
):
    client.force_login(exeter_convenor)
    query = {"parts": ["pathways", "events"], "events": [str(source.event.pk)]}

    preview = client.get(_url("preview", source_slug="ilford"), query)
    html = preview.content.decode()
    assert "Pathways (as drafts to check and publish): 1" in html
    assert "Events (as drafts, with their agenda): 1" in html
    assert "Redbridge IDVA Service" in html  # to map
    digest = preview.context["preview"].digest

    response = client.post(
        _url("copy", source_slug="ilford"), {**query, "digest": digest}, follow=True
    )

    run = CopyRun.objects.get()
    assert response.redirect_chain[-1][0] == _url("done", run_id=run.pk)
    done = response.content.decode()
    assert "Copied from Ilford" in done
    assert "Joining up around children" in done
    event = Event.objects.get(place__slug="exeter")
    page = client.get(reverse("events:detail", args=["exeter", event.pk])).content.decode()
    assert "Started from Ilford&#x27;s event, " in page
    # Tables are not copied: case studies were not chosen.
    assert event.cafe_tables.count() == 0


def test_copy_with_a_stale_preview_shows_the_new_one_and_copies_nothing(
    client, exeter_convenor, source
):
    client.force_login(exeter_convenor)

    response = client.post(
        _url("copy", source_slug="ilford"), {"parts": ["synonyms"], "digest": "0" * 32}
    )

    assert response.status_code == 409
    assert "Something changed in either place since the preview" in response.content.decode()
    assert SearchSynonym.objects.filter(place__slug="exeter", key="front door").count() == 0


def test_copy_answers_get_with_405(client, exeter_convenor, source):
    client.force_login(exeter_convenor)

    assert client.get(_url("copy", source_slug="ilford")).status_code == 405


def test_a_place_that_stopped_sharing_answers_404(client, exeter_convenor, source, ilford):
    ilford.shares_approach = False
    ilford.save()
    client.force_login(exeter_convenor)

    assert client.get(_url("choose", source_slug="ilford")).status_code == 404
    assert (
        client.post(_url("copy", source_slug="ilford"), {"parts": ["synonyms"]}).status_code == 404
    )


def test_share_page_turns_sharing_on_and_off(client, exeter_convenor, exeter):
    client.force_login(exeter_convenor)

    client.post(_url("share"), {"shares": "yes"})
    exeter.refresh_from_db()
    assert exeter.shares_approach is True
    client.post(_url("share"), {"shares": "no"})
    exeter.refresh_from_db()
    assert exeter.shares_approach is False


def test_case_study_share_button_marks_it_shareable(client, ilford):
    convenor = UserFactory(email="ilford.convenor@joinedup.example")
    MembershipFactory(user=convenor, place=ilford, role="convenor")
    study = CaseStudy.objects.create(place=ilford, title="Kai", state="approved")
    client.force_login(convenor)
    detail = reverse("casestudies:detail", args=["ilford", study.pk])
    assert "Share with other places" in client.get(detail).content.decode()

    client.post(reverse("casestudies:share", args=["ilford", study.pk]), {"shareable": "yes"})

    study.refresh_from_db()
    assert study.shareable is True
    assert "Stop sharing with other places" in client.get(detail).content.decode()


def test_a_copied_case_study_page_says_where_it_came_from(client, exeter_convenor, source):
    client.force_login(exeter_convenor)
    client.post(_url("copy", source_slug="ilford"), {"parts": ["case_studies"]})
    copy = CaseStudy.objects.get(place__slug="exeter")

    html = client.get(reverse("casestudies:detail", args=["exeter", copy.pk])).content.decode()

    assert "Started from Ilford&#x27;s case study, " in html
    assert "Written in another place." in html
    assert "a former member" not in html
