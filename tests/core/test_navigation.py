"""Every navigation entry and every dashboard link resolves: one that does not is a bug, never
an entry silently left out."""

from django.test import RequestFactory
from django.urls import resolve, reverse

from joinedup.core.dashboard import panels_for
from joinedup.core.navigation import NAVIGATION, navigation_for
from tests.core.factories import PlaceFactory, UserFactory
from tests.events.factories import EventFactory


def _request(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    request.roles = set()
    return request


def test_every_navigation_entry_resolves(db):
    place = PlaceFactory(slug="ilford")

    hrefs = [reverse(name, kwargs={"place_slug": place.slug}) for _, name, _ in NAVIGATION]

    assert [resolve(href).url_name for href in hrefs] == [
        "place_home", "services", "find_help", "home", "list", "list", "actions", "map", "outbox",
        "audit_log",
    ]  # fmt: skip


def test_navigation_for_a_site_admin_lists_every_entry(db):
    place = PlaceFactory(slug="ilford")
    admin = UserFactory(is_staff=True)

    items = navigation_for(_request(admin, "/p/ilford/events/"), place)

    assert [(i["text"], i["href"], i["active"]) for i in items] == [
        ("Dashboard", "/p/ilford/", False),
        ("Directory", "/p/ilford/directory/", False),
        ("Find help", "/p/ilford/find-help/", False),
        ("Referrals", "/p/ilford/referrals/", False),
        ("Events", "/p/ilford/events/", True),
        ("Case studies", "/p/ilford/case-studies/", False),
        ("Actions", "/p/ilford/outputs/", False),
        ("Network", "/p/ilford/network/", False),
        ("Outbox", "/p/ilford/outbox/", False),
        ("Audit log", "/p/ilford/audit/", False),
    ]


def test_every_dashboard_link_resolves(db):
    place = PlaceFactory(slug="ilford")
    admin = UserFactory(is_staff=True)
    EventFactory(place=place, title="Ilford joined-up day")  # a coming world café

    panels = panels_for(_request(admin), place)

    links = [(panel["title"], text) for panel in panels for text, _ in panel["links"]]
    for panel in panels:
        for _, href in panel["links"]:
            resolve(href.split("?")[0])  # raises Resolver404 for a link to nothing
    assert links == [
        ("People", "People and roles"),
        ("Email", "Outbox"),
        ("Email", "Audit log"),
        ("Directory", "Find a service"),
        ("Directory", "Coverage and gaps"),
        ("Directory", "Add a service"),
        ("Pathways", "Escalation pathways"),
        ("Pathways", "Alignment check"),
        ("Case studies", "Case studies"),
        ("Events", "Events"),
        ("Events", "Ilford joined-up day"),
        ("Events", "Create an event"),
        ("World café", "Café tables of Ilford joined-up day"),
        ("Referrals", "Referrals"),
        ("Referrals", "Referral figures"),
        ("Follow-up", "Actions"),
        ("Follow-up", "Actions that need the centre"),
        ("Follow-up", "Insight"),
        ("App API", "API tokens"),
    ]
