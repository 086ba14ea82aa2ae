"""Starting seatings for the search: the prime construction, a greedy fill and revisit repair."""

from __future__ import annotations

import time

import numpy as np

from joinedup.cafe.instance_arrays import Model
from joinedup.cafe.tabu_search import State

# Backtracking is only tried when (people to seat x rounds) x tables is at most this.
EXACT_CELLS = 20_000


def hosts_seated(model: Model) -> np.ndarray:
    """Return a seating with every host at their table in the rounds they attend, nobody else."""
    tab = np.full((model.r, model.n), -1, dtype=np.int64)
    for i in np.flatnonzero(model.host_table >= 0):
        tab[model.present[:, i], i] = model.host_table[i]
    return tab


def _is_prime(n: int) -> bool:
    return n >= 2 and all(n % d for d in range(2, int(n**0.5) + 1))


def prime_start(model: Model) -> np.ndarray | None:
    """Return the zero-repeat prime construction of FORMAT.md as a seating, or None.

    It applies when every table has one host, the number of tables p is prime, every table
    has the same seats s <= p, rounds <= p, the rotators fit in p(s - 1) seats and no case
    study is shared (unless revisits are allowed).
    """
    inst = model.instance
    p = model.t
    seats = {t.seats for t in inst.tables}
    hosts_ok = all(len(t.hosts) == 1 and t.hosts[0] in model.index for t in inst.tables)
    distinct = len({t.case_study for t in inst.tables}) == p or inst.revisits_allowed
    if not (hosts_ok and distinct and _is_prime(p) and len(seats) == 1 and model.r <= p):
        return None
    (s,) = seats
    rotators = [i for i in range(model.n) if model.host_table[i] < 0]
    if s > p or len(set(model.host_table[model.host_table >= 0])) != p:
        return None
    if len(rotators) > p * (s - 1):
        return None
    # Central people take the first labels, so every table meets one of them in every round.
    rotators.sort(key=lambda i: -model.tier[i])
    tab = hosts_seated(model)
    for label, person in enumerate(rotators):
        j, i = divmod(label, p)
        for r in range(model.r):
            if model.present[r, person]:
                tab[r, person] = (i + r * (j + 1)) % p
    return tab


# Primitive polynomials for the fields of 4, 8, 16 and 32 elements (bit k is x^k).
_GF2_POLY = {4: 0b111, 8: 0b1011, 16: 0b10011, 32: 0b100101}


def _field(q: int):
    """Return addition and multiplication of the field with q elements (q prime or 2^k <= 32),
    on the numbers 0 .. q-1, or None for other q."""
    if _is_prime(q):
        return (lambda a, b: (a + b) % q), (lambda a, b: (a * b) % q)
    poly = _GF2_POLY.get(q)
    if poly is None:
        return None

    def mul(a: int, b: int) -> int:
        out = 0
        while b:
            if b & 1:
                out ^= a
            b >>= 1
            a <<= 1
            if a & q:
                a ^= poly
        return out

    return (lambda a, b: a ^ b), mul


