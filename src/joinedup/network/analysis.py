"""The network of working ties between teams: read `joinedup-ties/1`, build the graph, measure it.

Pure: imports nothing from Django, so the command line, the benchmark and the app share it.
`docs/network-format.md` says in our words what each figure means and how windows are cut.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx
import numpy as np
from scipy import sparse

FORMAT = "joinedup-ties/1"
KINDS = ("same_table", "co_attendance", "action", "referral", "declared")
TIERS = ("frontline", "central")
BROKERS_SHOWN = 10
SEED = 14
# Above this many teams betweenness is estimated from a sample of source teams (as networkx's
# `k`); at and below it every team is a source and the figure is exact.
EXACT_BETWEENNESS_LIMIT = 5000
BETWEENNESS_SAMPLE = 1000
# Cells of one batch of sources (teams × sources) in the matrix form of Brandes' algorithm.
BATCH_CELLS = 4_000_000
MAX_SHOWN_ERRORS = 20


class TiesFormatError(ValueError):
    """The ties file breaks `joinedup-ties/1`; `errors` lists each problem with its JSON path."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = errors[:MAX_SHOWN_ERRORS]
        more = len(errors) - len(shown)
        super().__init__("\n".join(shown + ([f"... and {more} more"] if more > 0 else [])))


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    sector: str
    tier: str


@dataclass(frozen=True)
class Tie:
    a: str
    b: str
    kind: str
    date: date
    weight: float


@dataclass(frozen=True)
class Ties:
    place: str
    teams: tuple[Team, ...]
    ties: tuple[Tie, ...]


def parse_date(text: object, where: str) -> date:
    """Return the date in `text` (YYYY-MM-DD); raise ValueError naming `where` otherwise."""
    if isinstance(text, str) and len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"{where}: {text!r} is not a date like 2026-03-12 (YYYY-MM-DD)")


def _text(item: Mapping, key: str, where: str, errors: list[str], *, required: bool = True) -> str:
    value = item.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{where}.{key}: give a non-empty string (found {value!r})")
        return ""
    return value


