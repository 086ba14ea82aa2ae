"""Uploads through an S3-compatible bucket (django-storages' S3Storage against moto's in-process
S3): a file one node stores, another node reads and deletes; an Open Referral upload travels
through the bucket to its import job and is gone afterwards."""

import zipfile

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from moto import mock_aws
from storages.backends.s3 import S3Storage

from joinedup.core.models import Job
from joinedup.directory.models import Service
from tests.directory.test_hsds_limits import service_rows, zipped

BUCKET = "joinedup-test-ilford"
# The options settings.py builds from JOINEDUP_S3_* (tests/core/test_storage.py checks that).
OPTIONS = {
    "bucket_name": BUCKET,
    "region_name": "eu-west-2",
    "access_key": "testing",
    "secret_key": "testing",
    "location": "joinedup",
    "default_acl": None,
    "file_overwrite": False,
    "querystring_auth": True,
}
S3_STORAGES = {
    "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": OPTIONS},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture
def bucket(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-2")
        s3.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
        )
        yield s3


def _keys(s3) -> list[str]:
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_a_file_one_node_stores_another_reads_and_deletes(bucket):
    node_a, node_b = S3Storage(**OPTIONS), S3Storage(**OPTIONS)
    name = node_a.save("uploads/list.csv", ContentFile(b"name,email\nAsha,asha@ilford.example\n"))
    assert _keys(bucket) == [f"joinedup/{name}"]
    with node_b.open(name, "rb") as handle:
        assert handle.read() == b"name,email\nAsha,asha@ilford.example\n"
    # never overwritten: a second file of the same name gets a name of its own
    second = node_b.save("uploads/list.csv", ContentFile(b"other"))
    assert second != name and len(_keys(bucket)) == 2
    node_b.delete(name)
    node_b.delete(second)
    assert _keys(bucket) == []


def test_an_open_referral_upload_goes_through_the_bucket_to_its_job(
    bucket, convenor_client, place, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []
    original_open = S3Storage.open

    def open_and_note(self, name, mode="rb"):
        seen.append(_keys(bucket))  # what the bucket holds when the job reads the upload
        return original_open(self, name, mode)

    monkeypatch.setattr(S3Storage, "open", open_and_note)
    upload = SimpleUploadedFile(
        "directory.zip", zipped({"services.csv": service_rows(3)}, method=zipfile.ZIP_STORED)
    )
    with override_settings(STORAGES=S3_STORAGES):
        assert isinstance(storages["default"], S3Storage)
        with django_capture_on_commit_callbacks(execute=True):
            response = convenor_client.post(
                reverse("directory:hsds_import", kwargs={"place_slug": place.slug}),
                {"file": upload},
            )
    assert response.status_code == 302
    assert Job.objects.get().status == Job.Status.DONE
    assert Service.objects.filter(place=place).count() == 3
    assert len(seen) == 1 and len(seen[0]) == 1 and seen[0][0].startswith("joinedup/")
    assert _keys(bucket) == []  # the job deleted the upload once read
