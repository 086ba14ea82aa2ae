"""Reading and writing pathway kits: every format problem named with its JSON path."""

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from joinedup.pathways.kit import (
    Kit,
    KitError,
    KitService,
    Level,
    Route,
    Step,
    kit_to_dict,
    parse_kit,
)
from tests.pathways.kitdata import LEVELS, kit, load, service, step


def problems(data) -> list[str]:
    with pytest.raises(KitError) as caught:
        parse_kit(data)
    return caught.value.problems


def test_parse_kit_good_kit_reads_every_field():
    parsed = parse_kit(load("good"))

    assert parsed.place == "ilford"
    assert parsed.levels[1] == Level(
        2, "Early help", "Additional needs; one agency or a team around the family"
    )
    assert list(parsed.services)[:3] == ["school", "early-help", "mash"]
    assert parsed.services["mash"] == KitService(
        "mash",
        "Multi-Agency Safeguarding Hub",
        "active",
        True,
        {"child-at-risk": [3, 4], "domestic-abuse": [3, 4]},
    )
    assert [p.need for p in parsed.pathways] == ["child-at-risk", "domestic-abuse"]
    assert parsed.pathways[0].steps[1] == Step(
        id="car-2",
        level=2,
        indicators=["School attendance falling", "Parent asks for help"],
        services=["early-help"],
        route=Route("form", "Early help request form"),
        response_hours=72,
        escalate_to="mash",
        consent="ask",
    )


def test_parse_kit_broken_kit_lists_every_problem_with_its_path():
    assert problems(load("broken")) == [
        'format: must be "joinedup-pathways/1", not "joinedup-pathways/2"',
        'services[0].status: must be one of active, inactive, not "open"',
        "services[0].accepts.domestic-abuse[1]: unknown level 5",
        'services[1].reachable: must be true or false, not "yes"',
        'services[1].id: duplicate service id "idva" (also services[0])',
        "pathways[0].steps[0].level: unknown level 3",
        'pathways[0].steps[0].services[1]: unknown service "yot"',
        "pathways[0].steps[0].route.how: must be one of form, phone, email, in-person, joinedup, "
        'not "fax"',
        "pathways[0].steps[0].response_hours: must be a number of hours (0 or more) or null, "
        "not -1",
        'pathways[0].steps[0].escalate_to: unknown service "marac"',
        'pathways[0].steps[0].consent: must be one of ask, inform, not-needed, not "maybe"',
        'pathways[0].steps[1].id: duplicate step id "da-2" (also pathways[0].steps[0])',
        "pathways[0].steps[1].route: required field is missing",
        "pathways[1].title: required field is missing",
        'pathways[1].version: must be a whole number from 1 up, not "one"',
        'pathways[1].need: duplicate pathway for need "domestic-abuse" (also pathways[0])',
    ]


def test_parse_kit_not_an_object_says_so():
    assert problems([1, 2]) == ["$: must be an object, not a list"]


def test_parse_kit_empty_object_names_each_missing_top_field():
    assert problems({}) == [
        "format: required field is missing",
        "place: required field is missing",
        "levels: required field is missing",
        "services: required field is missing",
        "pathways: required field is missing",
    ]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("levels", {}, "levels: must be a list, not an object"),
        ("levels", [], "levels: must list at least one level"),
        ("services", "mash", "services: must be a list, not text"),
        ("pathways", None, "pathways: must be a list, not null"),
        ("place", "", "place: must not be empty"),
        ("place", 7, "place: must be text, not a number"),
    ],
)
def test_parse_kit_bad_top_field_names_it(field, value, expected):
    data = kit([service("a", accepts={})])
    data[field] = value

    assert problems(data) == [expected]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"level": 0, "name": "Zero"}, "levels[4].level: must be a whole number from 1 up, not 0"),
        (
            {"level": 2.5, "name": "Half"},
            "levels[4].level: must be a whole number from 1 up, not 2.5",
        ),
        (
            {"level": True, "name": "Yes"},
            "levels[4].level: must be a whole number from 1 up, not true",
        ),
        ({"level": 2, "name": "Again"}, "levels[4].level: duplicate level 2 (also levels[1])"),
        ({"name": "No number"}, "levels[4].level: required field is missing"),
        ({"level": 5}, "levels[4].name: required field is missing"),
        ("five", "levels[4]: must be an object, not text"),
    ],
)
def test_parse_kit_bad_level_names_its_path(entry, expected):
    data = kit([service("a", accepts={})], levels=[*LEVELS, entry])

    assert problems(data) == [expected]


