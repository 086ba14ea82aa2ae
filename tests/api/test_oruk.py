"""The open Open Referral UK API: every endpoint validates against the official HSDS 3.0
schemas, is open with CORS `*`, filters as the reference says, and hides private details."""

import datetime
import json

import pytest
from django.utils import timezone

from joinedup.directory import services as directory_services
from joinedup.directory.models import Service
from joinedup.directory.taxonomies import need_id, sector_id, stable_id
from tests.api.data import assert_nothing_private, make_directory
from tests.api.schemas import errors, page_errors
from tests.directory.factories import ServiceFactory, sector

API = "/api/oruk"


@pytest.fixture
def directory(place, other_place):
    made = make_directory(place)
    make_directory(other_place, services=2, lat=50.72, lon=-3.53)
    return made


ORIGIN = "https://finder.council.example"


def get(client, path, **params):
    """GET as a page of another site would (browsers send Origin): CORS `*` on every answer."""
    response = client.get(f"{API}{path}", params, headers={"Origin": ORIGIN})
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def test_root_says_version_and_profile(client):
    body = get(client, "/").json()
    assert (body["version"], body["profile"]) == ("3.0", "https://openreferral.org/openreferraluk/")
    assert body["openapi_url"] == "http://testserver/api/oruk/openapi.json"


def test_services_page_validates_and_is_national(client, directory):
    body = get(client, "/services").json()
    assert page_errors("service_list", body) == []
    assert (body["total_items"], body["size"], body["page_number"]) == (5, 5, 1)
    assert (body["first_page"], body["last_page"], body["empty"]) == (True, True, False)


def test_services_full_page_validates_against_the_compiled_service_schema(client, directory):
    body = get(client, "/services", full="true", place="ilford").json()
    assert page_errors("service", body) == []
    assert body["contents"][0]["service_at_locations"][0]["location"]["name"] == "Town Hall 0"
    assert_nothing_private(json.dumps(body))


def test_services_minimal_gives_ids_and_modified_dates(client, directory):
    body = get(client, "/services", minimal="true", place="ilford").json()
    assert page_errors("service_list", body) == []
    assert {tuple(sorted(s)) for s in body["contents"]} == {
        ("id", "last_modified", "name", "status")
    }


def test_services_pages_through_with_per_page(client, directory):
    body = get(client, "/services", per_page=2, page=3).json()
    assert (body["total_items"], body["total_pages"], body["size"]) == (5, 3, 1)
    assert (body["first_page"], body["last_page"]) == (False, True)
    empty = get(client, "/services", per_page=2, page=9).json()
    assert (empty["size"], empty["contents"], empty["empty"]) == (0, [], False)


def test_services_place_parameter_narrows_to_one_place(client, directory, place):
    body = get(client, "/services", place="exeter").json()
    assert body["total_items"] == 2
    assert get(client, "/services", place="nowhere").status_code == 404


def test_services_filters_by_term_taxonomy_organisation_and_date(client, directory, place):
    other = ServiceFactory(place=place, name="Fire safety visits", terms=[sector("fire")])
    by_term = get(client, "/services", taxonomy_term_id=str(sector_id("fire"))).json()
    assert [s["id"] for s in by_term["contents"]] == [str(other.pk)]
    by_taxonomy = get(client, "/services", taxonomy_id=str(stable_id("taxonomy", "needs"))).json()
    assert by_taxonomy["total_items"] == 5
    by_org = get(client, "/services", organization_id=str(directory["organization"].pk)).json()
    assert by_org["total_items"] == 3
    Service.objects.filter(pk=other.pk).update(
        last_modified=timezone.now() + datetime.timedelta(days=1)
    )
    tomorrow = (timezone.now() + datetime.timedelta(hours=12)).isoformat()
    assert [
        s["id"] for s in get(client, "/services", modified_after=tomorrow).json()["contents"]
    ] == [str(other.pk)]
    assert get(client, "/services", taxonomy_term_id="not-a-uuid").status_code == 400
    assert get(client, "/services", modified_after="yesterday").status_code == 400


def test_services_search_uses_the_search_index(client, directory, place):
    ServiceFactory(place=place, name="Youth Offending Service", description="Youth justice")
    body = get(client, "/services", search="youth offending").json()
    assert [s["name"] for s in body["contents"]] == ["Youth Offending Service"]
    assert page_errors("service_list", body) == []


def test_services_search_combines_with_a_term_and_other_filters(client, directory, place):
    ServiceFactory(place=place, name="Housing First", terms=[sector("police")])
    by_term = get(
        client, "/services", search="housing", taxonomy_term_id=str(sector_id("police"))
    ).json()
    assert [s["name"] for s in by_term["contents"]] == ["Housing First"]
    by_org = get(
        client, "/services", search="housing", organization_id=str(directory["organization"].pk)
    ).json()
    assert by_org["total_items"] == 3


