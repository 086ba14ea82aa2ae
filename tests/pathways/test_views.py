"""The pathways pages: what they show, what a convenor changes through them, and bad input
answered with a GOV.UK error and nothing saved."""

import json

import pytest
from django.urls import reverse

from joinedup.followup.models import Action
from joinedup.pathways import services as pathways
from joinedup.pathways.kits import findings_for_place
from joinedup.pathways.models import Level, Pathway, PathwayVersion, Step, Threshold
from tests.core.factories import PlaceFactory
from tests.directory.factories import ContactFactory, ServiceFactory, need
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def url(name, place, **kwargs):
    return reverse(f"pathways:{name}", kwargs={"place_slug": place.slug, **kwargs})


@pytest.fixture
def early_help(place):
    service = ServiceFactory(
        place=place, name="Early Help Family Support", terms=[need("child-at-risk")]
    )
    ContactFactory(service=service, name="Ada Mensah")
    return service


@pytest.fixture
def pathway(place, convenor, early_help):
    pathway = pathways.create_pathway(
        place=place, need=need("child-at-risk"), title="A child may be at risk", actor=convenor
    )
    pathways.save_step(
        version=pathway.draft,
        actor=convenor,
        code="car-2",
        fields=pathways.StepFields(
            level=2,
            indicators=["School attendance falling"],
            services=[early_help],
            response_hours=72,
        ),
    )
    return pathway


def step_data(service, **extra):
    data = {
        "level": "2",
        "indicators": "School attendance falling\n\nParent asks for help\n",
        "services": [str(service.pk)],
        "route_how": "form",
        "route_detail": "Early help request form",
        "response_hours": "72",
        "escalate_to": "",
        "consent": "ask",
        "consent_note": "Early help is voluntary",
    }
    data.update(extra)
    return data


def test_levels_edit_saves_the_new_names(convenor_client, place):
    pathways.ensure_levels(place=place)
    data = {}
    for level in Level.objects.filter(place=place):
        data[f"name_{level.number}"] = level.name
        data[f"description_{level.number}"] = level.description
    data["name_2"] = "Targeted early help"

    response = convenor_client.post(url("levels_edit", place), data)

    assert response.status_code == 302
    assert Level.objects.get(place=place, number=2).name == "Targeted early help"


def test_levels_edit_with_an_empty_name_says_so_and_saves_nothing(convenor_client, place):
    pathways.ensure_levels(place=place)

    response = convenor_client.post(url("levels_edit", place), {"name_1": "", "name_2": "X"})

    assert response.status_code == 200
    assert "Enter a name for level 1" in response.content.decode()
    assert list(Level.objects.filter(place=place).values_list("name", flat=True)) == [
        "Universal",
        "Early help",
        "Complex",
        "Acute",
    ]


def test_levels_edit_by_a_practitioner_is_refused_and_saves_nothing(client, place, make_member):
    pathways.ensure_levels(place=place)
    client.force_login(make_member(place, "practitioner"))

    response = client.post(url("levels_edit", place), {"name_1": "Everyone"})

    assert response.status_code == 403
    assert Level.objects.get(place=place, number=1).name == "Universal"


def test_thresholds_edit_saves_and_the_service_page_shows_them(convenor_client, place, early_help):
    response = convenor_client.post(
        url("service_thresholds_edit", place, service_id=early_help.pk),
        {f"need_{need('child-at-risk').pk}": ["2", "3"]},
    )
    page = convenor_client.get(
        reverse("directory:service", kwargs={"place_slug": place.slug, "service_id": early_help.pk})
    ).content.decode()

    assert response.status_code == 302
    assert Threshold.objects.get(service=early_help).levels == [2, 3]
    assert 'Child at risk</dt><dd class="govuk-summary-list__value">2 Early help, 3 Complex' in page
    assert url("service_thresholds_edit", place, service_id=early_help.pk) in page


