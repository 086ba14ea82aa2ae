"""Turnout forecast for a multi-agency day: who will come, and whom to invite to reach a target.

Pure module (numpy only, no Django) so it is fast to test, benchmark and reuse.

Model, per sector: an invitee accepts with probability ``p_accept`` and, having accepted, attends
with probability ``p_attend`` (given acceptance). Both rates have Beta priors in two levels: a
tier's rate (frontline, central) has a prior fitted to Ilford (100 invited, 60 came) and is
learnt from the records of the tier's sectors; each sector's rate lies around its tier's rate
and is learnt from its own record. Forecasts are Monte Carlo draws from this posterior, so the
interval counts both chance (who turns up) and what we do not know about the rates.
See docs/decisions/0003-turnout-forecast.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np

Status = Literal["pending", "accepted", "declined", "attended", "waiting"]
STATUSES: frozenset[str] = frozenset(get_args(Status))


@dataclass(frozen=True)
class PastInvitation:
    """One invitation to a past event in the place, and what came of it."""

    sector: str
    tier: str
    accepted: bool
    attended: bool


@dataclass(frozen=True)
class Invitee:
    """One invitation to the coming event; ``waiting`` (waiting list) is not an offer of a place."""

    sector: str
    tier: str
    status: Status = "pending"

    def __post_init__(self) -> None:
        """Reject a status the forecast does not know."""
        if self.status not in STATUSES:
            raise ValueError(f"Unknown status {self.status!r}; use one of {sorted(STATUSES)}")


@dataclass(frozen=True)
class TurnoutPrior:
    """Global Beta priors as means and strengths (pseudo-invitations); defaults fit Ilford."""

    accept_mean: float = 0.65
    attend_mean: float = 0.92
    strength: float = 20.0
    # How far a sector strays from its tier, as pseudo-invitations: 20 puts two sectors out of
    # three within about 0.1 of their tier's acceptance rate.
    sector_strength: float = 20.0

    def __post_init__(self) -> None:
        """Reject means outside (0, 1) and strengths that are not positive."""
        for name in ("accept_mean", "attend_mean"):
            if not 0.0 < getattr(self, name) < 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if self.strength <= 0 or self.sector_strength <= 0:
            raise ValueError("strengths must be positive")


# Ilford: 100 invited, 60 attended; about 0.65 accept and 0.92 of those come (0.65 x 0.92 = 0.6).
ILFORD_PRIOR = TurnoutPrior()


@dataclass(frozen=True)
class Counts:
    """Past invitations, acceptances and attendances (by those who accepted) for a group."""

    invited: int = 0
    accepted: int = 0
    attended: int = 0


# A tier's rate is known on a grid of this many equal cells of (0, 1): fine enough that the
# discretisation is lost in the Monte Carlo noise, small enough to fit in microseconds.
_GRID = (np.arange(512) + 0.5) / 512
_CELL = 1 / 512


# numpy has no lgamma and scipy is not a dependency; the grid is small enough for math.lgamma.
_lgamma = np.frompyfunc(math.lgamma, 1, 1)


def _tier_weights(
    mean: float, strength: float, sector_strength: float, trials: Sequence[tuple[int, int]]
) -> np.ndarray:
    """Return posterior weights on ``_GRID`` for a tier's rate given (successes, trials) per sector.

    Each sector's rate is Beta(k t, k (1 - t)) around the tier's rate t, so a sector's record
    counts as one beta-binomial observation of t: many sectors pin t down, one large sector
    does not, and no sector's data is counted twice.
    """
    t, k = _GRID, sector_strength
    log_post = (mean * strength - 1) * np.log(t) + ((1 - mean) * strength - 1) * np.log1p(-t)
    seen = [(x, n) for x, n in trials if n]
    if seen:
        # log B(kt + x, k(1-t) + n - x) - log B(kt, k(1-t)), dropping the terms in k + n alone,
        # which do not depend on t.
        log_post -= len(seen) * (_lgamma(k * t) + _lgamma(k * (1 - t))).astype(float)
        for x, n in seen:
            log_post += (_lgamma(k * t + x) + _lgamma(k * (1 - t) + n - x)).astype(float)
    weights = np.exp(log_post - log_post.max())
    return weights / weights.sum()


@dataclass(frozen=True, eq=False)
class TurnoutModel:
    """Fitted history of a place: counts per sector and the posterior of each tier's rates."""

    prior: TurnoutPrior
    sectors: Mapping[str, Counts] = field(default_factory=dict)
    sector_tiers: Mapping[str, str] = field(default_factory=dict)
    # Per tier, posterior weights on _GRID for (p_accept, p_attend); unseen tiers use the prior.
    tier_weights: Mapping[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def _weights(self, tier: str) -> tuple[np.ndarray, np.ndarray]:
        """Return the grid weights of a tier's (accept, attend) rates, the prior if unseen."""
        if tier not in self.tier_weights:
            p = self.prior
            return (
                _tier_weights(p.accept_mean, p.strength, p.sector_strength, ()),
                _tier_weights(p.attend_mean, p.strength, p.sector_strength, ()),
            )
        return self.tier_weights[tier]

    def rates(self, sector: str, tier: str) -> tuple[float, float]:
        """Return the posterior mean (p_accept, p_attend_given_accept) for a sector in a tier."""
        accept_w, attend_w = self._weights(tier)
        own = self.sectors.get(sector, Counts())
        k = self.prior.sector_strength
        p_accept = (k * (_GRID @ accept_w) + own.accepted) / (k + own.invited)
        p_attend = (k * (_GRID @ attend_w) + own.attended) / (k + own.accepted)
        return float(p_accept), float(p_attend)

    def draw_rates(
        self, sectors: Sequence[tuple[str, str]], *, draws: int, rng: np.random.Generator
    ) -> tuple[np.ndarray, np.ndarray]:
        """Draw (p_accept, p_attend) arrays of shape (len(sectors), draws) from the posterior."""
        k = self.prior.sector_strength
        tier_draws: dict[str, list[np.ndarray]] = {}
        for tier in sorted({t for _, t in sectors}):
            tier_draws[tier] = [
                rng.choice(_GRID, size=draws, p=w) + rng.uniform(-_CELL / 2, _CELL / 2, draws)
                for w in self._weights(tier)
            ]
        p_accept = np.empty((len(sectors), draws))
        p_attend = np.empty((len(sectors), draws))
        for i, (sector, tier) in enumerate(sectors):
            tier_accept, tier_attend = tier_draws[tier]
            c = self.sectors.get(sector, Counts())
            p_accept[i] = rng.beta(
                k * tier_accept + c.accepted, k * (1 - tier_accept) + c.invited - c.accepted
            )
            p_attend[i] = rng.beta(
                k * tier_attend + c.attended, k * (1 - tier_attend) + c.accepted - c.attended
            )
        return p_accept, p_attend


def _sector_tiers(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map each sector to its tier; raise ValueError if a sector is given two tiers."""
    tiers: dict[str, str] = {}
    for sector, tier in pairs:
        if tiers.setdefault(sector, tier) != tier:
            raise ValueError(f"Sector {sector!r} is in two tiers: {tiers[sector]!r} and {tier!r}")
    return tiers


def fit_model(
    history: Iterable[PastInvitation], *, prior: TurnoutPrior = ILFORD_PRIOR
) -> TurnoutModel:
    """Fit sector counts and tier posteriors from past invitations; walk-ins count as accepted."""
    history = list(history)
    sector_tiers = _sector_tiers((h.sector, h.tier) for h in history)
    rows: dict[str, list[int]] = {}
    for h in history:
        # A walk-in who never replied still showed they wanted to come.
        accepted = h.accepted or h.attended
        row = rows.setdefault(h.sector, [0, 0, 0])
        row[0] += 1
        row[1] += accepted
        row[2] += h.attended
    sectors = {s: Counts(*row) for s, row in rows.items()}
    tier_weights = {}
    for tier in sorted(set(sector_tiers.values())):
        own = [c for s, c in sectors.items() if sector_tiers[s] == tier]
        tier_weights[tier] = (
            _tier_weights(
                prior.accept_mean,
                prior.strength,
                prior.sector_strength,
                [(c.accepted, c.invited) for c in own],
            ),
            _tier_weights(
                prior.attend_mean,
                prior.strength,
                prior.sector_strength,
                [(c.attended, c.accepted) for c in own],
            ),
        )
    return TurnoutModel(
        prior=prior, sectors=sectors, sector_tiers=sector_tiers, tier_weights=tier_weights
    )


@dataclass(frozen=True)
class SectorForecast:
    """Forecast for one sector: invitations on the list, expected attendance and its interval."""

    invited: int
    expected: float
    low: int
    high: int
    p_accept: float
    p_attend_given_accept: float


@dataclass(frozen=True)
class Forecast:
    """Expected attendance with a central interval holding ``level`` of the predictive odds."""

    expected: float
    low: int
    high: int
    level: float
    by_sector: dict[str, SectorForecast]


_COLUMNS: tuple[str, ...] = ("pending", "accepted", "attended", "declined", "waiting")


def _status_counts(invitees: Sequence[Invitee], sectors: Sequence[str]) -> np.ndarray:
    """Count invitees per sector (rows) and status (columns, in the order of ``_COLUMNS``)."""
    index = {s: i for i, s in enumerate(sectors)}
    counts = np.zeros((len(sectors), len(_COLUMNS)), dtype=np.int64)
    for invitee in invitees:
        counts[index[invitee.sector], _COLUMNS.index(invitee.status)] += 1
    return counts


def _fill_places(wanting: np.ndarray, places: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Give at most ``places`` (per draw) to those ``wanting`` one (draws, sectors), sectors in a
    random order per draw, so the total given never exceeds the places and no sector is favoured."""
    order = np.argsort(rng.random(wanting.shape), axis=1)
    ordered = np.take_along_axis(wanting, order, axis=1)
    before = np.cumsum(ordered, axis=1) - ordered
    given = np.clip(places[:, None] - before, 0, ordered)
    result = np.empty_like(given)
    np.put_along_axis(result, order, given, axis=1)
    return result


def _simulate_list(
    counts: np.ndarray,
    p_accept: np.ndarray,
    p_attend: np.ndarray,
    rng: np.random.Generator,
    capacity: int | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Draw attendance per sector, shape (draws, sectors), for a list summarised by ``counts``,
    and the places still free in each draw (None without a capacity).

    With a capacity, those accepted or checked in hold their places; a free place goes first to
    the waiting list, then to pending invitees who accept; any who accept beyond that join the
    waiting list and do not come. Without one, declined and waiting invitees do not come.
    """
    attended = counts[:, 2]
    if capacity is None:
        pending = rng.binomial(counts[:, [0]], p_accept * p_attend).T
        accepted = rng.binomial(counts[:, [1]], p_attend).T
        return pending + accepted + attended, None
    accepted = rng.binomial(counts[:, [1]], p_attend).T
    draws = p_accept.shape[1]
    free = np.full(draws, max(capacity - int(counts[:, 1].sum() + attended.sum()), 0))
    waiting = _fill_places(np.broadcast_to(counts[:, 4], (draws, len(counts))).copy(), free, rng)
    free = free - waiting.sum(axis=1)
    accepting = _fill_places(rng.binomial(counts[:, [0]], p_accept).T, free, rng)
    free = free - accepting.sum(axis=1)
    coming = rng.binomial(waiting + accepting, p_attend.T)
    return coming + accepted + attended, free


def _interval(samples: np.ndarray, level: float) -> tuple[int, int]:
    """Return the central interval of integer samples holding at least ``level`` of them."""
    tail = (1 - level) / 2
    low, high = np.quantile(samples, [tail, 1 - tail], method="inverted_cdf")
    return int(low), int(high)


def _check_options(name: str, value: float, draws: int) -> None:
    """Raise ValueError unless value is strictly between 0 and 1 and draws is positive."""
    if not 0.0 < value < 1.0:
        raise ValueError(f"{name} must be between 0 and 1, not {value}")
    if draws < 1:
        raise ValueError(f"draws must be at least 1, not {draws}")


def forecast_turnout(
    model: TurnoutModel,
    invitees: Sequence[Invitee],
    *,
    level: float = 0.8,
    draws: int = 4000,
    seed: int = 0,
    capacity: int | None = None,
) -> Forecast:
    """Forecast attendance for the list, never above ``capacity`` (places, None for no limit);
    the same inputs and seed always give the same result."""
    _check_options("level", level, draws)
    invitees = list(invitees)
    tiers = _sector_tiers([(i.sector, i.tier) for i in invitees])
    sectors = sorted(tiers)
    rng = np.random.default_rng(seed)
    p_accept, p_attend = model.draw_rates([(s, tiers[s]) for s in sectors], draws=draws, rng=rng)
    counts = _status_counts(invitees, sectors)
    by_draw, _ = _simulate_list(counts, p_accept, p_attend, rng, capacity)
    total = by_draw.sum(axis=1)
    low, high = _interval(total, level)
    by_sector = {}
    for i, sector in enumerate(sectors):
        s_low, s_high = _interval(by_draw[:, i], level)
        by_sector[sector] = SectorForecast(
            invited=int(counts[i].sum()),
            expected=float(by_draw[:, i].mean()),
            low=s_low,
            high=s_high,
            p_accept=float(p_accept[i].mean()),
            p_attend_given_accept=float(p_attend[i].mean()),
        )
    return Forecast(
        expected=float(total.mean()), low=low, high=high, level=level, by_sector=by_sector
    )


@dataclass(frozen=True)
class Recommendation:
    """How many more to invite from each sector, and the chance the list then meets the goal."""

    extra: dict[str, int]
    probability: float
    target: int
    min_per_sector: dict[str, int]
    required_probability: float
    reached: bool
    capacity: int | None = None
    # The target as the convenor set it, when it was more than the places (then ``target`` is
    # the places); None otherwise.
    asked: int | None = None

    @property
    def total_extra(self) -> int:
        """Return the number of extra invitations across all sectors."""
        return sum(self.extra.values())

    def explain(self) -> str:
        """Return the recommendation as one or two plain-English sentences for a convenor."""
        goal = f"at least {self.target} {'person' if self.target == 1 else 'people'}"
        minimums = {s: k for s, k in self.min_per_sector.items() if k > 0}
        if minimums:
            values = set(minimums.values())
            if len(values) == 1 and len(minimums) == len(self.min_per_sector):
                goal += f" with {values.pop()} from every sector"
            else:
                goal += " with " + _and_list([f"{k} from {s}" for s, k in minimums.items()])
        chance = f"{_a(_percent(self.probability))} chance of {goal}"
        return self.capacity_note() + self._advice(chance)

    def capacity_note(self) -> str:
        """Return 'The target of N is more than the M places. ' when it is, else ''."""
        if self.capacity is None or self.asked is None:
            return ""
        places = f"{self.capacity} place{'' if self.capacity == 1 else 's'}"
        return f"The target of {self.asked} is more than the {places}. "

    def _advice(self, chance: str) -> str:
        """Return how many more to invite, or that the list cannot reach the goal."""
        if self.total_extra == 0 and self.reached:
            return f"No more invitations needed: the current list has {chance}."
        parts = sorted(self.extra.items(), key=lambda item: (-item[1], item[0]))
        where = _and_list([f"{n} from {s}" for s, n in parts])
        if self.reached:
            return f"Invite {self.total_extra} more: {where}, to have {chance}."
        text = f"Even inviting {self.total_extra} more ({where})" if parts else "The current list"
        return (
            f"{text} gives only {chance}, short of the "
            f"{_percent(self.required_probability)} asked for."
        )


def _percent(p: float) -> str:
    """Format a probability as a whole percentage, never rounding up to 100% or down to 0%."""
    value = round(100 * p)
    if value == 100 and p < 1:
        value = 99
    if value == 0 and p > 0:
        value = 1
    return f"{value}%"


def _a(percent: str) -> str:
    """Put 'a' or 'an' before a percentage as it is read aloud ('an 80%', 'an 11%', 'a 60%')."""
    spoken_vowel = percent.startswith("8") or percent in {"11%", "18%"}
    return f"{'an' if spoken_vowel else 'a'} {percent}"


def _and_list(items: Sequence[str]) -> str:
    """Join phrases as 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def invitations_needed(
    model: TurnoutModel,
    invitees: Sequence[Invitee],
    *,
    target: int,
    min_per_sector: Mapping[str, int] | int = 0,
    sectors: Sequence[tuple[str, str]] | None = None,
    probability: float = 0.8,
    max_extra: int = 1000,
    draws: int = 4000,
    seed: int = 0,
    capacity: int | None = None,
) -> Recommendation:
    """Recommend extra invitations by sector until P(target and every minimum met) >= probability.

    Greedy: each step adds one invitation to the sector (from ``sectors``, default: those on
    the list) that most raises that probability, breaking ties by the expected shortfall so that
    sectors below their minimum are filled first. Candidates are compared on common random
    numbers, so the choice is stable and the same inputs and seed give the same answer. Stops
    with ``reached=False`` at ``max_extra``, or at once if no sector it may add to can help.
    With a ``capacity``, nobody past the last place comes (they join the waiting list), so a
    target above it is lowered to it, and it stops as soon as the draws that still have a free
    place could no longer lift the probability to ``probability``.
    """
    _check_options("probability", probability, draws)
    invitees = list(invitees)
    open_sectors = list(sectors) if sectors is not None else [(i.sector, i.tier) for i in invitees]
    tiers = _sector_tiers([*((i.sector, i.tier) for i in invitees), *open_sectors])
    if isinstance(min_per_sector, int):
        minimum = dict.fromkeys(sorted(tiers), min_per_sector)
    else:
        unknown = sorted(set(min_per_sector) - set(tiers))
        if unknown:
            raise ValueError(f"No tier known for sectors {unknown}; pass them in sectors")
        minimum = {s: min_per_sector.get(s, 0) for s in sorted(tiers)}
    names = sorted(tiers)
    rng = np.random.default_rng(seed)
    p_accept, p_attend = model.draw_rates([(s, tiers[s]) for s in names], draws=draws, rng=rng)
    asked = None
    if capacity is not None and target > capacity:
        # Nobody past the last place comes, so aim for a full event and say so.
        asked, target = target, capacity
    attending, free = _simulate_list(
        _status_counts(invitees, names), p_accept, p_attend, rng, capacity
    )
    # One stream per sector, so the n-th extra invitation to a sector is the same person
    # whichever order the greedy search adds them in (common random numbers).
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(names))]
    p_new = (p_accept * p_attend).T  # (draws, sectors): a new invitation starts as pending
    p_yes = p_accept.T

    def next_invitations() -> np.ndarray:
        """Draw a uniform per sector for its next extra invitee, shape (draws, sectors): below
        ``p_yes`` they accept, below ``p_new`` they also come."""
        columns = [stream.random(draws) for stream in streams]
        return np.stack(columns, axis=1) if columns else np.zeros((draws, 0))

    def comes(u: np.ndarray) -> np.ndarray:
        """Return whether each next invitee would come: accept, attend and find a free place."""
        coming = u < p_new
        return coming if free is None else coming & (free[:, None] > 0)

    k = np.array([minimum[s] for s in names])
    invitable = np.array([s in {name for name, _ in open_sectors} for s in names])
    extra = dict.fromkeys(names, 0)
    draw_u = next_invitations()
    upcoming = comes(draw_u)

    def success(att: np.ndarray) -> np.ndarray:
        """Return, per draw, whether the goal is met."""
        return (att.sum(axis=1) >= target) & (att >= k).all(axis=1)

    met = success(attending)
    # Minimums in sectors we cannot invite from must already be likely enough, or nothing helps.
    closed = ~invitable
    hopeless = (
        not invitable.any() or (attending[:, closed] >= k[closed]).all(axis=1).mean() < probability
    )

    def places_allow() -> bool:
        """Return whether filling every draw that still has a free place could reach the
        probability: once places are taken, more invitations only lengthen the waiting list."""
        return free is None or (met | (free > 0)).mean() >= probability

    while (
        met.mean() < probability
        and sum(extra.values()) < max_extra
        and not hopeless
        and places_allow()
    ):
        total = attending.sum(axis=1, keepdims=True) + upcoming
        below = attending < k
        fixed = below & (attending + upcoming >= k)
        missing = below.sum(axis=1, keepdims=True) - fixed
        wins = ((total >= target) & (missing == 0)).sum(axis=0)
        shortfall = np.maximum(target - total, 0).sum(axis=0) - (below & upcoming).sum(axis=0)
        # Most wins first, then least shortfall; only sectors the convenor can invite from.
        candidates = np.flatnonzero(invitable)
        best = int(candidates[np.lexsort((shortfall[candidates], -wins[candidates]))[0]])
        attending[:, best] += upcoming[:, best]
        if free is not None:
            free = free - ((draw_u[:, best] < p_yes[:, best]) & (free > 0))
        extra[names[best]] += 1
        draw_u[:, best] = streams[best].random(draws)
        upcoming = comes(draw_u)
        met = success(attending)
    achieved = float(met.mean())
    return Recommendation(
        extra={s: n for s, n in extra.items() if n},
        probability=achieved,
        target=target,
        min_per_sector=minimum,
        required_probability=probability,
        reached=achieved >= probability,
        capacity=capacity,
        asked=asked,
    )
