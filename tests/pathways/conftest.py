"""Pathways fixtures: the shared taxonomies (needs) in every database test."""

import pytest

from joinedup.directory.taxonomies import ensure_taxonomies


@pytest.fixture(autouse=True)
def _taxonomies(request):
    """Our sectors and needs exist in every database test (a transactional flush empties
    them); tests without the database are left alone."""
    names = set(request.fixturenames)
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    ensure_taxonomies()
