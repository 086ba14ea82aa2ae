"""The network of working ties between teams: read `joinedup-ties/1`, build the graph, measure it.

Pure: imports nothing from Django, so the command line, the benchmark and the app share it.
The heavy figures run on compiled code so that 10,000 teams take seconds: betweenness and
constraint on scipy sparse matrices, components, cut teams and Louvain on igraph. networkx
stays the reference the tests and the benchmark compare against (`Graph.to_networkx`).
`docs/network-format.md` says in our words what each figure means and how windows are cut.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import igraph as ig
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
# The network page answers within a second at 2,000 teams, exactly (igraph); above, it
# estimates from PAGE_SAMPLE sources.
PAGE_EXACT_LIMIT = 2000
PAGE_SAMPLE = 200
# Cells of one batch of sources (teams × sources) in the matrix form of Brandes' algorithm.
BATCH_CELLS = 4_000_000
MAX_SHOWN_ERRORS = 20
# Constraint for more teams than this is computed for the whole graph in one matrix product.
WHOLE_CONSTRAINT_FROM = 50


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


@dataclass
class Graph:
    """The undirected simple weighted graph of a place's teams: every team is a vertex.

    Vertices are the teams in id order; `pairs` maps (i, j) with i < j to the summed weight.
    """

    teams: list[Team]
    pairs: dict[tuple[int, int], float]

    @property
    def ids(self) -> list[str]:
        return [team.id for team in self.teams]

    def degrees(self) -> list[int]:
        """Return how many teams each team is tied to."""
        counts = [0] * len(self.teams)
        for i, j in self.pairs:
            counts[i] += 1
            counts[j] += 1
        return counts

    @cached_property
    def igraph(self) -> ig.Graph:
        """The same graph in igraph, built once (the pairs do not change after building)."""
        return ig.Graph(n=len(self.teams), edges=list(self.pairs))

    def matrix(self, *, weighted: bool) -> sparse.csr_matrix:
        """Return the symmetric adjacency matrix (weights, or 1 per tied pair)."""
        n = len(self.teams)
        if not self.pairs:
            return sparse.csr_matrix((n, n), dtype=np.float64)
        ends = np.array(list(self.pairs), dtype=np.int64)
        values = (
            np.fromiter(self.pairs.values(), dtype=np.float64, count=len(self.pairs))
            if weighted
            else np.ones(len(self.pairs))
        )
        rows = np.concatenate([ends[:, 0], ends[:, 1]])
        cols = np.concatenate([ends[:, 1], ends[:, 0]])
        return sparse.csr_matrix((np.concatenate([values, values]), (rows, cols)), shape=(n, n))

    def edges(self) -> list[tuple[str, str]]:
        """Return the tied pairs as (id, id), each sorted, in order."""
        return sorted((self.teams[i].id, self.teams[j].id) for i, j in self.pairs)

    def to_networkx(self) -> nx.Graph:
        """Return the same graph for networkx (used by tests and the benchmark as a reference)."""
        graph = nx.Graph()
        graph.add_nodes_from(
            (t.id, {"sector": t.sector, "tier": t.tier, "name": t.name}) for t in self.teams
        )
        graph.add_weighted_edges_from(
            (self.teams[i].id, self.teams[j].id, w) for (i, j), w in self.pairs.items()
        )
        return graph


def build_graph(
    teams: Iterable[Team],
    ties: Iterable[Tie],
    *,
    until: date | None = None,
    before: date | None = None,
    kinds: Iterable[str] | None = None,
) -> Graph:
    """Return the graph of every team, tied by rows dated on or before `until`.

    With `before`, only rows strictly before that date count; with `kinds`, only rows of those
    kinds. Rows of one pair add their weights; a team's tie with itself is dropped.
    """
    ordered = sorted(teams, key=lambda t: t.id)
    index = {team.id: i for i, team in enumerate(ordered)}
    wanted = set(kinds) if kinds is not None else None
    pairs: dict[tuple[int, int], float] = {}
    for tie in ties:
        if tie.a == tie.b:
            continue
        if until is not None and tie.date > until:
            continue
        if before is not None and tie.date >= before:
            continue
        if wanted is not None and tie.kind not in wanted:
            continue
        i, j = index[tie.a], index[tie.b]
        pair = (i, j) if i < j else (j, i)
        pairs[pair] = pairs.get(pair, 0.0) + tie.weight
    return Graph(ordered, pairs)


def betweenness(graph: Graph, *, sources: list[str] | None = None) -> dict[str, float]:
    """Return normalised unweighted betweenness, the same figures as networkx's.

    Exact: igraph's. With sources: Brandes' algorithm run for a batch of sources at once
    with sparse matrix products, which is what lets 10,000 teams finish in seconds; the sum
    is scaled by n / k as networkx does for `k`.
    """
    ids = graph.ids
    n = len(ids)
    if n <= 2 or not graph.pairs:
        return dict.fromkeys(ids, 0.0)
    if sources is None:
        # Exact: igraph's Brandes in C, 2.7 times our matrix form at 2,000 teams (0.5 s of
        # CPU against 1.4 s), which lets the network page be exact at 2,000 teams. igraph
        # counts each pair once; networkx's normalisation divides by (n - 1)(n - 2) / 2.
        raw = graph.igraph.betweenness(directed=False)
        scale = 2.0 / ((n - 1) * (n - 2))
        return {team: float(value * scale) for team, value in zip(ids, raw, strict=True)}
    # An estimate is already a few per cent off, so it runs in float32 (half the memory
    # traffic).
    dtype = np.float32
    adjacency = graph.matrix(weighted=False).astype(dtype)
    index = {team: i for i, team in enumerate(ids)}
    chosen = [index[s] for s in sources]
    total = np.zeros(n, dtype=np.float64)
    batch = max(1, BATCH_CELLS // n)
    for start in range(0, len(chosen), batch):
        total += _brandes_batch(adjacency, chosen[start : start + batch])
    scale = 1.0 / ((n - 1) * (n - 2)) * n / len(chosen)
    return {team: float(total[i] * scale) for i, team in enumerate(ids)}


def _brandes_batch(adjacency: sparse.csr_matrix, sources: list[int]) -> np.ndarray:
    """Return each team's summed dependency over shortest paths from `sources`."""
    n, width, dtype = adjacency.shape[0], len(sources), adjacency.dtype
    columns = np.arange(width)
    distance = np.full((n, width), -1, dtype=np.int16)
    sigma = np.zeros((n, width), dtype=dtype)
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
        frontier = np.where(new, sigma, dtype.type(0))
    delta = np.zeros((n, width), dtype=dtype)
    safe_sigma = np.where(sigma > 0, sigma, dtype.type(1))
    for level in range(depth, 1, -1):
        share = np.where(distance == level, (1 + delta) / safe_sigma, dtype.type(0))
        pulled = adjacency @ share
        delta += np.where(distance == level - 1, sigma * pulled, dtype.type(0))
    return delta.sum(axis=1, dtype=np.float64)