def test_parse_kit_level_description_may_be_left_out():
    data = kit([service("a", accepts={})], levels=[{"level": 1, "name": "Only"}])

    assert parse_kit(data).levels == [Level(1, "Only", "")]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"id": ""}, "services[0].id: must not be empty"),
        ({"id": 3}, "services[0].id: must be text, not a number"),
        ({"status": "closed"}, 'services[0].status: must be one of active, inactive, not "closed"'),
        ({"reachable": 1}, "services[0].reachable: must be true or false, not 1"),
        ({"accepts": [1, 2]}, "services[0].accepts: must be an object, not a list"),
        ({"accepts": {"dv": 3}}, "services[0].accepts.dv: must be a list of levels, not a number"),
        ({"accepts": {"dv": ["3"]}}, 'services[0].accepts.dv[0]: must be a level number, not "3"'),
        ({"accepts": {"dv": [1, 9]}}, "services[0].accepts.dv[1]: unknown level 9"),
    ],
)
def test_parse_kit_bad_service_field_names_its_path(changes, expected):
    data = kit([{**service("a", accepts={}), **changes}])

    assert problems(data) == [expected]


@pytest.mark.parametrize("field", ["id", "name", "status", "reachable", "accepts"])
def test_parse_kit_service_missing_field_names_it(field):
    entry = service("a", accepts={})
    del entry[field]

    assert problems(kit([entry])) == [f"services[0].{field}: required field is missing"]


@pytest.mark.parametrize("field", ["id", "level", "services", "route", "consent"])
def test_parse_kit_step_missing_required_field_names_it(field):
    entry = step("s", 1, ["a"])
    del entry[field]

    assert problems(kit([service("a", accepts={"dv": [1]})], ("dv", [entry]))) == [
        f"pathways[0].steps[0].{field}: required field is missing"
    ]


@pytest.mark.parametrize("field", ["indicators", "response_hours", "escalate_to"])
def test_parse_kit_step_optional_field_may_be_left_out(field):
    entry = step("s", 1, ["a"])
    del entry[field]

    parsed = parse_kit(kit([service("a", accepts={"dv": [1]})], ("dv", [entry])))

    assert len(parsed.pathways[0].steps) == 1


def test_parse_kit_route_detail_may_be_left_out():
    entry = step("s", 1, ["a"])
    entry["route"] = {"how": "email"}

    parsed = parse_kit(kit([service("a", accepts={})], ("dv", [entry])))

    assert parsed.pathways[0].steps[0].route == Route("email", "")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"level": "2"}, 'pathways[0].steps[0].level: must be a level number, not "2"'),
        ({"level": 7}, "pathways[0].steps[0].level: unknown level 7"),
        ({"services": ["a", "zz"]}, 'pathways[0].steps[0].services[1]: unknown service "zz"'),
        (
            {"services": ["a", "a"]},
            'pathways[0].steps[0].services[1]: service "a" is named twice in this step',
        ),
        (
            {"services": [{"id": "a"}]},
            "pathways[0].steps[0].services[0]: must be a service id, not an object",
        ),
        ({"services": "a"}, "pathways[0].steps[0].services: must be a list, not text"),
        (
            {"indicators": "Falling attendance"},
            "pathways[0].steps[0].indicators: must be a list, not text",
        ),
        (
            {"indicators": ["ok", 2]},
            "pathways[0].steps[0].indicators[1]: must be text, not a number",
        ),
        ({"route": "phone"}, "pathways[0].steps[0].route: must be an object, not text"),
        ({"route": {"detail": "x"}}, "pathways[0].steps[0].route.how: required field is missing"),
        (
            {"route": {"how": "letter"}},
            "pathways[0].steps[0].route.how: must be one of form, phone, email, in-person, "
            'joinedup, not "letter"',
        ),
        (
            {"response_hours": "24"},
            "pathways[0].steps[0].response_hours: must be a number of hours (0 or more) "
            'or null, not "24"',
        ),
        ({"escalate_to": "yot"}, 'pathways[0].steps[0].escalate_to: unknown service "yot"'),
        ({"escalate_to": ""}, 'pathways[0].steps[0].escalate_to: unknown service ""'),
        (
            {"escalate_to": ["a"]},
            "pathways[0].steps[0].escalate_to: must be a service id or null, not a list",
        ),
        (
            {"consent": "yes"},
            'pathways[0].steps[0].consent: must be one of ask, inform, not-needed, not "yes"',
        ),
        ({"id": ""}, "pathways[0].steps[0].id: must not be empty"),
    ],
)
def test_parse_kit_bad_step_field_names_its_path(changes, expected):
    data = kit([service("a", accepts={"dv": [1]})], ("dv", [{**step("s", 1, ["a"]), **changes}]))

    assert problems(data) == [expected]


