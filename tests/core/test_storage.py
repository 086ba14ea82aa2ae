"""Where uploads and generated files go: JOINEDUP_MEDIA_DIR, or an S3 bucket when configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SHOW = (
    "import json; from django.conf import settings; "
    "from django.core.files.storage import default_storage as s; "
    "print(json.dumps({'root': str(settings.MEDIA_ROOT), "
    "'backend': settings.STORAGES['default']['BACKEND'], "
    "'options': settings.STORAGES['default'].get('OPTIONS', {})}))"
)


def _show(env, extra_path=""):
    return subprocess.run(
        [sys.executable, "-m", "joinedup", "shell", "--no-imports", "-c", SHOW],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": os.pathsep.join(p for p in (extra_path, str(REPO / "src")) if p),
            **env,
        },
    )


def test_media_dir_defaults_to_var_media(tmp_path):
    shown = _show({"JOINEDUP_VAR_DIR": str(tmp_path)})
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout) == {
        "root": str(tmp_path / "media"),
        "backend": "django.core.files.storage.FileSystemStorage",
        "options": {},
    }


def test_media_dir_names_a_shared_folder(tmp_path):
    shared = tmp_path / "nfs" / "joinedup-media"
    shown = _show({"JOINEDUP_VAR_DIR": str(tmp_path / "var"), "JOINEDUP_MEDIA_DIR": str(shared)})
    assert json.loads(shown.stdout)["root"] == str(shared)


def test_s3_bucket_selects_django_storages(tmp_path):
    # a stand-in package: the switch is in settings, the backend is django-storages' own
    fake = tmp_path / "site"
    (fake / "storages").mkdir(parents=True)
    (fake / "storages" / "__init__.py").write_text("")
    shown = _show(
        {
            "JOINEDUP_VAR_DIR": str(tmp_path / "var"),
            "JOINEDUP_S3_BUCKET": "joinedup-ilford",
            "JOINEDUP_S3_ENDPOINT_URL": "https://s3.storage.example",
            "JOINEDUP_S3_REGION": "eu-west-2",
        },
        extra_path=str(fake),
    )
    assert shown.returncode == 0, shown.stderr
    chosen = json.loads(shown.stdout)
    assert chosen["backend"] == "storages.backends.s3.S3Storage"
    assert chosen["options"] == {
        "bucket_name": "joinedup-ilford",
        "endpoint_url": "https://s3.storage.example",
        "region_name": "eu-west-2",
        "access_key": None,
        "secret_key": None,
        "location": "joinedup",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
    }


def test_s3_bucket_without_django_storages_stops_start_up(tmp_path):
    # django-storages is a test dependency: hide it, as on an installation without the extra
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text("import sys\nsys.modules['storages'] = None\n")
    shown = _show(
        {"JOINEDUP_VAR_DIR": str(tmp_path), "JOINEDUP_S3_BUCKET": "joinedup-ilford"},
        extra_path=str(hide),
    )
    assert shown.returncode != 0
    assert "django-storages is not installed" in shown.stderr