def load_ties(data: object) -> Ties:
    """Return the teams and ties in a decoded `joinedup-ties/1` document; raise TiesFormatError."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise TiesFormatError([f"$: expected a JSON object, found {type(data).__name__}"])
    if data.get("format") != FORMAT:
        errors.append(f"$.format: expected {FORMAT!r}, found {data.get('format')!r}")
    place = data.get("place", "")
    if not isinstance(place, str):
        errors.append(f"$.place: give a string (found {place!r})")
        place = ""
    raw_teams = data.get("teams")
    raw_ties = data.get("ties", [])
    if not isinstance(raw_teams, list):
        errors.append("$.teams: expected a list of teams")
        raw_teams = []
    if not isinstance(raw_ties, list):
        errors.append("$.ties: expected a list of ties")
        raw_ties = []

    teams: list[Team] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw_teams):
        where = f"$.teams[{index}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: expected an object with id, name, sector and tier")
            continue
        team_id = _text(item, "id", where, errors)
        name = item.get("name", team_id)
        if not isinstance(name, str):
            errors.append(f"{where}.name: give a string (found {name!r})")
        sector = _text(item, "sector", where, errors)
        tier = item.get("tier")
        if tier not in TIERS:
            errors.append(f"{where}.tier: expected 'frontline' or 'central', found {tier!r}")
        if team_id in seen:
            errors.append(f"{where}.id: {team_id!r} is already the id of $.teams[{seen[team_id]}]")
        elif team_id:
            seen[team_id] = index
            teams.append(Team(team_id, name if isinstance(name, str) else "", sector, str(tier)))

    ties: list[Tie] = []
    for index, item in enumerate(raw_ties):
        where = f"$.ties[{index}]"
        if not isinstance(item, dict):
            errors.append(f"{where}: expected an object with a, b, kind and date")
            continue
        ends = []
        for key in ("a", "b"):
            end = item.get(key)
            if not isinstance(end, str) or end not in seen:
                errors.append(f"{where}.{key}: {end!r} is not the id of a team in $.teams")
            ends.append(end)
        kind = item.get("kind")
        if kind not in KINDS:
            errors.append(f"{where}.kind: expected one of {', '.join(KINDS)}, found {kind!r}")
        try:
            when = parse_date(item.get("date"), f"{where}.date")
        except ValueError as error:
            errors.append(str(error))
            when = None
        weight = item.get("weight", 1)
        if not _positive_number(weight):
            errors.append(f"{where}.weight: give a positive number (found {weight!r})")
        if len(errors) == 0 and when is not None:
            ties.append(Tie(ends[0], ends[1], kind, when, float(weight)))
    if errors:
        raise TiesFormatError(errors)
    return Ties(place=place, teams=tuple(teams), ties=tuple(ties))


def _positive_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value) and value > 0


def build_graph(
    teams: Iterable[Team],
    ties: Iterable[Tie],
    *,
    until: date | None = None,
    before: date | None = None,
    kinds: Iterable[str] | None = None,
) -> nx.Graph:
    """Return the undirected simple graph of every team, tied by rows on or before `until`.

    With `before`, only rows strictly before that date count. Rows of one pair add their
    weights; a team's tie with itself is dropped. Nodes and edges go in sorted by id so the
    same file gives the same graph (and the same communities) whatever its order.
    """
    wanted = set(kinds) if kinds is not None else None
    weights: dict[tuple[str, str], float] = {}
    for tie in ties:
        if tie.a == tie.b:
            continue
        if until is not None and tie.date > until:
            continue
        if before is not None and tie.date >= before:
            continue
        if wanted is not None and tie.kind not in wanted:
            continue
        pair = (tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a)
        weights[pair] = weights.get(pair, 0.0) + tie.weight
    graph = nx.Graph()
    for team in sorted(teams, key=lambda t: t.id):
        graph.add_node(team.id, sector=team.sector, tier=team.tier, name=team.name)
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weights.items()))
    return graph


def betweenness(graph: nx.Graph, *, sources: list | None = None) -> dict[str, float]:
    """Return normalised unweighted betweenness, the same figures as networkx's.

    Brandes' algorithm run for a batch of sources at once with sparse matrix products, which
    is what lets 10,000 teams finish in seconds. With `sources` (a sample), the sum is scaled
    by n / k as networkx does for `k`.
    """
    nodes = list(graph.nodes)
    n = len(nodes)
    result = dict.fromkeys(nodes, 0.0)
    if n <= 2 or graph.number_of_edges() == 0:
        return result
    index = {node: i for i, node in enumerate(nodes)}
    rows = [index[a] for a, b in graph.edges] + [index[b] for a, b in graph.edges]
    cols = [index[b] for a, b in graph.edges] + [index[a] for a, b in graph.edges]
    adjacency = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(n, n)
    )
    chosen = list(range(n)) if sources is None else [index[s] for s in sources]
    total = np.zeros(n, dtype=np.float64)
    batch = max(1, BATCH_CELLS // n)
    for start in range(0, len(chosen), batch):
        total += _brandes_batch(adjacency, chosen[start : start + batch])
    scale = 1.0 / ((n - 1) * (n - 2))
    if sources is not None:
        scale *= n / len(chosen)
    return {node: float(total[i] * scale) for i, node in enumerate(nodes)}


def _brandes_batch(adjacency: sparse.csr_matrix, sources: list[int]) -> np.ndarray:
    """Return each team's summed dependency over shortest paths from `sources`."""
    n, width = adjacency.shape[0], len(sources)
    columns = np.arange(width)
    distance = np.full((n, width), -1, dtype=np.int32)
    sigma = np.zeros((n, width), dtype=np.float64)
    distance[sources, columns] = 0
    sigma[sources, columns] = 1.0
    frontier = sigma.copy()
    depth = 0
    while True:
        reached = adjacency @ frontier
        new = (reached > 0) & (distance < 0)
        if not new.any():
            break
        depth += 1
        distance[new] = depth
        sigma[new] = reached[new]
        frontier = np.where(new, sigma, 0.0)
    delta = np.zeros((n, width), dtype=np.float64)
    safe_sigma = np.where(sigma > 0, sigma, 1.0)
    for level in range(depth, 1, -1):
        share = np.where(distance == level, (1.0 + delta) / safe_sigma, 0.0)
        pulled = adjacency @ share
        delta += np.where(distance == level - 1, sigma * pulled, 0.0)
    return delta.sum(axis=1)