def test_parse_kit_problem_in_third_pathway_has_the_contract_path():
    services = [service("a", accepts={})]
    data = kit(
        services, ("n1", [step("s", 1, ["a"])]), ("n2", []), ("n3", [step("s", 1, ["a", "yot"])])
    )

    assert problems(data) == ['pathways[2].steps[0].services[1]: unknown service "yot"']


def test_parse_kit_same_step_id_in_two_pathways_is_allowed():
    services = [service("a", accepts={})]
    data = kit(services, ("n1", [step("s1", 1, ["a"])]), ("n2", [step("s1", 1, ["a"])]))

    assert [p.steps[0].id for p in parse_kit(data).pathways] == ["s1", "s1"]


def test_parse_kit_several_steps_at_one_level_are_allowed():
    data = kit([service("a", accepts={})], ("n", [step("s1", 2, ["a"]), step("s2", 2, ["a"])]))

    assert [s.level for s in parse_kit(data).pathways[0].steps] == [2, 2]


def test_parse_kit_unknown_extra_fields_are_ignored():
    data = kit([{**service("a", accepts={}), "oruk_id": "x"}], ("n", [step("s", 1, ["a"])]))
    data["exported_at"] = "2026-12-01"

    assert parse_kit(data).services["a"].name == "A"


def test_kit_to_dict_good_kit_round_trips_to_equal_kit():
    parsed = parse_kit(load("good"))

    again = parse_kit(kit_to_dict(parsed))

    assert again == parsed
    assert kit_to_dict(again) == kit_to_dict(parsed)


def test_kit_to_dict_writes_the_format_string_and_services_in_kit_order():
    written = kit_to_dict(parse_kit(load("planted")))

    assert written["format"] == "joinedup-pathways/1"
    assert [s["id"] for s in written["services"]] == [s["id"] for s in load("planted")["services"]]


def test_kit_to_dict_leaves_input_unchanged():
    data = load("good")
    before = copy.deepcopy(data)

    kit_to_dict(parse_kit(data))

    assert data == before


NEEDS = st.sampled_from(["child-at-risk", "domestic-abuse", "homelessness", "mental-health"])


@st.composite
def kits(draw) -> dict:
    """Draw a valid kit: 1-5 levels, 1-6 services, a pathway per drawn need."""
    top = draw(st.integers(1, 5))
    levels = [{"level": n, "name": f"Level {n}", "description": ""} for n in range(1, top + 1)]
    level_numbers = st.integers(1, top)
    ids = [f"s{n}" for n in range(draw(st.integers(1, 6)))]
    services = [
        service(
            i,
            accepts=draw(st.dictionaries(NEEDS, st.lists(level_numbers, unique=True), max_size=3)),
            status=draw(st.sampled_from(["active", "inactive"])),
            reachable=draw(st.booleans()),
        )
        for i in ids
    ]
    pathways = []
    for need in draw(st.lists(NEEDS, unique=True, max_size=4)):
        steps = [
            step(
                f"{need}-{n}",
                draw(level_numbers),
                draw(st.lists(st.sampled_from(ids), unique=True, max_size=3)),
                hours=draw(st.none() | st.integers(0, 200) | st.floats(0, 200)),
                escalate_to=draw(st.none() | st.sampled_from(ids)),
                consent=draw(st.sampled_from(["ask", "inform", "not-needed"])),
                how=draw(st.sampled_from(["form", "phone", "email", "in-person", "joinedup"])),
            )
            for n in range(draw(st.integers(0, 5)))
        ]
        pathways.append((need, steps))
    return kit(services, *pathways, levels=levels)


@settings(max_examples=150, deadline=None)
@given(kits())
def test_kit_to_dict_round_trip_is_stable_for_any_valid_kit(data):
    parsed = parse_kit(data)

    assert isinstance(parsed, Kit)
    assert parse_kit(kit_to_dict(parsed)) == parsed


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_parse_kit_any_json_gives_a_kit_or_kit_error(data):
    try:
        parse_kit(data)
    except KitError as error:
        assert error.problems
        assert all(": " in problem for problem in error.problems)
