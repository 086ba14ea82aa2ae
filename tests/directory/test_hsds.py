"""Open Referral UK (HSDS 3.0): the official examples import; exports validate against the
official schemas, hide confidential and personal details, and survive export→import→export."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from joinedup.core.models import AuditEntry, Job
from joinedup.directory.hsds.export import export_json, export_tables, export_zip
from joinedup.directory.hsds.loading import import_tables
from joinedup.directory.hsds.reading import HsdsError, read_folder, read_hsds
from joinedup.directory.models import (
    Contact,
    Location,
    Organization,
    Phone,
    Service,
    ServiceAtLocation,
)
from tests.api.data import assert_nothing_private, make_directory
from tests.api.schemas import errors

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "hsds-3.0" / "examples"


def wipe(place) -> None:
    Service.objects.filter(place=place).delete()
    Location.objects.filter(place=place).delete()
    Organization.objects.filter(place=place).delete()


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_import_tables_accepts_every_json_example(place, convenor, path):
    tables, _ = read_hsds(path.read_bytes(), filename=path.name)
    report = import_tables(place=place, tables=tables, actor=convenor, source=path.name)
    created = {t: c["created"] for t, c in report["counts"].items()}
    # a row pointing at nothing in the file cannot be kept, and the report says so
    dropped = dict.fromkeys(tables, 0)
    for warning in report["warnings"]:
        if warning.endswith("not imported"):
            dropped[warning.split()[0]] += 1
    assert created == {t: len(rows) - dropped[t] for t, rows in tables.items()}


def test_import_tables_accepts_the_tabular_example_folder(place, convenor):
    tables, ignored = read_folder(EXAMPLES / "csv")
    report = import_tables(place=place, tables=tables, actor=convenor, ignored=ignored)
    service = Service.objects.get(place=place)
    assert (service.name, service.minimum_age, service.maximum_age) == (
        "Community Counselling",
        12,
        100,
    )
    assert report["counts"]["phones"] == {"created": 1, "updated": 0}
    assert "programs.csv" in report["ignored_files"]
    # ids that point at nothing in the package are left empty and reported
    assert any("parent_organization_id" in w for w in report["warnings"])


def test_read_hsds_names_the_parts_it_does_not_keep():
    _, ignored = read_hsds((EXAMPLES / "service_full.json").read_bytes())
    assert {"languages", "funding", "cost_options", "required_documents"} <= set(ignored)


def test_import_tables_of_the_same_example_twice_updates_without_duplicates(place, convenor):
    data = (EXAMPLES / "service_full.json").read_bytes()
    import_tables(place=place, tables=read_hsds(data)[0], actor=convenor)
    again = import_tables(place=place, tables=read_hsds(data)[0], actor=convenor)
    assert {c["created"] + c["updated"] for c in again["counts"].values()} == {0}
    changed = json.loads(data)
    changed["name"] = "Community Counselling (North)"
    changed["minimum_age"] = 14
    del changed["alert"]
    report = import_tables(
        place=place, tables=read_hsds(json.dumps(changed).encode())[0], actor=convenor
    )
    assert report["counts"]["services"] == {"created": 0, "updated": 1}
    service = Service.objects.get(place=place)
    assert (service.name, service.minimum_age, service.alert) == (
        "Community Counselling (North)",
        14,
        "",
    )


def test_import_tables_into_two_places_keeps_them_apart(place, other_place, convenor):
    data = (EXAMPLES / "service_full.json").read_bytes()
    import_tables(place=place, tables=read_hsds(data)[0], actor=convenor)
    import_tables(place=other_place, tables=read_hsds(data)[0], actor=convenor)
    assert Service.objects.filter(name="Community Counselling").count() == 2
    assert {s.place for s in Service.objects.all()} == {place, other_place}


def test_export_json_validates_against_the_compiled_service_schema(place):
    make_directory(place)
    services = export_json(place)
    assert len(services) == 3
    for service in services:
        assert errors("service", service) == []
    assert {a["taxonomy_term"]["name"] for a in services[0]["attributes"]} == {
        "Housing",
        "Homelessness",
    }


def test_export_json_leaves_out_confidential_locations_and_contact_people(place):
    make_directory(place)
    assert_nothing_private(json.dumps(export_json(place)))


def test_export_zip_is_a_tabular_package_without_private_details(place):
    make_directory(place)
    archive = zipfile.ZipFile(io.BytesIO(export_zip(place)))
    names = set(archive.namelist())
    assert {"datapackage.json", "services.csv", "locations.csv", "attributes.csv"} <= names
    package = json.loads(archive.read("datapackage.json"))
    assert {r["path"] for r in package["resources"]} == names - {"datapackage.json"}
    assert_nothing_private("".join(archive.read(n).decode() for n in names))


def test_export_json_then_import_then_export_is_stable(place, convenor):
    make_directory(place)
    first = export_json(place)
    wipe(place)
    import_tables(place=place, tables=read_hsds(json.dumps(first).encode())[0], actor=convenor)
    assert export_json(place) == first


def test_export_zip_then_import_then_export_is_stable(place, convenor):
    make_directory(place)
    first = export_tables(place)
    data = export_zip(place)
    wipe(place)
    import_tables(place=place, tables=read_hsds(data)[0], actor=convenor)
    assert export_tables(place) == first


def test_export_then_import_into_another_place_gives_the_same_services(
    place, other_place, convenor
):
    make_directory(place)
    import_tables(
        place=other_place,
        tables=read_hsds(json.dumps(export_json(place)).encode())[0],
        actor=convenor,
    )
    assert sorted(Service.objects.filter(place=other_place).values_list("name", flat=True)) == [
        "Housing Options 0",
        "Housing Options 1",
        "Housing Options 2",
    ]
    assert ServiceAtLocation.objects.filter(place=other_place).count() == 3
    assert Contact.objects.filter(place=other_place).count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"<html>not json</html>", "must be HSDS JSON or a zip"),
        (b"[1, 2, 3]", "a list item is not an object"),
        (b"PK\x03\x04broken", "not a zip file"),
    ],
)
def test_read_hsds_refuses_files_that_are_not_hsds(data, message):
    with pytest.raises(HsdsError, match=message):
        read_hsds(data)


def test_hsds_export_downloads_are_audited(convenor_client, place):
    make_directory(place)
    kwargs = {"place_slug": place.slug}
    response = convenor_client.get(reverse("directory:hsds_export_json", kwargs=kwargs))
    assert response["Content-Disposition"].startswith('attachment; filename="ilford-services-')
    assert len(json.loads(response.content)) == 3
    response = convenor_client.get(reverse("directory:hsds_export_zip", kwargs=kwargs))
    assert zipfile.is_zipfile(io.BytesIO(response.content))
    assert list(
        AuditEntry.objects.filter(action__startswith="directory.export").values_list(
            "action", flat=True
        )
    ) == ["directory.export.hsds_tabular", "directory.export.hsds_json"]


def test_hsds_import_page_imports_a_file_as_a_job(
    convenor_client, place, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("service_full.json", (EXAMPLES / "service_full.json").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = convenor_client.post(
            reverse("directory:hsds_import", kwargs={"place_slug": place.slug}), {"file": upload}
        )
    job = Job.objects.get(kind="directory.hsds_import")
    assert response["Location"] == reverse(
        "job", kwargs={"place_slug": place.slug, "job_id": job.pk}
    )
    job.refresh_from_db()
    assert job.status == "done"
    report = convenor_client.get(job.result_url)
    assert "Records created and updated" in report.content.decode()
    assert Service.objects.filter(place=place).count() == 1
    assert Phone.objects.filter(place=place).count() == 1
    entry = AuditEntry.objects.get(action="directory.import.hsds")
    assert (entry.place, entry.data["counts"]["services"]) == (
        place,
        {"created": 1, "updated": 0},
    )


def test_hsds_import_page_says_why_a_bad_file_cannot_be_imported(convenor_client, place):
    upload = SimpleUploadedFile("notes.json", b"<html>not json</html>")
    response = convenor_client.post(
        reverse("directory:hsds_import", kwargs={"place_slug": place.slug}), {"file": upload}
    )
    assert response.status_code == 400
    assert "must be HSDS JSON or a zip of HSDS CSV files" in response.content.decode()
    assert Job.objects.count() == 0
