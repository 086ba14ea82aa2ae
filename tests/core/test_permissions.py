"""core.permissions: the role table, and the per-object rules the apps register with it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from joinedup.core.models import Membership
from joinedup.core.permissions import (
    OBJECT_RULES,
    _place_with_roles,
    can,
    check,
    object_rule,
    roles_in,
)
from tests.followup.factories import ActionFactory


def test_the_apps_register_their_object_rules_once_django_is_set_up():
    assert sorted(OBJECT_RULES) == [
        "cafe.view_card",
        "casestudies.approve",
        "casestudies.capture",
        "casestudies.view",
        "casestudies.write",
        "followup.update_action",
        "referrals.respond",
        "referrals.view",
        "referrals.withdraw",
    ]


def test_object_rule_refuses_an_action_missing_from_the_role_table():
    with pytest.raises(KeyError):
        object_rule("followup.no_such_action")


def test_object_rule_refuses_a_second_rule_for_the_same_action():
    before = OBJECT_RULES["followup.update_action"]
    with pytest.raises(ValueError):
        object_rule("followup.update_action")(lambda user, obj: True)
    assert OBJECT_RULES["followup.update_action"] is before


def test_check_asks_the_object_rule_for_an_object_and_the_role_table_for_a_place(
    place, other_place, make_member
):
    host = make_member(place, "host")
    outsider = make_member(other_place, "convenor")
    own = ActionFactory(place=place, owner_user=host)
    someone_elses = ActionFactory(place=place)

    check(host, "followup.update_action", place)
    check(host, "followup.update_action", own)
    with pytest.raises(PermissionDenied) as refused:
        check(host, "followup.update_action", someone_elses, message="Not your action")
    assert str(refused.value) == "Not your action"
    with pytest.raises(Http404):
        check(outsider, "followup.update_action", own)
    assert [
        can(user, "followup.update_action", own) for user in (host, outsider, AnonymousUser())
    ] == [True, False, False]


def test_the_place_comes_with_all_the_persons_roles_there_in_one_query(
    place, other_place, make_member, django_assert_num_queries
):
    both = make_member(place, "host", "practitioner")
    Membership.objects.create(user=both, place=other_place, role="convenor")
    with django_assert_num_queries(1):
        found = _place_with_roles(both, place.slug)
        assert roles_in(both, found) == {"host", "practitioner"}
    assert found == place
    assert (found.name, found.created_at, found.shares_approach) == (
        place.name,
        place.created_at,
        False,
    )
    assert not hasattr(found, "member_role")


def test_the_place_for_a_non_member_has_no_roles_and_an_unknown_slug_none(
    place, other_place, make_member
):
    stranger = make_member(other_place, "convenor")
    found = _place_with_roles(stranger, place.slug)
    assert found == place
    assert roles_in(stranger, found) == frozenset()
    assert _place_with_roles(stranger, "nowhere") is None
