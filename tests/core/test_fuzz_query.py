"""Every GET URL pattern × every actor, with fuzzed query parameters: never a 500.

The world and the URL rows are the permissions table's (tests/core/test_permissions_table.py).
Parameter names are those the views read (found in the source), the names of the filter and
search forms, and random ones; values are what a probe sends: huge and negative integers,
superscript and Arabic-Indic digits, inf/nan, impossible dates, long strings, unicode, empty.
Hypothesis is seeded per URL and actor (the same examples on every run, as CI needs, but not
the same for every URL) and bounded to two examples per URL and actor, with one world for
the whole walk, so that the file runs in a few minutes on a busy two-core machine.
"""

import re
import zlib
from pathlib import Path

from django.urls import reverse
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.core.test_permissions_table import ROWS, url_name, world  # noqa: F401  (fixture)
from tests.permissions_table import ACTORS

SRC = Path(__file__).resolve().parents[2] / "src" / "joinedup"
_READ = re.compile(
    r"""GET\.(?:get|getlist)\(\s*["']([A-Za-z_][\w-]*)["']|GET\[["']([\w-]+)["']\]"""
)


def _names_the_views_read() -> list[str]:
    names = set()
    for path in SRC.rglob("*.py"):
        for match in _READ.finditer(path.read_text()):
            names.add(match.group(1) or match.group(2))
    return sorted(names)


NAMES = sorted(
    {
        *_names_the_views_read(),
        # filter and search forms bound to request.GET, and the ORUK API's parameters
        *("q", "query", "action", "actor", "date_from", "date_to", "from", "to", "sort"),
        *("order", "per_page", "size", "latitude", "longitude", "proximity", "taxonomy_term_id"),
        *("taxonomy_id", "organization_id", "service_id", "location_id", "modified_after"),
        *("full", "format", "term", "need", "sector", "age", "when", "day", "open_now"),
    }
)
VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "²",
            "¹²",
            "١٢٣",
            "Ⅻ",
            "inf",
            "-inf",
            "nan",
            "1e309",
            "9223372036854775807",
            "9223372036854775808",
            "99999999999999999999999999",
            "9999-99-99",
            "9999-99-99T99:99",
            "2026-02-30",
            "0000-00-00",
            "-0001-01-01",
            "12:99",
            "x" * 5000,
            "%",
            "%00",
            "../../etc/passwd",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "😀" * 20,
            "true",
            "null",
            "[]",
            "{}",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=40).filter(lambda t: "\x00" not in t),
)
PARAMS = st.dictionaries(
    st.one_of(st.sampled_from(NAMES), st.from_regex(r"[a-z_]{1,12}", fullmatch=True)),
    VALUES,
    max_size=4,
)
GET_ROWS = sorted(name for name, row in ROWS.items() if row.method == "get")
EXAMPLES_PER_URL_AND_ACTOR = 2


def _probe(client, url: str, actor: str, failures: list):
    """Hypothesis's walk over one URL as one actor (already signed in on the client)."""

    @settings(
        max_examples=EXAMPLES_PER_URL_AND_ACTOR,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @seed(zlib.crc32(f"{actor} {url}".encode()))  # fixed examples, varied per URL
    @given(params=PARAMS)
    def probe(params):
        try:
            status = client.get(url, params).status_code
        except Exception as error:  # the test client re-raises a view's exception
            failures.append(f"{actor} GET {url} {params!r}: {error!r}"[:500])
            return
        if status >= 500:
            failures.append(f"{actor} GET {url} {params!r}: {status}"[:500])

    return probe


def test_fuzzed_query_parameters_never_answer_500(client, world):  # noqa: F811
    """One world for every URL (building it per URL is most of the time), each actor signed
    in once; every failure is listed, not only the first."""
    urls = [reverse(url_name(name), kwargs=ROWS[name].kwargs(world)) for name in GET_ROWS]
    failures = []
    for actor in ACTORS:
        user = world.users[actor]
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            _probe(client, url, actor, failures)()
            if user is not None and "_auth_user_id" not in client.session:
                client.force_login(user)  # a page signed them out
    assert failures == []