def test_services_total_is_counted_once_a_minute_when_unfiltered(client, directory, place):
    assert get(client, "/services").json()["total_items"] == 5
    ServiceFactory(place=place, name="Late addition")
    assert get(client, "/services").json()["total_items"] == 5
    assert get(client, "/services", place="ilford").json()["total_items"] == 4


def test_service_detail_validates_and_hides_private_details(client, directory):
    service = directory["services"][0]
    response = get(client, f"/services/{service.pk}")
    assert errors("service", response.json()) == []
    assert_nothing_private(response.content.decode())
    assert response.json()["phones"] == [
        {"id": str(service.phones.get().pk), "number": "020 7946 0000", "type": "voice",
         "service_id": str(service.pk)}
    ]  # fmt: skip
    assert get(client, "/services/4d3f0c59-0000-4000-8000-000000000000").status_code == 404
    assert get(client, "/services/nonsense").status_code == 404


def test_taxonomies_validate(client, directory):
    body = get(client, "/taxonomies").json()
    assert page_errors("taxonomy", body) == []
    assert {t["name"] for t in body["contents"]} >= {"Joinedup sectors", "Joinedup needs"}
    one = get(client, f"/taxonomies/{stable_id('taxonomy', 'needs')}").json()
    assert errors("taxonomy", one) == []


def test_taxonomy_terms_validate_and_filter(client, directory):
    body = get(client, "/taxonomy_terms", per_page=500).json()
    assert page_errors("taxonomy_term", body) == []
    frontline = stable_id("sector-tier", "frontline")
    children = get(client, "/taxonomy_terms", parent_id=str(frontline), per_page=100).json()
    assert "Housing" in {t["name"] for t in children["contents"]}
    top = get(
        client,
        "/taxonomy_terms",
        top_only="true",
        taxonomy_id=str(stable_id("taxonomy", "sectors")),
    ).json()
    assert {t["name"] for t in top["contents"]} == {"Frontline services", "Central government"}
    one = get(client, f"/taxonomy_terms/{need_id('homelessness')}").json()
    assert errors("taxonomy_term", one) == []
    assert one["taxonomy_detail"]["name"] == "Joinedup needs"


def test_organizations_validate(client, directory):
    body = get(client, "/organizations", place="ilford").json()
    assert page_errors("organization_list", body) == []
    full = get(client, "/organizations", full="true").json()
    assert page_errors("organization", full) == []
    one = get(client, f"/organizations/{directory['organization'].pk}", full_service="true")
    assert errors("organization", one.json()) == []
    assert len(one.json()["services"]) == 3
    assert_nothing_private(one.content.decode())


def test_service_at_locations_validate_and_hide_confidential_locations(client, directory):
    body = get(client, "/service_at_locations", place="ilford").json()
    assert page_errors("service_at_location_list", body) == []
    assert body["total_items"] == 3  # the refuge's service_at_location is not there
    assert_nothing_private(json.dumps(body))
    full = get(client, "/service_at_locations", full="true").json()
    assert page_errors("service_at_location", full) == []
    one = get(client, f"/service_at_locations/{body['contents'][0]['id']}")
    assert errors("service_at_location", one.json()) == []
    refuge_sal = directory["refuge"].service_at_locations.get()
    assert get(client, f"/service_at_locations/{refuge_sal.pk}").status_code == 404


def test_service_at_locations_near_a_point_nearest_first(client, directory):
    body = get(
        client, "/service_at_locations", latitude=51.579, longitude=0.069, proximity=1500
    ).json()
    assert [s["location"]["name"] for s in body["contents"]] == ["Town Hall 2", "Town Hall 1"]
    far = get(client, "/service_at_locations", latitude=50.72, longitude=-3.53).json()
    assert far["total_items"] == 2  # Exeter's, 5 km round the point
    assert get(client, "/service_at_locations", latitude=51.5).status_code == 400


def test_services_page_query_count_does_not_grow_with_services(
    client, directory, place, django_assert_max_num_queries
):
    for i in range(20):
        ServiceFactory(place=place, name=f"Extra {i}", terms=[sector("police")])
    with django_assert_max_num_queries(14):
        body = get(client, "/services", full="true", per_page=50).json()
    assert body["size"] == 25
    with django_assert_max_num_queries(3):
        get(client, "/services", per_page=50)
    with django_assert_max_num_queries(4):
        get(client, "/service_at_locations", per_page=50)


