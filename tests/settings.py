"""Settings for the test suite: Joinedup's own, with tasks run inline and fast hashing."""

import os

os.environ.setdefault("JOINEDUP_TASKS", "immediate")
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
