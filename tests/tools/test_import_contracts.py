"""Our import-linter contract: another app's views, forms, URL and _private modules are off
limits; the same app and the root URL configuration may import them."""

import grimp

from tools.import_contracts import cross_app_private_imports, is_private


def _graph(*imports):
    graph = grimp.ImportGraph()
    for importer, imported in imports:
        graph.add_import(
            importer=importer, imported=imported, line_number=3, line_contents="import x"
        )
    return graph


def test_is_private_names_views_forms_urls_and_underscore_modules():
    names = [
        "joinedup.events.views",
        "joinedup.events.rsvp_views",
        "joinedup.events.forms",
        "joinedup.events.rsvp_urls",
        "joinedup.events._sending",
        "joinedup.events.__init__",
        "joinedup.events.services",
        "joinedup.events.links",
        "joinedup.events.reviews_summary",
    ]
    assert [n for n in names if is_private(n)] == [
        "joinedup.events.views",
        "joinedup.events.rsvp_views",
        "joinedup.events.forms",
        "joinedup.events.rsvp_urls",
        "joinedup.events._sending",
    ]


def test_cross_app_private_imports_finds_only_other_apps_reaching_in():
    graph = _graph(
        ("joinedup.followup.views", "joinedup.events.rsvp_views"),
        ("joinedup.cafe.domain.plans", "joinedup.events._ranking"),
        ("joinedup.events.checkin_views", "joinedup.events.views"),
        ("joinedup.followup.views", "joinedup.events.services"),
        ("joinedup.urls", "joinedup.core.urls"),
        ("joinedup.settings", "joinedup.core.forms"),
    )

    found = cross_app_private_imports(graph, root="joinedup", allowed=frozenset({"joinedup.urls"}))

    assert found == [
        ("joinedup.settings", "joinedup.core.forms", 3),
        ("joinedup.cafe.domain.plans", "joinedup.events._ranking", 3),
        ("joinedup.followup.views", "joinedup.events.rsvp_views", 3),
    ]
