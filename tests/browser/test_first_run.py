"""Issue 17's first-run fixes in the browser, at 320 and 1280 px with axe on every page: the
forecast respects capacity (item 1), the live view shows the chosen event only (2), the author
cannot approve her own case study (5), check-in warns when it is not the event's day (9), and
the report merges identical intervention points with their count (10)."""

import datetime

import pytest

from joinedup.casestudies.models import CaseStudy
from joinedup.core.models import Role
from joinedup.directory.taxonomies import ensure_taxonomies
from joinedup.events.models import Event
from tests.browser.conftest import assert_accessible, sign_in
from tests.casestudies.factories import CaseStudyFactory, TimelineEntryFactory
from tests.core.factories import MembershipFactory, PlaceFactory, UserFactory
from tests.events.factories import EventFactory, InvitationFactory
from tests.followup.factories import add_point, sheet_at

PASSWORD = "correct horse battery"


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    assert_accessible(page)


@pytest.mark.parametrize("width", [320, 1280])
def test_first_run_fixes_in_the_browser(page, width):
    ensure_taxonomies()
    place = PlaceFactory(name="Ilford (Redbridge)", slug="ilford")
    convenor = UserFactory(email="sana@council.example", full_name="Sana Qureshi")
    MembershipFactory(user=convenor, place=place, role=Role.CONVENOR)
    soon = EventFactory(
        place=place,
        title="Spring day",
        date=datetime.date.today() + datetime.timedelta(days=40),
        status=Event.Status.INVITATIONS_OPEN,
        capacity=3,
        target_attendance=20,
    )
    InvitationFactory.create_batch(3, event=soon, status="accepted")
    InvitationFactory.create_batch(10, event=soon)
    held = EventFactory(
        place=place,
        title="Autumn day",
        date=datetime.date.today() - datetime.timedelta(days=7),
        status=Event.Status.HELD,
    )
    study = CaseStudyFactory(place=place, title="Kai's story", state=CaseStudy.State.APPROVED)
    entry = TimelineEntryFactory(case_study=study, order=1, age_years=14)
    sheet_at(soon, study, label="Spring table")
    sheet_at(held, study, label="Autumn table")
    tables = [sheet_at(held, study, label=f"Table {n}") for n in (1, 2)]
    for table in tables:
        add_point(table, entry=entry, text="Ask about home at the first school meeting")
    own = CaseStudyFactory(
        place=place, title="Sana's own story", author=convenor, state=CaseStudy.State.SUBMITTED
    )
    TimelineEntryFactory(case_study=own, order=1, age_years=9)

    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, convenor.email, PASSWORD)

    # 1: every place is taken; the forecast says the target is more than the places
    page.goto(f"/p/ilford/events/{soon.pk}/invitations/")
    assert "The target of 20 is more than the 3 places." in page.get_by_role("main").inner_text()
    fits(page, width)

    # 9: check-in weeks before the day says so
    page.goto(f"/p/ilford/events/{soon.pk}/check-in/")
    assert "Today is not the day of this event" in page.get_by_role("main").inner_text()
    fits(page, width)

    # 2: the live view under the spring day's heading shows the spring day's sheets only
    page.goto(f"/p/ilford/case-studies/live/?event={soon.pk}")
    main = page.get_by_role("main").inner_text()
    assert "Spring table, round 1" in main and "Autumn table" not in main
    fits(page, width)

    # 5: the author, a convenor, is not offered "Approve for use" on her own story
    page.goto(f"/p/ilford/case-studies/{own.pk}/")
    assert page.get_by_role("button", name="Approve for use").count() == 0
    fits(page, width)

    # 10: one bullet with its count for the same point named at two tables
    page.goto(f"/p/ilford/outputs/events/{held.pk}/report/")
    main = page.get_by_role("main").inner_text()
    assert main.count("Ask about home at the first school meeting") == 1
    assert "(named 2 times)" in main
    fits(page, width)