def test_thresholds_edit_with_an_unknown_level_shows_an_error(convenor_client, place, early_help):
    response = convenor_client.post(
        url("service_thresholds_edit", place, service_id=early_help.pk),
        {f"need_{need('child-at-risk').pk}": ["7"]},
    )

    assert response.status_code == 200
    assert (
        "Select a valid choice. 7 is not one of the available choices." in response.content.decode()
    )
    assert Threshold.objects.filter(service=early_help).count() == 0


def test_step_create_adds_a_step_to_the_draft(convenor_client, place, pathway, early_help):
    response = convenor_client.post(
        url("step_create", place, pathway_id=pathway.pk), step_data(early_help, level="3")
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#step-child-at-risk-3")
    step = pathway.draft.steps.get(level=3)
    assert step.indicators == ["School attendance falling", "Parent asks for help"]
    assert list(step.services.all()) == [early_help]


def test_step_create_with_bad_hours_and_no_indicators_says_where(
    convenor_client, place, pathway, early_help
):
    response = convenor_client.post(
        url("step_create", place, pathway_id=pathway.pk),
        step_data(early_help, response_hours="soon", indicators="  \n "),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter the reply due as a whole number of hours, like 24" in body
    assert "Enter at least one indicator" in body
    assert pathway.draft.steps.count() == 1


def test_step_create_with_another_places_service_is_refused(convenor_client, place, pathway):
    foreign = ServiceFactory(place=PlaceFactory(slug="exeter"), name="Exeter Early Help")

    response = convenor_client.post(
        url("step_create", place, pathway_id=pathway.pk), step_data(foreign)
    )

    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()
    assert pathway.draft.steps.count() == 1


def test_step_remove_removes_it_from_the_draft_only(convenor_client, place, pathway):
    step = pathway.draft.steps.get()

    response = convenor_client.post(
        url("step_remove", place, pathway_id=pathway.pk, step_id=step.pk)
    )

    assert response.status_code == 302
    assert Step.objects.filter(pk=step.pk).count() == 0


def test_publish_publishes_the_draft_and_the_page_shows_it(convenor_client, place, pathway):
    response = convenor_client.post(
        url("publish", place, pathway_id=pathway.pk), {"change_note": "First version"}
    )
    page = convenor_client.get(url("pathway", place, pathway_id=pathway.pk)).content.decode()

    assert response.status_code == 302
    assert pathway.versions.get().status == PathwayVersion.Status.PUBLISHED
    assert 'id="step-car-2"' in page
    assert "If someone is in immediate danger, call 999." in page
    assert "First version" in page


def test_publish_of_an_empty_draft_shows_an_error(convenor_client, place, pathway):
    pathway.draft.steps.all().delete()

    response = convenor_client.post(url("publish", place, pathway_id=pathway.pk), {})

    assert response.status_code == 200
    assert "Add at least one step to A child may be at risk before publishing" in (
        response.content.decode()
    )
    assert pathway.published is None


def test_pathway_page_without_a_published_version_points_to_the_directory(
    client, place, pathway, make_member
):
    client.force_login(make_member(place, "practitioner"))

    page = client.get(url("pathway", place, pathway_id=pathway.pk)).content.decode()

    assert "This pathway is not published yet" in page
    assert "School attendance falling" not in page


def test_check_page_says_each_finding_in_plain_words_with_links(
    convenor_client, place, pathway, convenor
):
    closed = ServiceFactory(place=place, name="Family Group Conferencing", status="inactive")
    pathways.save_step(
        version=pathway.draft,
        actor=convenor,
        step=pathway.draft.steps.get(),
        code="car-2",
        fields=pathways.StepFields(
            level=2, indicators=["Parent asks for help"], services=[closed], response_hours=72
        ),
    )
    pathways.publish(version=pathway.draft, actor=convenor)

    page = convenor_client.get(url("check", place)).content.decode()

    assert (
        "Family Group Conferencing is named at level 2 of “A child may be at risk”, but the "
        "directory marks it inactive." in page
    )
    assert "Nobody can take a referral at level 2 of “A child may be at risk”" in page
    assert f"{url('pathway', place, pathway_id=pathway.pk)}#step-car-2" in page
    assert url("service_thresholds", place, service_id=closed.pk) in page
    assert reverse("followup:action_from_finding", kwargs={"place_slug": place.slug}) in page


def test_finding_becomes_one_action_for_the_next_event(convenor_client, place, pathway, convenor):
    pathways.publish(version=pathway.draft, actor=convenor)
    event = EventFactory(place=place, title="Ilford multi-agency day")
    finding = {
        "kind": "no_escalation",
        "need": "child-at-risk",
        "step": "car-2",
        "service": "",
        "level": "",
        "message": "",
    }
    from_check = pathways_finding_message(place)
    finding["message"] = from_check

    first = convenor_client.post(
        reverse("followup:action_from_finding", kwargs={"place_slug": place.slug}), finding
    )
    again = convenor_client.post(
        reverse("followup:action_from_finding", kwargs={"place_slug": place.slug}), finding
    )

    action = Action.objects.get(place=place)
    assert first.status_code == again.status_code == 302
    assert action.title == "Pathways: fix no escalation in child-at-risk (car-2)"
    assert action.event == event
    assert action.description.startswith(from_check)


def pathways_finding_message(place) -> str:
    (finding,) = [f for f in findings_for_place(place=place) if f.kind == "no_escalation"]
    return finding.message


def test_kit_export_downloads_the_kit_and_is_audited(convenor_client, place, pathway, convenor):
    pathways.publish(version=pathway.draft, actor=convenor)

    response = convenor_client.get(url("kit_export", place))

    data = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="ilford-pathways-')
    assert (data["format"], [p["need"] for p in data["pathways"]]) == (
        "joinedup-pathways/1",
        ["child-at-risk"],
    )


def test_kit_import_of_a_broken_kit_lists_json_paths_and_saves_nothing(convenor_client, place):
    broken = {
        "format": "joinedup-pathways/1",
        "place": "elsewhere",
        "levels": [{"level": 1, "name": "Universal"}],
        "services": [],
        "pathways": [
            {
                "need": "child-at-risk",
                "title": "Child",
                "version": 1,
                "steps": [
                    {
                        "id": "s1",
                        "level": 1,
                        "indicators": [],
                        "services": ["yot"],
                        "route": {"how": "form"},
                        "response_hours": 4,
                        "escalate_to": None,
                        "consent": "ask",
                    }
                ],
            }
        ],
    }

    response = convenor_client.post(url("kit_import", place), {"kit_text": json.dumps(broken)})

    body = response.content.decode()
    assert response.status_code == 200
    assert "pathways[0].steps[0].services[0]: unknown service &quot;yot&quot;" in body
    assert "nothing was imported" in body
    assert Pathway.objects.filter(place=place).count() == 0


def test_kit_import_of_text_that_is_not_json_says_where(convenor_client, place):
    response = convenor_client.post(url("kit_import", place), {"kit_text": '{"format": '})

    assert response.status_code == 200
    assert "The kit is not valid JSON: line 1, column 11" in response.content.decode()


def test_kit_import_maps_an_unmatched_service_then_imports(
    convenor_client, place, pathway, convenor, early_help
):
    pathways.publish(version=pathway.draft, actor=convenor)
    kit = convenor_client.get(url("kit_export", place)).content
    exeter = PlaceFactory(slug="exeter", name="Exeter")
    families = ServiceFactory(place=exeter, name="Families First")
    exeter_convenor = convenor
    exeter_convenor.memberships.create(place=exeter, role="convenor")

    upload = convenor_client.post(url("kit_import", exeter), {"kit_text": kit.decode()})
    preview = convenor_client.get(url("kit_import_map", exeter))
    done = convenor_client.post(
        url("kit_import_map", exeter), {"map_0": str(families.pk), "publish": "on"}
    )

    assert upload.status_code == 302
    assert "Early Help Family Support (kit id" in preview.content.decode()
    assert done.status_code == 302
    imported = Pathway.objects.get(place=exeter)
    step = imported.published.steps.get()
    assert list(step.services.all()) == [families]
