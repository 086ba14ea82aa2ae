"""The import pages end to end: upload, columns, check, commit as a job, report; bad files."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from joinedup.core.models import Job
from joinedup.directory.imports.models import ImportBatch
from joinedup.directory.models import Contact, Service

DATA = Path(__file__).resolve().parents[1] / "data" / "directory"


def upload(client, place, name, data):
    url = reverse("directory:import_upload", kwargs={"place_slug": place.slug})
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_import_flow_imports_the_invitation_list(
    convenor_client, place, django_capture_on_commit_callbacks
):
    response = upload(
        convenor_client, place, "invitation-list.xlsx", (DATA / "invitation-list.xlsx").read_bytes()
    )
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse(
        "directory:import_mapping", kwargs={"place_slug": place.slug, "batch_id": batch.pk}
    )
    page = convenor_client.get(response["Location"])
    assert page.context["form"]["email"].initial == "3"
    assert "We found 92 rows of data under the column names in row 3" in page.content.decode()

    mapping = {"team": "0", "full_name": "1", "role": "2", "email": "3", "phone": "4",
               "sector": "5", "notes": "6"}  # fmt: skip
    response = convenor_client.post(response["Location"], mapping)
    preview = convenor_client.get(response["Location"])
    text = preview.content.decode()
    assert "20 (20 new) if you make every merge below" in text
    assert "xander.holloway at council.example" in text
    assert len(preview.context["plan"].team_merges) == 13

    decisions = {
        "team_merges": [m["id"] for m in preview.context["plan"].team_merges],
        "person_merges": [m["id"] for m in preview.context["plan"].person_merges],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = convenor_client.post(response["Location"], decisions)
    job = Job.objects.get()
    assert response["Location"] == reverse(
        "job", kwargs={"place_slug": place.slug, "job_id": job.pk}
    )
    job.refresh_from_db()
    assert (job.status, job.result["teams"], job.result["people"]) == ("done", 20, 80)
    report = convenor_client.get(job.result_url)
    assert "20 teams and 80 people from invitation-list.xlsx" in report.content.decode()
    assert "5 not in the correct format, 4 missing" in report.content.decode()
    assert (Service.objects.filter(place=place).count(), Contact.objects.count()) == (20, 80)


def test_import_preview_rejects_unticked_merges(
    convenor_client, place, django_capture_on_commit_callbacks
):
    upload(convenor_client, place, "list.csv", (DATA / "invitation-list.csv").read_bytes())
    batch = ImportBatch.objects.get()
    kwargs = {"place_slug": place.slug, "batch_id": batch.pk}
    convenor_client.post(
        reverse("directory:import_mapping", kwargs=kwargs),
        {"team": "0", "first_name": "1", "last_name": "2", "role": "3", "email": "4", "phone": "5"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        convenor_client.post(reverse("directory:import_preview", kwargs=kwargs), {})
    batch.refresh_from_db()
    assert batch.status == "committed"
    assert batch.report["counts"]["teams"] == 33  # every spelling kept apart
    assert batch.report["counts"]["people"] == 92


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "The selected file is empty"),
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "must be a spreadsheet"),
        ("colours.csv", b"Colour,Size\nred,10\n", "has no column of names or email addresses"),
        ("broken.csv", "Team,Name\nYOT,Zoë\n".encode() + b"YOT,\xff\n", "cannot read on line 3"),
    ],
)
def test_import_upload_of_a_bad_file_says_why_and_changes_nothing(
    convenor_client, place, name, data, message
):
    response = upload(convenor_client, place, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert ImportBatch.objects.count() == Service.objects.count() == 0


def test_import_upload_refuses_50_mb_before_parsing(convenor_client, place):
    big = io.BytesIO(b"Team,Name,Email\n" + b"YOT,Sam Lee,sam@council.example\n" * 1_700_000)
    big.name = "huge.csv"
    response = convenor_client.post(
        reverse("directory:import_upload", kwargs={"place_slug": place.slug}), {"file": big}
    )
    assert response.status_code == 400
    assert "The selected file must be smaller than 10 MB" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_import_upload_without_a_file_asks_for_one(convenor_client, place):
    response = convenor_client.post(
        reverse("directory:import_upload", kwargs={"place_slug": place.slug}), {}
    )
    assert "Select a spreadsheet" in response.content.decode()


def test_import_mapping_without_a_team_column_asks_for_one(convenor_client, place):
    upload(convenor_client, place, "list.csv", (DATA / "invitation-list.csv").read_bytes())
    batch = ImportBatch.objects.get()
    response = convenor_client.post(
        reverse(
            "directory:import_mapping", kwargs={"place_slug": place.slug, "batch_id": batch.pk}
        ),
        {"first_name": "1", "email": "4"},
    )
    assert response.status_code == 400
    assert "Choose the column that holds the team or organisation" in response.content.decode()


def test_import_batch_of_another_place_answers_404(client, place, other_place, make_member):
    batch = ImportBatch.objects.create(place=other_place, filename="x.csv", file_type="csv")
    client.force_login(make_member(place, "convenor"))
    url = reverse(
        "directory:import_mapping", kwargs={"place_slug": place.slug, "batch_id": batch.pk}
    )
    assert client.get(url).status_code == 404
