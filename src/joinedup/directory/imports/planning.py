"""Plan an import: read each row, find problems, and propose merges of duplicate teams and people.

`build_plan` is pure (plain data in, plain data out) so that it is quick to test; `plan_import`
feeds it the place's existing teams, contacts and sectors. A plan is a JSON-ready dict stored on
the ImportBatch between the preview and the commit.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from joinedup.directory.imports.matching import (
    TEAM_MATCH_THRESHOLD,
    differ_on_both_sides,
    fold,
    has_acronym,
    is_valid_email,
    normalise_email,
    normalise_name,
    one_team_within_another,
    place_words,
    spelled_out_pair,
    suggest_email,
    team_similarity,
    team_tokens,
    tidy,
)

# Words people write in a "Sector" or "Area" column that name none of our sectors outright.
SECTOR_ALIASES = {
    "employment": ["jobcentre", "dwp"],
    "benefits": ["jobcentre", "dwp"],
    "work and pensions": ["dwp", "jobcentre"],
    "social services": ["adult-social-care", "childrens-social-care"],
    "social care": ["adult-social-care", "childrens-social-care"],
    "education": ["dfe", "schools"],
    "health": ["dhsc", "mental-health"],
    "nhs": ["mental-health", "dhsc"],
    "safeguarding": ["child-protection", "adult-social-care"],
    "mash": ["child-protection"],
    "domestic abuse": ["domestic-abuse"],
    "dv": ["domestic-abuse"],
    "drugs": ["substance-misuse"],
    "drug and alcohol": ["substance-misuse"],
    "yot": ["youth-offending"],
    "youth justice": ["youth-offending"],
    "homelessness": ["housing"],
    "communities": ["mhclg"],
    "local government": ["mhclg"],
    "asb": ["community-safety"],
    "probation": [],
}

# Fields copied from the sheet into each record, by mapping name.
CELL_FIELDS = (
    "team",
    "full_name",
    "first_name",
    "last_name",
    "role",
    "email",
    "phone",
    "sector",
    "notes",
)


def need_choice(team_key: str, need_id: str) -> str:
    """The id of "this new team takes this need" among a preview's accepted choices."""
    return f"need:{team_key}|{need_id}"


def accepted_needs(accepted) -> dict[str, list[str]]:
    """Return {team key: [need ids]} from a preview's accepted choices."""
    needs: dict[str, list[str]] = {}
    for choice in accepted:
        if choice.startswith("need:") and "|" in choice:
            key, need = choice[5:].rsplit("|", 1)
            needs.setdefault(key, []).append(need)
    return needs


