"""The start-from demo: Ilford shares, three approved stories are shareable, a choice someone
made is kept on a used demo."""

import pytest

from joinedup.casestudies import services as casestudies
from joinedup.core.demo import Demo
from joinedup.followup import copying
from joinedup.followup.copy_demo import load_copy_demo
from tests.core.factories import PlaceFactory, UserFactory
from tests.followup.copy_data import approved_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    ilford = PlaceFactory(name="Ilford (Redbridge)", slug="ilford")
    return Demo(places={"ilford": ilford}, users={})


def test_copy_demo_shares_ilford_and_its_first_three_approved_stories(demo):
    ilford = demo.places["ilford"]
    for title in ("A", "B", "C", "D"):
        approved_story(ilford, title, shareable=False)

    load_copy_demo(demo)
    load_copy_demo(demo)

    ilford.refresh_from_db()
    assert ilford.shares_approach is True
    assert [s.title for s in ilford.case_studies.filter(shareable=True)] == ["A", "B", "C"]


def test_copy_demo_keeps_a_convenors_choice_on_a_used_demo(demo):
    ilford = demo.places["ilford"]
    convenor = UserFactory()
    story = approved_story(ilford, "A", shareable=True)
    copying.set_shares_approach(place=ilford, actor=convenor, shares=True)
    copying.set_shares_approach(place=ilford, actor=convenor, shares=False)
    casestudies.set_shareable(case_study=story, actor=convenor, shareable=False)

    load_copy_demo(demo)

    ilford.refresh_from_db()
    story.refresh_from_db()
    assert (ilford.shares_approach, story.shareable) == (False, False)
