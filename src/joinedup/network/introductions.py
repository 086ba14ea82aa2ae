"""Suggested introductions: "introduce X to Y", from a place's graph of ties.

Pure: imports nothing from Django. Two reasons to introduce two teams (docs/network.md says
the same in plain words):

- **shared work**: the two teams are in one group (they serve the same need, or sit in the
  same published pathway) and have no tie of any kind;
- **one broker**: team T has no tie to any team of sector S, yet reaches S's teams through
  ties; and there is a team B, not of S and not T, on every route from T to every team of S
  (remove B and T reaches no team of S). B is T's only broker to S. We suggest introducing T
  to the team of S with the most ties (then by name) that T reaches, and name the broker
  nearest to T when there are several in a row.

Order, most useful first: more reasons first; then pairs with a broker reason (they remove a
single point of failure); then by the two names. The list is capped (`LIMIT`).
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

import igraph as ig

from joinedup.network.analysis import Graph

LIMIT = 20


@dataclass(frozen=True)
class Introduction:
    """Introduce team `a` to team `b` (ids, `a` first by name), for these plain-word reasons."""

    a: str
    b: str
    a_name: str
    b_name: str
    reasons: tuple[str, ...]
    broker: str | None = None


@dataclass(frozen=True)
class OnlyRoute:
    """Team `team` reaches sector `sector` only through `broker`; `target` is whom to meet."""

    team: str
    sector: str
    broker: str
    target: str


def only_routes(graph: Graph) -> list[OnlyRoute]:
    """Return every (team, sector) whose routes to the sector all pass one broker, in order.

    Per sector: add a vertex tied to all the sector's teams; the teams on every route from T
    to it are the cut vertices on T's path to it in the block-cut tree (igraph, compiled).
    """
    teams = graph.teams
    n = len(teams)
    edges = list(graph.pairs)
    neighbours: list[set[int]] = [set() for _ in range(n)]
    for i, j in edges:
        neighbours[i].add(j)
        neighbours[j].add(i)
    degree = graph.degrees()
    component_of = graph.igraph.connected_components().membership
    order = sorted(range(n), key=lambda v: (teams[v].name, teams[v].id))
    found: list[OnlyRoute] = []
    for sector in sorted({t.sector for t in teams}):
        members = [v for v in range(n) if teams[v].sector == sector]
        sink = n
        h = ig.Graph(n=n + 1, edges=edges + [(sink, m) for m in members])
        blocks, cuts = h.biconnected_components(return_articulation_points=True)
        cut = set(cuts)
        tree: dict[tuple, list[tuple]] = {}
        block_of: dict[int, tuple] = {}
        for number, block in enumerate(blocks):
            tree.setdefault(("B", number), [])
            for v in block:
                if v in cut:
                    tree[("B", number)].append(("C", v))
                    tree.setdefault(("C", v), []).append(("B", number))
                else:
                    block_of[v] = ("B", number)

        def node(v, cut=cut, block_of=block_of):
            return ("C", v) if v in cut else block_of[v]

        root = node(sink)
        parent = {root: None}
        queue = deque([root])
        while queue:
            here = queue.popleft()
            for there in tree.get(here, ()):
                if there not in parent:
                    parent[there] = here
                    queue.append(there)
        in_sector = set(members)
        for team in order:
            if team in in_sector or degree[team] == 0 or neighbours[team] & in_sector:
                continue
            step = node(team)
            if step not in parent:
                continue  # no route to the sector at all
            broker = None
            while parent[step] is not None:
                step = parent[step]
                kind, v = step
                if kind == "C" and v != sink and v not in in_sector:
                    broker = v
                    break
            if broker is None:
                continue
            targets = [m for m in members if component_of[m] == component_of[team]]
            target = min(targets, key=lambda m: (-degree[m], teams[m].name, teams[m].id))
            found.append(OnlyRoute(teams[team].id, sector, teams[broker].id, teams[target].id))
    return found


def introductions(
    graph: Graph,
    groups: Iterable[tuple[str, Iterable[str]]],
    *,
    limit: int = LIMIT,
    sector_names: Mapping[str, str] | None = None,
) -> list[Introduction]:
    """Return up to `limit` introductions, most useful first (see the module's docstring).

    `groups` are (reason, team ids): "Both serve domestic abuse", the teams listed for it.
    `sector_names` names sectors in the reasons (their codes otherwise).
    """
    sector_names = sector_names or {}
    by_id = {t.id: t for t in graph.teams}
    index = {t.id: i for i, t in enumerate(graph.teams)}
    tied = graph.pairs
    reasons: dict[tuple[str, str], list[str]] = {}
    brokers: dict[tuple[str, str], str] = {}
    for reason, teams in groups:
        for a, b in combinations(sorted({t for t in teams if t in by_id}), 2):
            i, j = index[a], index[b]
            if (min(i, j), max(i, j)) not in tied:
                reasons.setdefault((a, b), []).append(reason)
    for route in only_routes(graph):
        pair = tuple(sorted((route.team, route.target)))
        reasons.setdefault(pair, []).append(
            f"Every route from {by_id[route.team].name} to "
            f"{sector_names.get(route.sector, route.sector)} teams "
            f"goes through {by_id[route.broker].name}"
        )
        brokers.setdefault(pair, route.broker)

    def named(pair):
        return sorted((by_id[pair[0]], by_id[pair[1]]), key=lambda t: (t.name, t.id))

    def usefulness(pair):
        first, second = named(pair)
        return (-len(reasons[pair]), pair not in brokers, first.name, second.name, *pair)

    found = []
    for pair in heapq.nsmallest(limit, reasons, key=usefulness):
        first, second = named(pair)
        found.append(
            Introduction(
                a=first.id,
                b=second.id,
                a_name=first.name,
                b_name=second.name,
                reasons=tuple(dict.fromkeys(reasons[pair])),
                broker=brokers.get(pair),
            )
        )
    return found