def affine_start(model: Model) -> np.ndarray | None:
    """Return a zero-repeat seating from the affine plane over a finite field, or None.

    For q tables (q prime, or a power of 2 up to 32), no hosts, equal seats s <= q,
    revisits allowed and at most q·s people: person (i, j), i < q, j < s, sits at table
    i + r·j in round r < q (field arithmetic), so two people meet at most once; when s
    divides q, one more round seats the q people of each j together, s at a table, who
    have never met. Rounds beyond those are left empty for the greedy fill. Like
    `prime_start` it knows nothing of the other measures: it is only a start.
    """
    inst, q = model.instance, model.t
    seats = {t.seats for t in inst.tables}
    field = _field(q)
    if field is None or len(seats) != 1 or not inst.revisits_allowed:
        return None
    (s,) = seats
    extra = int(q % s == 0)
    if any(t.hosts for t in inst.tables) or s > q or model.n > q * s:
        return None
    add, mul = field
    tab = np.full((model.r, model.n), -1, dtype=np.int64)
    for person in range(model.n):
        j, i = divmod(person, q)
        for r in range(min(model.r, q + extra)):
            if model.present[r, person]:
                tab[r, person] = add(i, mul(r, j)) if r < q else j * (q // s) + i // s
    return tab


def fill_greedily(state: State, rng: np.random.Generator) -> None:
    """Seat everyone present but unseated at the cheapest table with a free seat."""
    m = state.m
    for r in range(m.r):
        waiting = np.flatnonzero(m.present[r] & (state.tab[r] < 0))
        for p in rng.permutation(waiting):
            costs = state.join_costs(r, int(p)) + 2 * state.size[r] + rng.random(m.t) * 0.5
            costs = np.where(state.size[r] < m.seats, costs, np.inf)
            state.add(r, int(p), int(np.argmin(costs)))


def _seen_elsewhere(state: State, r: int, p: int) -> set[int]:
    """Return the case studies p sees in rounds other than r."""
    seen = state.visits[p].copy()
    if state.tab[r, p] >= 0:
        seen[state.m.cs_of_table[state.tab[r, p]]] -= 1
    return set(np.flatnonzero(seen > 0).tolist())


def repair_round(state: State, movable: np.ndarray, r: int, rng: np.random.Generator) -> None:
    """Reseat round r's movable people so that as few as possible revisit a case study.

    With the other rounds fixed this is a bipartite matching of people to table seats, solved
    exactly by augmenting paths; people seated legally stay seated legally.
    """
    m = state.m
    people = [int(p) for p in np.flatnonzero(movable[r])]
    cs = m.cs_of_table
    cap = m.seats - state.size[r]
    legal: dict[int, list[int]] = {}
    at: dict[int, int] = {}
    members: list[set[int]] = [set() for _ in range(m.t)]
    for p in people:
        seen = _seen_elsewhere(state, r, p)
        options = [t for t in rng.permutation(m.t).tolist() if cs[t] not in seen]
        current = int(state.tab[r, p])
        legal[p] = sorted(options, key=lambda t: t != current)
        cap[current] += 1
        if current in options:
            at[p] = current
            members[current].add(p)
    load = [len(group) for group in members]

    def augment(p: int, visited: set[int]) -> bool:
        for t in legal[p]:
            if t in visited:
                continue
            visited.add(t)
            if load[t] < cap[t]:
                load[t] += 1
            elif not any(augment(q, visited) and _leave(q, t) for q in list(members[t])):
                continue
            at[p] = t
            members[t].add(p)
            return True
        return False

    def _leave(q: int, t: int) -> bool:
        members[t].discard(q)
        return True

    for p in people:
        if p not in at:
            augment(p, set())
    for p in people:
        if p not in at:  # no legal seat: take any free one and leave it to the search
            t = next(t for t in range(m.t) if load[t] < cap[t])
            at[p] = t
            load[t] += 1
    moving = [p for p in people if at[p] != state.tab[r, p]]
    for p in moving:
        state.remove(r, p)
    for p in moving:
        state.add(r, p, at[p])


def repair_revisits(
    state: State, movable: np.ndarray, rng: np.random.Generator, *, passes: int = 4
) -> None:
    """Repair rounds one at a time until nobody revisits a case study or passes run out."""
    for _ in range(passes):
        for r in rng.permutation(state.m.r).tolist():
            if state.rev == 0 or state.m.revisit_weight == 0:
                return
            repair_round(state, movable, r, rng)


def exact_seating(
    model: Model,
    fixed: np.ndarray,
    movable: np.ndarray,
    *,
    deadline: float,
    node_limit: int = 200_000,
) -> np.ndarray | None:
    """Return a seating without revisits extending the fixed seats, by backtracking, or None.

    Exhaustive up to `node_limit` nodes or the deadline, and only tried on small instances
    (at most EXACT_CELLS seat choices); the local search handles large ones.
    """
    if int(movable.sum()) * model.t > EXACT_CELLS:
        return None
    cs = model.cs_of_table
    tab = np.where(movable, -1, fixed)
    load = np.zeros((model.r, model.t), dtype=np.int64)
    seen: list[set[int]] = [set() for _ in range(model.n)]
    for r, p in np.argwhere(tab >= 0):
        load[r, tab[r, p]] += 1
        if model.host_table[p] < 0:
            seen[p].add(int(cs[tab[r, p]]))
    slots = [(int(r), int(p)) for r, p in np.argwhere(movable)]
    nodes = 0

    def options(r: int, p: int) -> list[int]:
        return [
            t
            for t in range(model.t)
            if load[r, t] < model.seats[t]
            and (model.revisit_weight == 0 or int(cs[t]) not in seen[p])
        ]

    def search(left: list[tuple[int, int]]) -> bool:
        nonlocal nodes
        if not left:
            return True
        nodes += 1
        if nodes > node_limit or (nodes % 1000 == 0 and time.perf_counter() > deadline):
            return False
        choices = [(len(options(r, p)), i) for i, (r, p) in enumerate(left)]
        count, i = min(choices)
        if count == 0:
            return False
        r, p = left[i]
        rest = left[:i] + left[i + 1 :]
        for t in options(r, p):
            tab[r, p] = t
            load[r, t] += 1
            seen[p].add(int(cs[t]))
            if search(rest):
                return True
            seen[p].discard(int(cs[t]))
            load[r, t] -= 1
        tab[r, p] = -1
        return False

    return tab if search(slots) else None