def _pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _community_order(group: Iterable[str]) -> list[str]:
    return sorted(group)


def analyse(
    ties: Ties,
    *,
    until: date | None = None,
    since: date | None = None,
    exact_limit: int = EXACT_BETWEENNESS_LIMIT,
    sample: int = BETWEENNESS_SAMPLE,
) -> dict:
    """Return every figure of `network analyse` for the ties up to `until`, as a JSON-ready dict."""
    if since is not None and until is not None and since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    graph = build_graph(ties.teams, ties.ties, until=until)
    notes: list[str] = []
    n = graph.number_of_nodes()
    if n > exact_limit:
        sources = random.Random(SEED).sample(sorted(graph.nodes), min(sample, n))
        between = betweenness(graph, sources=sources)
        notes.append(
            f"betweenness is estimated from {len(sources)} of {n} teams as sources "
            f"(seed {SEED}); exact at {exact_limit} teams or fewer"
        )
    else:
        between = betweenness(graph)
    ranked = sorted(between.items(), key=lambda item: (-item[1], item[0]))[:BROKERS_SHOWN]
    constraint = nx.constraint(graph, nodes=[team for team, _ in ranked], weight="weight")
    brokers = [
        {
            "team": team,
            "betweenness": round(value, 6),
            "constraint": _finite(constraint.get(team)),
        }
        for team, value in ranked
    ]
    communities = [
        _community_order(group)
        for group in nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    ]
    communities.sort(key=lambda group: (-len(group), group[0]))
    sectors = sorted({team.sector for team in ties.teams})
    matrix = {row: dict.fromkeys(sectors, 0) for row in sectors}
    for a, b in graph.edges:
        sa, sb = graph.nodes[a]["sector"], graph.nodes[b]["sector"]
        matrix[sa][sb] += 1
        if sa != sb:
            matrix[sb][sa] += 1
    result = {
        "teams": n,
        "ties": graph.number_of_edges(),
        "components": nx.number_connected_components(graph),
        "isolated": sorted(nx.isolates(graph)),
        "brokers": brokers,
        "single_points_of_failure": sorted(nx.articulation_points(graph)),
        "communities": communities,
        "sector_matrix": matrix,
        "cross_tier_ties": sum(1 for a, b in graph.edges if _cross_tier(graph, a, b)),
    }
    if since is not None:
        result["change"] = compare(ties, graph, since=since, until=until)
    result["notes"] = notes
    return result


def compare(ties: Ties, after: nx.Graph, *, since: date, until: date | None = None) -> dict:
    """Return what changed between the rows before `since` and every row up to `until`."""
    before = build_graph(ties.teams, ties.ties, until=until, before=since)
    new = new_ties(before, after)
    return {
        "new_ties": len(new),
        "new_cross_sector_ties": sum(1 for a, b in new if _cross_sector(after, a, b)),
        "new_cross_tier_ties": sum(1 for a, b in new if _cross_tier(after, a, b)),
        "components_before": nx.number_connected_components(before),
        "components_after": nx.number_connected_components(after),
        "newly_tied_teams": sorted(
            team for team in after.nodes if before.degree(team) == 0 and after.degree(team) > 0
        ),
    }


def new_ties(before: nx.Graph, after: nx.Graph) -> list[tuple[str, str]]:
    """Return the pairs tied in `after` but not in `before`, sorted."""
    return sorted(_pair_key(a, b) for a, b in after.edges if not before.has_edge(a, b))


def no_longer_single(before: nx.Graph, after: nx.Graph) -> list[str]:
    """Return the teams that were a single point of failure before and are not after, sorted."""
    return sorted(set(nx.articulation_points(before)) - set(nx.articulation_points(after)))


def _cross_tier(graph: nx.Graph, a: str, b: str) -> bool:
    return graph.nodes[a]["tier"] != graph.nodes[b]["tier"]


def _cross_sector(graph: nx.Graph, a: str, b: str) -> bool:
    return graph.nodes[a]["sector"] != graph.nodes[b]["sector"]


def _finite(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, 6)
