"""Every move and swap of several people in one round, costed at once, for conflict steps.

The search's conflict steps follow Dotú and Van Hentenryck ("Scheduling social golfers
locally", CPAIOR 2005): look at everyone in a round who sits with someone they have already
met, cost every swap of one of them with anyone at another table (and every move to a free
seat), and take the best step the tabu list allows. Here the cost of a step is the change of
the whole objective (every measure of docs/cafe-format.md and the hard-rule penalty), not of repeat
pairs alone, so the same steps serve a real café. `round_deltas` computes those changes for
P people against every table and every partner in one pass of numpy over (P, tables) and
(P, partners) arrays, with the counts the search state keeps; nothing is rescored.
"""

from __future__ import annotations

import numpy as np

from joinedup.cafe.scoring import WEIGHTS

W_REP, W_MIX, W_WANT, W_ORG, W_DUP, W_SPREAD = (WEIGHTS[m] for m in WEIGHTS)


def conflicted(state, movable: np.ndarray) -> np.ndarray:
    """Return a rounds x people mask of movable people sharing a table with someone met before."""
    mem = state.mem[np.arange(state.m.r)[:, None], np.maximum(state.tab, 0)]  # (R, n, W)
    again = state.meet[np.arange(state.m.n)[None, :, None], mem] >= 2
    return again.any(2) & movable