def constraint(graph: Graph, teams: Iterable[str]) -> dict[str, float | None]:
    """Return Burt's constraint on the weighted graph, as networkx's, for the given teams.

    c(v) = sum over neighbours u of (p_vu + sum over neighbours w of p_vw p_wu)², where p_xy is
    x's weight to y over x's total weight. A team with no tie has none (None).
    """
    weights = graph.matrix(weighted=True)
    strength = np.asarray(weights.sum(axis=1)).ravel()
    share = sparse.diags(np.divide(1.0, strength, out=np.zeros_like(strength), where=strength > 0))
    p = (share @ weights).tocsr()
    index = {team.id: i for i, team in enumerate(graph.teams)}
    wanted = list(teams)
    if len(wanted) > WHOLE_CONSTRAINT_FROM:
        # Every team at once: (p + p·p) on p's own pattern, squared, summed by row.
        pattern = p.astype(bool).astype(np.float64)
        direct_and_indirect = (p + (p @ p).multiply(pattern)).tocsr()
        totals = np.asarray(direct_and_indirect.power(2).sum(axis=1)).ravel()
        return {
            team: float(totals[index[team]])
            if p.indptr[index[team] + 1] > p.indptr[index[team]]
            else None
            for team in wanted
        }
    result: dict[str, float | None] = {}
    for team in wanted:
        v = index[team]
        row = p.getrow(v)
        if row.nnz == 0:
            result[team] = None
            continue
        indirect = (row @ p).toarray().ravel()
        result[team] = float(np.sum((row.data + indirect[row.indices]) ** 2))
    return result


def communities(graph: Graph) -> list[list[str]]:
    """Return Louvain communities of the weighted graph (fixed seed), largest first."""
    ig.set_random_number_generator(random.Random(SEED))
    found = graph.igraph.community_multilevel(weights=list(graph.pairs.values()) or None)
    ids = graph.ids
    groups = [sorted(ids[v] for v in group) for group in found]
    groups.sort(key=lambda group: (-len(group), group[0]))
    return groups


def single_points_of_failure(graph: Graph) -> list[str]:
    """Return the teams whose removal splits their component (articulation points), sorted."""
    ids = graph.ids
    return sorted(ids[v] for v in graph.igraph.articulation_points())


def components(graph: Graph) -> int:
    """Return the number of connected components, each untied team counting as one."""
    return len(graph.igraph.connected_components())


