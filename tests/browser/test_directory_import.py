"""A convenor imports the invitation list end to end in the browser, with axe on every page."""

import re
from pathlib import Path

import pytest

from joinedup.core.models import Role
from joinedup.directory.models import Contact, Service
from joinedup.directory.taxonomies import ensure_taxonomies
from tests.browser.conftest import assert_accessible, sign_in
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory

LIST = Path(__file__).resolve().parents[1] / "data" / "directory" / "invitation-list.xlsx"


@pytest.mark.browser
def test_convenor_imports_the_invitation_list(page):
    ensure_taxonomies()
    place = PlaceFactory(name="Ilford (Redbridge)", slug="ilford")
    convenor = UserFactory(email="carla@council.example", full_name="Carla Convenor")
    MembershipFactory(user=convenor, place=place, role=Role.CONVENOR)
    sign_in(page, "carla@council.example", "correct horse battery")

    page.goto("/p/ilford/directory/import/")
    assert_accessible(page)
    page.get_by_label("Upload a spreadsheet").set_input_files(str(LIST))
    page.get_by_role("button", name="Upload and continue").click()

    page.wait_for_url(re.compile(r"/import/[0-9a-f-]+/columns/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Check the columns"
    assert "We found 92 rows" in page.get_by_role("main").inner_text()
    email = page.get_by_label("Email address")
    assert email.evaluate("e => e.options[e.selectedIndex].text") == "Email address – column D"
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(re.compile(r"/import/[0-9a-f-]+/check/$"))
    main = page.get_by_role("main")
    assert "20 (20 new) if you make every merge below" in main.inner_text()
    assert main.get_by_role("cell", name="xander.holloway at council.example").count() == 1
    # The correction is offered, unticked; ticking it imports Xander with the corrected email.
    fix = page.get_by_label("Use xander.holloway@council.example for", exact=False)
    assert not fix.is_checked()
    fix.check()
    assert main.get_by_role("cell", name="Email address is missing").count() == 4
    merge = page.get_by_label("‘ASB Team’ is ‘Anti-Social Behaviour Team’")
    assert merge.is_checked()
    assert page.locator("input[name=person_merges]:checked").count() == 12
    assert_accessible(page)
    page.get_by_role("button", name="Import").click()

    page.wait_for_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    assert_accessible(page)
    page.get_by_role("link", name="See the result").click()

    page.wait_for_url(re.compile(r"/import/[0-9a-f-]+/report/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Import complete"
    assert "20 teams and 80 people" in page.get_by_role("main").inner_text()
    counts = page.locator("#import-counts").inner_text()
    assert "20: 20 created" in counts
    assert "5 not in the correct format, 4 missing" in counts
    assert page.get_by_role("cell", name=re.compile("is not in the correct format")).count() == 5
    assert_accessible(page)
    assert (Service.objects.filter(place=place).count(), Contact.objects.count()) == (20, 80)
    assert Contact.objects.get(email="xander.holloway@council.example")  # the ticked correction
    housing = Service.objects.get(place=place, name="Housing Advice Team")
    assert "homelessness" in set(
        housing.attributes.filter(link_type="needs").values_list("taxonomy_term__code", flat=True)
    )  # its sector's needs, so it appears under "who can help with homelessness"