def repeat_swaps(state, movable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return, for every round, person p and person q, the change in repeat pairs alone of
    swapping p and q (rounds x people x people; +inf where the swap is not possible or
    neither of them sits with someone met before), and the `conflicted` mask. Used to
    choose the round to work on."""
    m, tab = state.m, state.tab
    n, t_ = m.n, m.t
    seat = np.zeros((m.r, n, t_), dtype=np.float32)
    rr, pp = np.nonzero(tab >= 0)
    seat[rr, pp, tab[rr, pp]] = 1.0
    meet = state.meet[:n, :n]
    join = (meet >= 1).astype(np.float32) @ seat  # (R, n, T): people met before at each table
    again = (meet >= 2).astype(np.float32) @ seat
    own = np.maximum(tab, 0)[:, :, None]
    leave = np.take_along_axis(again, own, 2)[:, :, 0]  # (R, n)
    to_q = np.take_along_axis(join, np.broadcast_to(own.transpose(0, 2, 1), (m.r, n, n)), 2)
    half = to_q - leave[:, :, None]
    delta = half + half.transpose(0, 2, 1) - 2 * (meet >= 1)[None]
    busy = (leave > 0) & movable
    ok = movable[:, :, None] & movable[:, None, :] & (tab[:, :, None] != tab[:, None, :])
    ok &= busy[:, :, None] | busy[:, None, :]
    return np.where(ok, delta, np.inf), busy


def spread_after(size: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Return, for each person's table t[i], the round's spread after moving them to each table."""
    after = np.broadcast_to(size, (len(t), len(size))).copy()
    after[np.arange(len(t)), t] -= 1
    top = after.max(1, keepdims=True)
    low = after.min(1, keepdims=True)
    n_low = (after == low).sum(1, keepdims=True)
    none = np.iinfo(np.int64).max
    above = np.where(after > low, after, none).min(1, keepdims=True)
    second = np.where(above == none, low + 1, above)
    others_low = np.where((after == low) & (n_low == 1), second, low)
    return np.maximum(top, after + 1) - np.minimum(others_low, after + 1)


def round_deltas(state, r: int, ps: np.ndarray, qs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return objective changes of moving each p in ps to each table (P, T) and of swapping
    it with each q in qs (P, Q), in round r. Entries for a full table or a partner at p's
    own table are meaningless: the caller masks them."""
    s, m = state, state.m
    ar = np.arange(len(ps))
    t = s.tab[r, ps]
    mem = s.mem[r]  # (T, W), padded with n
    meet_p = s.meet[ps]  # (P, n + 1)
    shared = meet_p[:, mem]  # (P, T, W)
    join = (shared >= 1).sum(2)
    leave = (shared[ar, t] >= 2).sum(1)
    o, k, i = m.org[ps], m.sector[ps], m.tier[ps]
    orgs = s.orgs[r][:, o].T  # (P, T)
    secs = s.sectors[r][:, k].T
    tiers = s.tiers[r]  # (T, 2)
    unmixed = ((tiers[:, 0] == 0) | (tiers[:, 1] == 0)).astype(np.int64)
    left = tiers[t].copy()
    left[ar, i] -= 1
    mix_leave = ((left[:, 0] == 0) | (left[:, 1] == 0)).astype(np.int64) - unmixed[t]
    cs = m.cs_of_table
    a = cs[t]
    want_p, seen_p = m.wants[ps], s.visits[ps]  # (P, C)
    lose = (want_p[ar, a] & (seen_p[ar, a] == 1)).astype(np.int64)
    seen_cs = seen_p[:, cs]  # (P, T)
    other_cs = cs[None, :] != a[:, None]
    base = (
        W_REP * (join - leave[:, None])
        + W_ORG * (orgs - (orgs[ar, t] - 1)[:, None])
        + W_DUP * ((secs >= 1).astype(np.int64) - (secs[ar, t] >= 2)[:, None])
        + other_cs
        * (
            W_WANT * (lose[:, None] - (want_p[:, cs] & (seen_cs == 0)))
            + m.revisit_weight * ((seen_cs >= 1).astype(np.int64) - (seen_p[ar, a] >= 2)[:, None])
        )
    )
    if s.replanning:
        old_p = s.old[r, ps]
        base += (np.arange(m.t)[None, :] != old_p[:, None]).astype(np.int64) - (t != old_p)[:, None]
    move = (
        base
        + W_MIX * s.mix_change(r, (tiers[:, 1 - i].T == 0) - unmixed[None, :] + mix_leave[:, None])
        + W_SPREAD * (spread_after(s.size[r], t) - s.spread[r])
    )
    tq = s.tab[r, qs]
    met = (meet_p[:, qs] >= 1).astype(np.int64)  # (P, Q)
    meet_q = s.meet[qs]  # (Q, n + 1)
    mq_join = (meet_q[:, mem[t]] >= 1).sum(2).T  # q joining p's table: (P, Q)
    mq_leave = (meet_q[np.arange(len(qs))[:, None], mem[tq]] >= 2).sum(1)  # (Q,)
    oq, kq, iq = m.org[qs], m.sector[qs], m.tier[qs]
    org_q = s.orgs[r][t[:, None], oq[None, :]] - (s.orgs[r, tq, oq] - 1)[None, :]
    dup_q = (s.sectors[r][t[:, None], kq[None, :]] >= 1).astype(np.int64) - (
        s.sectors[r, tq, kq] >= 2
    )[None, :]
    dup_p = (secs[:, tq] >= 1).astype(np.int64) - (secs[ar, t] >= 2)[:, None]
    same_k = kq[None, :] == k[:, None]
    swap_t = (tiers[t, i] == 1).astype(np.int64) - unmixed[t]
    swap_tq = (tiers[tq[None, :], 1 - i[:, None]] == 1).astype(np.int64) - unmixed[tq][None, :]
    bq = cs[tq]
    seen_qa = s.visits[qs[None, :], a[:, None]]  # (P, Q)
    seen_qb = s.visits[qs, bq]  # (Q,)
    want_q = (m.wants[qs, bq] & (seen_qb == 1))[None, :].astype(np.int64) - (
        m.wants[qs[None, :], a[:, None]] & (seen_qa == 0)
    )
    rev_q = (seen_qa >= 1).astype(np.int64) - (seen_qb >= 2)[None, :]
    swap = (
        base[:, tq]
        + W_REP * (mq_join - mq_leave[None, :] - 2 * met)
        + W_ORG * (org_q - 2 * (oq[None, :] == o[:, None]))
        - W_DUP * dup_p * same_k
        + W_DUP * np.where(same_k, 0, dup_q)
        + W_MIX * s.mix_change(r, np.where(iq[None, :] == i[:, None], 0, swap_t[:, None] + swap_tq))
        + (bq[None, :] != a[:, None]) * (W_WANT * want_q + m.revisit_weight * rev_q)
    )
    if s.replanning:
        old_q = s.old[r, qs]
        swap += (t[:, None] != old_q[None, :]).astype(np.int64) - (tq != old_q)[None, :]
    return move, swap
