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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from joinedup.network.analysis import Graph

LIMIT = 20
_SINK = ("sector-sink",)


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
    """Return every (team, sector) whose routes to the sector all pass one broker, in order."""
    g = graph.to_networkx()
    by_id = {t.id: t for t in graph.teams}
    sectors = sorted({t.sector for t in graph.teams})
    component_of = {}
    for number, group in enumerate(nx.connected_components(g)):
        for team in group:
            component_of[team] = number
    degree = dict(g.degree())
    found: list[OnlyRoute] = []
    for sector in sectors:
        members = [t.id for t in graph.teams if t.sector == sector]
        h = g.copy()
        h.add_edges_from((_SINK, m) for m in members)
        reachable = nx.node_connected_component(h, _SINK)
        cuts = set(nx.articulation_points(h))
        tree = nx.Graph()
        block_of: dict = {}
        for number, block in enumerate(nx.biconnected_components(h)):
            tree.add_node(("B", number))
            for v in block:
                if v in cuts:
                    tree.add_edge(("B", number), ("C", v))
                else:
                    block_of[v] = ("B", number)

        def node(v, block_of=block_of, cuts=cuts):
            return ("C", v) if v in cuts else block_of[v]

        parent = dict(nx.bfs_predecessors(tree, node(_SINK)))
        for team in sorted(reachable - {_SINK}, key=lambda t: (by_id[t].name, t)):
            if by_id[team].sector == sector or degree[team] == 0:
                continue
            if any(by_id[n].sector == sector for n in g.neighbors(team)):
                continue
            broker = None
            step = node(team)
            while step in parent:
                step = parent[step]
                kind, v = step
                if kind == "C" and v != _SINK and by_id[v].sector != sector:
                    broker = v
                    break
            if broker is None:
                continue
            targets = [m for m in members if component_of[m] == component_of[team]]
            target = min(targets, key=lambda m: (-degree[m], by_id[m].name, m))
            found.append(OnlyRoute(team, sector, broker, target))
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
    tied = set(graph.edges())
    reasons: dict[tuple[str, str], list[str]] = {}
    brokers: dict[tuple[str, str], str] = {}
    for reason, teams in groups:
        for a, b in combinations(sorted({t for t in teams if t in by_id}), 2):
            if (a, b) not in tied:
                reasons.setdefault((a, b), []).append(reason)
    for route in only_routes(graph):
        pair = tuple(sorted((route.team, route.target)))
        reasons.setdefault(pair, []).append(
            f"Every route from {by_id[route.team].name} to "
            f"{sector_names.get(route.sector, route.sector)} teams "
            f"goes through {by_id[route.broker].name}"
        )
        brokers.setdefault(pair, route.broker)
    found = []
    for (a, b), why in reasons.items():
        first, second = sorted((by_id[a], by_id[b]), key=lambda t: (t.name, t.id))
        found.append(
            Introduction(
                a=first.id,
                b=second.id,
                a_name=first.name,
                b_name=second.name,
                reasons=tuple(dict.fromkeys(why)),
                broker=brokers.get((a, b)),
            )
        )
    found.sort(key=lambda i: (-len(i.reasons), i.broker is None, i.a_name, i.b_name, i.a, i.b))
    return found[:limit]
