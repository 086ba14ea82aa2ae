"""Settings for the test suite: Joinedup's own, with tasks run inline and fast hashing."""

import os
import tempfile

os.environ.setdefault("JOINEDUP_TASKS", "immediate")
# Each test run counts its own requests (/metrics sums every process's files in this folder):
# a run beside another, or the files of an earlier one, must not change the counts it reads.
os.environ.setdefault("JOINEDUP_METRICS_DIR", tempfile.mkdtemp(prefix="joinedup-test-metrics-"))
os.environ.setdefault("JOINEDUP_DEBUG", "0")
os.environ.setdefault("JOINEDUP_HTTPS", "0")
os.environ.setdefault("JOINEDUP_STATIC_MANIFEST", "0")
if os.environ.get("JOINEDUP_TEST_DATABASE_URL"):
    os.environ["JOINEDUP_DATABASE_URL"] = os.environ["JOINEDUP_TEST_DATABASE_URL"]

from joinedup.settings import *  # noqa: F403

# Argon2 is deliberately slow; tests create hundreds of users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
# Serve static files from the source tree (no collectstatic needed for browser tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
