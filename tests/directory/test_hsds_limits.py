"""HSDS uploads that would exhaust the server are refused with a message that says why:
zip bombs, damaged zips, JSON nested past reason, CSV fields past the csv module's limit."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from joinedup.core.models import Job
from joinedup.directory.hsds import reading
from joinedup.directory.hsds.reading import HsdsError, read_hsds
from joinedup.directory.models import Service

MB = 1024 * 1024
HEADER = b"id,organization_id,name,status\n"


def zipped(files: dict[str, bytes], *, method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def service_rows(n: int) -> bytes:
    return HEADER + b"".join(
        b"00000000-0000-4000-8000-%012d,,Service %d,active\n" % (i, i) for i in range(n)
    )


def test_a_zip_that_unpacks_to_over_200_times_its_size_is_refused_unread():
    bomb = zipped({"services.csv": HEADER + b"0" * (12 * MB)})
    assert len(bomb) < 100_000
    with pytest.raises(HsdsError, match="unpacks to over 200 times its own size"):
        read_hsds(bomb)


def test_a_zip_whose_csv_files_together_pass_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNZIPPED_BYTES", 1 * MB)
    data = zipped({"services.csv": service_rows(12000), "organizations.csv": service_rows(12000)})
    with pytest.raises(HsdsError, match=r"would unpack to 1 MB; the most Joinedup reads is 1 MB"):
        read_hsds(data)


def test_a_zip_with_a_bad_crc_says_which_file_is_damaged():
    data = bytearray(zipped({"services.csv": service_rows(3)}, method=zipfile.ZIP_STORED))
    where = data.index(b"Service 1")
    data[where] = ord("X")
    with pytest.raises(HsdsError, match=r"services.csv in the zip file is damaged \(Bad CRC-32"):
        read_hsds(bytes(data))


def test_a_csv_field_longer_than_the_csv_limit_names_file_and_line():
    rows = HEADER + b"00000000-0000-4000-8000-000000000001,,Ok,active\n"
    rows += b'00000000-0000-4000-8000-000000000002,,"' + b"x" * 200_000 + b'",active\n'
    with pytest.raises(
        HsdsError, match=r"services.csv, line 3 has a value longer than 131,072 characters"
    ):
        read_hsds(zipped({"services.csv": rows}))


def test_json_nested_100000_deep_is_refused_not_a_crash():
    with pytest.raises(HsdsError, match="nests lists and objects more than 64 deep"):
        read_hsds(b"[" * 100_000 + b"]" * 100_000)


def test_json_nested_65_deep_is_refused_and_a_real_shape_is_read():
    with pytest.raises(HsdsError, match="more than 64 deep"):
        read_hsds(b"[" * 65 + b"]" * 65)
    service = b'{"id": "00000000-0000-4000-8000-000000000001", "name": "Ok", "status": "active"}'
    tables, _ = read_hsds(service, filename="services.json")
    assert [row["name"] for row in tables["services"].values()] == ["Ok"]


def test_json_that_is_a_bare_number_is_not_hsds():
    with pytest.raises(HsdsError, match="not HSDS JSON"):
        read_hsds(b"5")


def test_the_import_page_refuses_a_zip_bomb_before_any_job(convenor_client, place):
    bomb = zipped({"services.csv": HEADER + b"0" * (12 * MB)})
    upload = SimpleUploadedFile("directory.zip", bomb)
    response = convenor_client.post(
        reverse("directory:hsds_import", kwargs={"place_slug": place.slug}), {"file": upload}
    )
    assert response.status_code == 400
    assert "unpacks to over 200 times its own size" in response.content.decode()
    assert (Job.objects.count(), Service.objects.filter(place=place).count()) == (0, 0)


def test_a_damaged_zip_fails_its_job_with_the_reason(
    convenor_client, place, django_capture_on_commit_callbacks
):
    data = bytearray(zipped({"services.csv": service_rows(3)}, method=zipfile.ZIP_STORED))
    data[data.index(b"Service 1")] = ord("X")
    upload = SimpleUploadedFile("directory.zip", bytes(data))
    with django_capture_on_commit_callbacks(execute=True):
        response = convenor_client.post(
            reverse("directory:hsds_import", kwargs={"place_slug": place.slug}), {"file": upload}
        )
    job = Job.objects.get()
    assert response.status_code == 302
    assert (job.status, job.message) == (
        Job.Status.FAILED,
        "services.csv in the zip file is damaged (Bad CRC-32 for file 'services.csv')",
    )
    assert Service.objects.filter(place=place).count() == 0