@dataclass
class ImportPlan:
    """What an import would do: records per row, teams, proposed merges and problems."""

    records: list = field(default_factory=list)
    teams: dict = field(default_factory=dict)
    team_merges: list = field(default_factory=list)
    person_merges: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    # "Did you mean …?" corrections of malformed emails, each applied only when ticked.
    email_fixes: list = field(default_factory=list)

    def as_json(self) -> dict:
        """Return the plan as a JSON-serialisable dict."""
        return {
            "records": self.records,
            "teams": self.teams,
            "team_merges": self.team_merges,
            "person_merges": self.person_merges,
            "problems": self.problems,
            "email_fixes": self.email_fixes,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ImportPlan":
        """Return a plan stored with as_json."""
        return cls(**{k: data.get(k, [] if k != "teams" else {}) for k in cls.__dataclass_fields__})

    @property
    def merge_ids(self) -> list[str]:
        """Return the ids of every proposal accepted by default: merges (teams first), then each
        new team's needs from its sector (email corrections wait for a tick)."""
        return (
            [m["id"] for m in self.team_merges]
            + [m["id"] for m in self.person_merges]
            + [
                need_choice(key, need)
                for key, team in self.teams.items()
                if not team["existing_id"]
                for need in team.get("need_ids", [])
            ]
        )

    def count_problems(self, kind: str) -> int:
        """Return how many problems of a kind (e.g. "email_malformed") the plan found."""
        return sum(1 for p in self.problems if p["kind"] == kind)


def _cell(cells: list[str], index) -> str:
    if index is None or index >= len(cells):
        return ""
    return tidy(cells[index])


def read_record(row: dict, mapping: dict) -> dict:
    """Return one sheet row as a record: tidy values, the person's name and a checked email."""
    cells = row["cells"]
    values = {name: _cell(cells, mapping.get(name)) for name in CELL_FIELDS}
    name = values["full_name"] or " ".join(
        p for p in (values["first_name"], values["last_name"]) if p
    )
    raw_email = (cells[mapping["email"]] if mapping.get("email") is not None else "") or ""
    email = normalise_email(raw_email)
    return {
        "row": row["number"],
        "team": values["team"],
        "name": tidy(name),
        "role": values["role"],
        "email": email if is_valid_email(email) else "",
        "email_raw": tidy(raw_email),
        "phone": values["phone"],
        "sector": values["sector"],
        "notes": values["notes"],
        "skip": "",
    }


def match_sector(text: str, team_name: str, sectors: list[dict]) -> tuple[dict | None, str]:
    """Return (sector, "") for a Sector cell, or (None, why) when it is unknown or ambiguous."""
    key = fold(text)
    if not key:
        return None, ""
    by_code = {s["code"]: s for s in sectors}
    for sector in sectors:
        if key in (fold(sector["name"]), fold(sector["code"])):
            return sector, ""
    codes = SECTOR_ALIASES.get(key)
    if codes is None:
        words = team_tokens(text)
        codes = [s["code"] for s in sectors if words and words <= team_tokens(s["name"])]
    candidates = [by_code[c] for c in codes if c in by_code]
    if len(candidates) == 1:
        return candidates[0], ""
    if not candidates:
        return None, f"Sector ‘{text}’ is not one of the directory’s sectors"
    # "Social services" for "Adult Social Care Front Door": the team's own words decide.
    team = team_tokens(team_name)

    def overlap(sector):
        return len(team & team_tokens(f"{sector['name']} {sector['code']}".replace("-", " ")))

    ranked = sorted(candidates, key=overlap, reverse=True)
    if overlap(ranked[0]) > overlap(ranked[1]):
        return ranked[0], ""
    names = " or ".join(f"‘{c['name']}’" for c in candidates)
    return None, f"Sector ‘{text}’ could mean {names}; choose one on the team’s page later"


def _problem(record, kind, field_name, message, outcome) -> dict:
    return {
        "row": record["row"],
        "kind": kind,
        "field": field_name,
        "message": message,
        "outcome": outcome,
        "name": record["name"],
        "team": record["team"],
    }


def _check_record(record: dict) -> list[dict]:
    problems = []
    if not record["name"]:
        record["skip"] = "No name"
        problems.append(
            _problem(record, "name_missing", "name", "Name is missing", "Row not imported")
        )
        return problems
    if not record["team"]:
        record["skip"] = "No team"
        problems.append(
            _problem(record, "team_missing", "team", "Team is missing", "Row not imported")
        )
        return problems
    if not record["email_raw"]:
        problems.append(
            _problem(
                record,
                "email_missing",
                "email",
                "Email address is missing",
                "Person imported without an email address",
            )
        )
    elif not record["email"]:
        suggestion = suggest_email(record["email_raw"])
        hint = f" (did you mean {suggestion}?)" if suggestion else ""
        problems.append(
            _problem(
                record,
                "email_malformed",
                "email",
                f"Email address ‘{record['email_raw']}’ is not in the correct format, "
                f"like name@example.com{hint}",
                "Person imported without an email address",
            )
        )
    return problems


class _TeamClusters:
    """Group team spellings: exact matches of existing teams, then similar names."""

    def __init__(self, existing_teams: list[dict], words: frozenset[str]):
        self.words = words
        self.existing = existing_teams
        self.exact = {}
        for team in existing_teams:
            for spelling in [team["name"], *team.get("aliases", [])]:
                self.exact.setdefault(fold(spelling), team)
        self.existing_tokens = [
            (team_tokens(t["name"], place_words=words), t) for t in existing_teams
        ]
        self.clusters: dict[str, dict] = {}
        self.cluster_tokens: dict[str, list[frozenset]] = defaultdict(list)
        self.of_spelling: dict[str, str] = {}
        self.proposals: dict[str, dict] = {}

    def _cluster_for_existing(self, team: dict) -> str:
        key = f"e:{team['id']}"
        if key not in self.clusters:
            self.clusters[key] = {
                "key": key,
                "name": team["name"],
                "existing_id": str(team["id"]),
                "spellings": [],
            }
            self.cluster_tokens[key].append(team_tokens(team["name"], place_words=self.words))
        return key

    def add(self, spelling: str) -> None:
        tokens = team_tokens(spelling, place_words=self.words)
        team = self.exact.get(fold(spelling))
        if team is not None:
            key = self._cluster_for_existing(team)
        else:
            key, score = self._best(tokens, spelling)
            if key is None:
                key = f"n:{fold(spelling)}"
                self.clusters[key] = {
                    "key": key,
                    "name": spelling,
                    "existing_id": "",
                    "spellings": [],
                }
            else:
                self.proposals[spelling] = {"into": key, "score": round(score, 2), "tokens": tokens}
        self.clusters[key]["spellings"].append(spelling)
        self.cluster_tokens[key].append(tokens)
        self.of_spelling[spelling] = key

    def _score(self, spelling: str, other: str) -> float:
        """How alike two spellings are (0 to 1), once an acronym of one is spelled out from the
        other ("MPS" and "Metropolitan Police Service"); 0 for two teams of one organisation
        (each name has a word the other lacks)."""
        tokens = team_tokens(spelling, place_words=self.words)
        other_tokens = team_tokens(other, place_words=self.words)
        if has_acronym(spelling) or has_acronym(other):
            a, b = spelled_out_pair(spelling, other)
            a_tokens = team_tokens(a, place_words=self.words)
            b_tokens = team_tokens(b, place_words=self.words)
            if team_similarity(a_tokens, b_tokens) > team_similarity(tokens, other_tokens):
                tokens, other_tokens = a_tokens, b_tokens
        score = team_similarity(tokens, other_tokens)
        if score < 1.0 and differ_on_both_sides(tokens, other_tokens):
            return 0.0
        if len(tokens ^ other_tokens) >= 2 and one_team_within_another(tokens, other_tokens):
            # "Fire Station" within "Fire Station Community Safety Team": one team only when
            # they share a person (_shared_people_merges), not on the names alone.
            return 0.0
        return score

    def _best(self, tokens, spelling: str = "") -> tuple[str | None, float]:
        best_key, best_score = None, 0.0
        for key, cluster in self.clusters.items():
            spellings = cluster["spellings"] or [cluster["name"]]
            score = max(self._score(spelling, other) for other in spellings)
            if score > best_score:
                best_key, best_score = key, score
        for _other, team in self.existing_tokens:
            score = max(
                self._score(spelling, name) for name in [team["name"], *team.get("aliases", [])]
            )
            if score > best_score:
                best_key, best_score = f"e:{team['id']}", score
        if best_score < TEAM_MATCH_THRESHOLD:
            return None, best_score
        if best_key.startswith("e:") and best_key not in self.clusters:
            team = next(t for _, t in self.existing_tokens if f"e:{t['id']}" == best_key)
            self._cluster_for_existing(team)
        return best_key, best_score


def _plainly_one_team(a: str, b: str, words: frozenset[str]) -> bool:
    """Two names of which one, acronyms spelled out, sits within the other."""
    a, b = spelled_out_pair(a, b)
    return one_team_within_another(
        team_tokens(a, place_words=words), team_tokens(b, place_words=words)
    )


def _shared_people_merges(clusters, records, proposals, words=frozenset()) -> None:
    """Propose merging two teams that list mostly the same people (by email), or that share a
    person and whose names are plainly one team (one within the other, acronyms spelled out)."""
    emails = defaultdict(set)
    for record in records:
        if record["email"] and not record["skip"]:
            emails[record["team_key"]].add(record["email"])
    keys = sorted(emails, key=lambda k: (-len(emails[k]), k))
    merged = set()
    for i, big in enumerate(keys):
        if big in merged:
            continue
        for small in keys[i + 1 :]:
            if small in merged or clusters[small]["existing_id"]:
                continue
            shared = emails[big] & emails[small]
            smaller = min(len(emails[big]), len(emails[small]))
            mostly_the_same = len(shared) >= 2 and len(shared) >= smaller / 2
            one_team = bool(shared) and _plainly_one_team(
                clusters[big]["name"], clusters[small]["name"], words
            )
            if mostly_the_same or one_team:
                merged.add(small)
                for spelling in clusters[small]["spellings"]:
                    proposals[spelling] = {
                        "into": big,
                        "score": 0.0,
                        "shared": len(shared),
                        "within": one_team and not mostly_the_same,
                    }


def build_plan(
    rows: list[dict],
    mapping: dict,
    *,
    existing_teams: list[dict] = (),
    existing_people: dict | None = None,
    sectors: list[dict] = (),
    place_names: tuple[str, ...] = (),
) -> ImportPlan:
    """Return the plan for sheet rows under a column mapping, against what already exists."""
    plan = ImportPlan()
    records = [read_record(row, mapping) for row in rows]
    for record in records:
        plan.problems.extend(_check_record(record))
    live = [r for r in records if not r["skip"]]
    for r in live:
        if r["email_raw"] and not r["email"]:
            suggestion = suggest_email(r["email_raw"])
            if suggestion:
                plan.email_fixes.append(
                    {
                        "id": f"email-{len(plan.email_fixes) + 1}",
                        "row": r["row"],
                        "name": r["name"],
                        "raw": r["email_raw"],
                        "suggestion": suggestion,
                    }
                )

    # Teams: the most used spelling of a team names it; others are proposed merges.
    spellings = Counter(r["team"] for r in live)
    first_seen = {}
    for r in live:
        first_seen.setdefault(r["team"], r["row"])
    order = sorted(spellings, key=lambda s: (-spellings[s], first_seen[s]))
    clusters = _TeamClusters(list(existing_teams), place_words(*place_names))
    for spelling in order:
        clusters.add(spelling)
    for r in live:
        r["team_key"] = clusters.of_spelling[r["team"]]
    proposals = clusters.proposals
    _shared_people_merges(clusters.clusters, live, proposals, clusters.words)

    for spelling in order:
        proposal = proposals.get(spelling)
        if proposal is None:
            continue
        target = clusters.clusters[proposal["into"]]
        if proposal.get("shared"):
            # a merge suggested by shared people moves every row of that spelling
            for r in live:
                if r["team"] == spelling:
                    r["team_key"] = proposal["into"]
        if proposal.get("score") == 1.0:
            reason = "Same name once capitals, punctuation and abbreviations are set aside"
        elif proposal.get("score"):
            reason = f"Similar names ({round(proposal['score'] * 100)}% of words in common)"
        else:
            reason = ""
        if proposal.get("shared"):
            people = (
                "1 person is listed under both names"
                if proposal["shared"] == 1
                else f"{proposal['shared']} people are listed under both names"
            )
            if proposal.get("within"):
                people += ", and one name is part of the other"
            reason = f"{reason}; {people}" if reason else people
        plan.team_merges.append(
            {
                "id": f"team-{len(plan.team_merges) + 1}",
                "spelling": spelling,
                "into": proposal["into"],
                "into_name": target["name"],
                "existing": bool(target["existing_id"]),
                "reason": reason,
                "rows": spellings[spelling],
            }
        )
    merged_spellings = {m["spelling"]: m for m in plan.team_merges}

    # Team sectors: the first recognised sector among a team's rows.
    used = Counter(r["team_key"] for r in live)
    for key, cluster in clusters.clusters.items():
        if not used[key]:
            continue
        plan.teams[key] = {
            **cluster,
            "rows": used[key],
            "sector_id": "",
            "sector_name": "",
            "need_ids": [],
        }
    for r in live:
        if not r["sector"]:
            continue
        team = plan.teams[r["team_key"]]
        sector, why = match_sector(r["sector"], r["team"], list(sectors))
        if sector is None:
            plan.problems.append(
                _problem(r, "sector_unknown", "sector", why, "Team imported without a sector")
            )
        elif not team["sector_id"]:
            team["sector_id"], team["sector_name"] = str(sector["id"]), sector["name"]
            team["need_ids"] = list(sector.get("need_ids", []))

    # People: rows with the same email (without case or spaces), else the same name in a team.
    # A row without an email joins the emailed row of the same name in the same team wherever
    # it sits in the sheet: a probable duplicate, for the convenor to confirm.
    groups: dict[str, list[dict]] = {}
    name_index: dict[tuple, str] = {}
    for r in live:
        if r["email"]:
            name_index.setdefault((normalise_name(r["name"]), r["team_key"]), f"e:{r['email']}")
    for r in live:
        name_key = (normalise_name(r["name"]), r["team_key"])
        if r["email"]:
            key = f"e:{r['email']}"
        else:
            key = name_index.get(name_key, f"n:{name_key[0]}|{name_key[1]}")
        groups.setdefault(key, []).append(r)
    for key, group in groups.items():
        for r in group:
            r["person_key"] = key
        if len(group) < 2:
            continue
        teams = []
        for r in group:
            name = plan.teams[r["team_key"]]["name"]
            if name not in teams:
                teams.append(name)
        if key.startswith("e:") and any(not r["email"] for r in group):
            reason = "Probably the same person: same name in the same team, one without an email"
        elif key.startswith("e:"):
            reason = f"Same email address ({key[2:]})"
        else:
            reason = "Same name in the same team"
        if len(teams) > 1:
            reason += f", but listed in {len(teams)} teams: {', '.join(teams)}"
        plan.person_merges.append(
            {
                "id": f"person-{len(plan.person_merges) + 1}",
                "rows": [r["row"] for r in group],
                "keep": group[0]["row"],
                "name": group[0]["name"],
                "names": sorted({r["name"] for r in group}),
                "teams": teams,
                "reason": reason,
                "key": key,
            }
        )
    # Who is already in the directory (so the preview can say "already there").
    existing_people = existing_people or {}
    for r in live:
        team = plan.teams[r["team_key"]]
        r["existing"] = bool(
            (r["email"] and r["email"] in existing_people.get("emails", ()))
            or (
                team["existing_id"]
                and (normalise_name(r["name"]), team["existing_id"])
                in existing_people.get("names", ())
            )
        )
        r["team_merge"] = merged_spellings.get(r["team"], {}).get("id", "")
    plan.records = records
    return plan