def test_api_is_open_to_anonymous_people(client, directory):
    assert get(client, "/services").status_code == 200
    assert get(client, "/openapi.json").status_code == 200


@pytest.mark.parametrize("page", ["99999999999999999999999999", "9223372036854775807", "10000001"])
@pytest.mark.parametrize("path", ["/services", "/taxonomies", "/taxonomy_terms", "/organizations"])
def test_a_page_number_past_any_directory_is_a_400_that_says_so(client, directory, path, page):
    response = get(client, path, page=page)
    assert response.status_code == 400
    assert "page must be a whole number from 1 to 10,000,000" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"latitude": "inf", "longitude": "0.07"}, "latitude"),
        ({"latitude": "-inf", "longitude": "0.07"}, "latitude"),
        ({"latitude": "nan", "longitude": "0.07"}, "latitude"),
        ({"latitude": "51.56", "longitude": "nan"}, "longitude"),
        ({"latitude": "91", "longitude": "0.07"}, "latitude"),
        ({"latitude": "51.56", "longitude": "0.07", "proximity": "inf"}, "proximity"),
    ],
)
def test_coordinates_that_are_not_finite_or_in_range_are_a_400(client, directory, params, name):
    response = get(client, "/service_at_locations", **params)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"{name} must be a number from")


def test_the_open_api_never_carries_the_email_of_whoever_checked_a_service(
    client, directory, convenor
):
    service = Service.objects.filter(place__slug="ilford").first()
    Service.objects.filter(pk=service.pk).update(assurer_email="checker@assurance.example")
    directory_services.mark_checked(service=service, actor=convenor)
    service.refresh_from_db()
    Service.objects.filter(pk=service.pk).update(assurer_email="imported@assurance.example")
    detail = get(client, f"/services/{service.pk}").text
    page = get(client, "/services", full="true", place="ilford").text
    for body in (detail, page):
        assert "assurer_email" not in body
        assert "@assurance.example" not in body
        assert convenor.email not in body


@pytest.mark.parametrize(
    ("path", "params", "detail"),
    [
        ("/services", {"page": "0"}, "page must be a whole number from 1 to 10,000,000"),
        ("/services", {"page": "two"}, "page must be a whole number from 1 to 10,000,000"),
        ("/services", {"per_page": "0"}, "per_page must be a whole number from 1"),
        ("/services", {"format": "xml"}, "Only format=json is supported"),
        ("/services", {"taxonomy_id": "x"}, "taxonomy_id must be a UUID"),
        ("/services", {"full": "maybe"}, "full must be true or false"),
        ("/services", {"place": "ilford;drop"}, "place must be a place's short name"),
        ("/services", {"search": "a\x00b"}, "search must be text of at most 500 characters"),
        ("/taxonomy_terms", {"parent_id": "12"}, "parent_id must be a UUID"),
        ("/service_at_locations", {"postcode": "IG1 1DD"}, "postcode is not supported"),
        ("/service_at_locations", {"longitude": "181", "latitude": "1"}, "longitude must be"),
    ],
)
def test_typed_parameters_refuse_bad_values_with_a_400_that_says_what_to_send(
    client, directory, path, params, detail
):
    response = get(client, path, **params)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(detail)


def test_blank_parameters_mean_no_filter(client, directory):
    body = get(client, "/services", place="", taxonomy_id="", modified_after="").json()
    assert body["total_items"] == 5


def test_more_than_500_a_page_is_read_as_500(client, directory):
    body = get(client, "/services", per_page=100000).json()
    assert (body["size"], body["total_pages"]) == (5, 1)


def test_cors_is_for_the_open_api_only(client, directory, convenor):
    preflight = client.options(
        f"{API}/services",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    for path in ["/api/v1/openapi.json", "/sign-in/", "/p/ilford/"]:
        response = client.get(path, headers={"Origin": ORIGIN})
        assert "Access-Control-Allow-Origin" not in response, path


def test_the_openapi_document_describes_the_hsds_shapes(client):
    schema = get(client, "/openapi.json").json()
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/oruk/services"]["get"]["parameters"]
    }
    assert (parameters["page"]["minimum"], parameters["page"]["maximum"]) == (1, 10_000_000)
    assert parameters["minimal"]["type"] == "boolean"
    page = schema["components"]["schemas"]["ServicePage"]
    assert set(page["required"]) == {
        "total_items", "total_pages", "page_number", "size", "first_page", "last_page",
        "empty", "contents",
    }  # fmt: skip
    service = schema["components"]["schemas"]["Service"]
    assert {"id", "name", "status"} <= set(service["required"])
    assert service["properties"]["id"]["format"] == "uuid"
