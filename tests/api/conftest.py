"""API fixtures: the shared taxonomies, and an empty cache (the API caches national counts)."""

import pytest
from django.core.cache import cache

from joinedup.directory.taxonomies import ensure_taxonomies


@pytest.fixture(autouse=True)
def _fresh(db):
    ensure_taxonomies()
    cache.clear()
    yield
    cache.clear()