def sector_matrix(graph: Graph) -> dict[str, dict[str, int]]:
    """Return tied pairs between each two sectors (both directions; a sector with itself once)."""
    sectors = sorted({team.sector for team in graph.teams})
    matrix = {row: dict.fromkeys(sectors, 0) for row in sectors}
    for i, j in graph.pairs:
        sa, sb = graph.teams[i].sector, graph.teams[j].sector
        matrix[sa][sb] += 1
        if sa != sb:
            matrix[sb][sa] += 1
    return matrix


def analyse(
    ties: Ties,
    *,
    until: date | None = None,
    since: date | None = None,
    kinds: Iterable[str] | None = None,
    exact_limit: int = EXACT_BETWEENNESS_LIMIT,
    sample: int = BETWEENNESS_SAMPLE,
) -> dict:
    """Return every figure of `network analyse` for the ties up to `until`, as a JSON-ready dict."""
    return measure(
        ties, until=until, since=since, kinds=kinds, exact_limit=exact_limit, sample=sample
    ).result


@dataclass(frozen=True)
class Measured:
    """The printed figures, with the graph and every team's betweenness they came from."""

    result: dict
    graph: Graph
    betweenness: dict[str, float]


def measure(
    ties: Ties,
    *,
    until: date | None = None,
    since: date | None = None,
    kinds: Iterable[str] | None = None,
    exact_limit: int = EXACT_BETWEENNESS_LIMIT,
    sample: int = BETWEENNESS_SAMPLE,
) -> Measured:
    """Return `analyse`'s figures together with the graph and every team's betweenness."""
    if since is not None and until is not None and since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    graph = build_graph(ties.teams, ties.ties, until=until, kinds=kinds)
    notes: list[str] = []
    n = len(graph.teams)
    if n > exact_limit:
        sources = random.Random(SEED).sample(graph.ids, min(sample, n))
        between = betweenness(graph, sources=sources)
        notes.append(
            f"betweenness is estimated from {len(sources)} of {n} teams as sources "
            f"(seed {SEED}); exact at {exact_limit} teams or fewer"
        )
    else:
        between = betweenness(graph)
    ranked = sorted(between.items(), key=lambda item: (-item[1], item[0]))[:BROKERS_SHOWN]
    constraints = constraint(graph, [team for team, _ in ranked])
    degrees = graph.degrees()
    result = {
        "teams": n,
        "ties": len(graph.pairs),
        "components": components(graph),
        "isolated": [
            team.id for team, degree in zip(graph.teams, degrees, strict=True) if degree == 0
        ],
        "brokers": [
            {
                "team": team,
                "betweenness": round(value, 6),
                "constraint": _finite(constraints[team]),
            }
            for team, value in ranked
        ],
        "single_points_of_failure": single_points_of_failure(graph),
        "communities": communities(graph),
        "sector_matrix": sector_matrix(graph),
        "cross_tier_ties": sum(1 for i, j in graph.pairs if _cross_tier(graph, i, j)),
    }
    if since is not None:
        result["change"] = compare(ties, graph, since=since, until=until, kinds=kinds)
    result["notes"] = notes
    return Measured(result, graph, between)


def compare(
    ties: Ties,
    after: Graph,
    *,
    since: date,
    until: date | None = None,
    kinds: Iterable[str] | None = None,
) -> dict:
    """Return what changed between the rows before `since` and every row up to `until`."""
    before = build_graph(ties.teams, ties.ties, until=until, before=since, kinds=kinds)
    new = [pair for pair in after.pairs if pair not in before.pairs]
    degree_before, degree_after = before.degrees(), after.degrees()
    return {
        "new_ties": len(new),
        "new_cross_sector_ties": sum(1 for i, j in new if _cross_sector(after, i, j)),
        "new_cross_tier_ties": sum(1 for i, j in new if _cross_tier(after, i, j)),
        "components_before": components(before),
        "components_after": components(after),
        "newly_tied_teams": [
            team.id
            for team, was, now in zip(after.teams, degree_before, degree_after, strict=True)
            if was == 0 and now > 0
        ],
    }


def new_ties(before: Graph, after: Graph) -> list[tuple[str, str]]:
    """Return the pairs tied in `after` but not in `before`, as sorted (id, id) pairs."""
    ids = after.ids
    return sorted((ids[i], ids[j]) for i, j in after.pairs if (i, j) not in before.pairs)


def no_longer_single(before: Graph, after: Graph) -> list[str]:
    """Return the teams that were a single point of failure before and are not after, sorted."""
    return sorted(set(single_points_of_failure(before)) - set(single_points_of_failure(after)))


def _cross_tier(graph: Graph, i: int, j: int) -> bool:
    return graph.teams[i].tier != graph.teams[j].tier


def _cross_sector(graph: Graph, i: int, j: int) -> bool:
    return graph.teams[i].sector != graph.teams[j].sector


def _finite(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, 6)
