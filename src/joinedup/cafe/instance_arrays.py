"""An instance as numpy arrays indexed by person, table and round, for the search."""

from __future__ import annotations

import numpy as np

from joinedup.cafe.instance import Instance

# A revisit breaks hard rule 4, so it must outweigh anything one move can gain.
REVISIT_WEIGHT = 1_000_000_000


class Model:
    """Static numpy arrays describing an instance, indexed by person, table and round."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        people = instance.participants
        self.n = n = len(people)
        self.t = len(instance.tables)
        self.r = instance.rounds
        self.ids = [p.id for p in people]
        self.index = {pid: i for i, pid in enumerate(self.ids)}
        self.table_ids = [t.id for t in instance.tables]
        self.table_index = {tid: i for i, tid in enumerate(self.table_ids)}
        self.seats = np.array([t.seats for t in instance.tables], dtype=np.int64)
        self.width = int(self.seats.max()) + 1  # one spare slot while a swap is half done
        case_studies = sorted({t.case_study for t in instance.tables})
        cs_index = {cs: i for i, cs in enumerate(case_studies)}
        self.c = len(case_studies)
        self.cs_of_table = np.array([cs_index[t.case_study] for t in instance.tables])
        orgs = {o: i for i, o in enumerate(sorted({p.organisation for p in people}))}
        sectors = {s: i for i, s in enumerate(sorted({p.sector for p in people}))}
        self.org = np.array([orgs[p.organisation] for p in people], dtype=np.int64)
        self.sector = np.array([sectors[p.sector] for p in people], dtype=np.int64)
        self.tier = np.array([p.tier == "central" for p in people], dtype=np.int64)
        self.n_orgs, self.n_sectors = len(orgs), len(sectors)
        self.present = np.zeros((self.r, n), dtype=bool)
        for i, p in enumerate(people):
            self.present[list(p.present), i] = True
        self.host_table = np.full(n, -1, dtype=np.int64)
        self.cohosts: list[tuple[int, int]] = []
        for t, table in enumerate(instance.tables):
            hosts = [self.index[h] for h in table.hosts if h in self.index]
            for h in hosts:
                if self.host_table[h] < 0:
                    self.host_table[h] = t
            self.cohosts += [(a, b) for i, a in enumerate(hosts) for b in hosts[i + 1 :]]
        self.wants = np.zeros((n, self.c), dtype=bool)
        self.unknown_wants = 0
        for i, p in enumerate(people):
            for cs in p.wants[: min(len(p.wants), len(p.present))]:
                if cs in cs_index:
                    self.wants[i, cs_index[cs]] = True
                else:
                    self.unknown_wants += 1
        central = (self.present & (self.tier == 1)).sum(1)
        frontline = self.present.sum(1) - central
        self.mix_allowance = np.maximum(0, self.t - central) + np.maximum(0, self.t - frontline)
        self.revisit_weight = 0 if instance.revisits_allowed else REVISIT_WEIGHT

    def assignments(self, tab: np.ndarray) -> dict[str, list[str | None]]:
        """Return the FORMAT.md assignments for a rounds × people table-index array."""
        return {
            pid: [self.table_ids[t] if t >= 0 else None for t in tab[:, i]]
            for i, pid in enumerate(self.ids)
        }

    def tab_from(self, assignments: dict) -> np.ndarray:
        """Return the rounds × people table-index array (-1 for none) of known seats."""
        tab = np.full((self.r, self.n), -1, dtype=np.int64)
        for pid, row in assignments.items():
            i = self.index.get(pid)
            if i is None or not isinstance(row, list):
                continue
            for r, tid in enumerate(row[: self.r]):
                tab[r, i] = self.table_index.get(tid, -1) if tid is not None else -1
        return tab
