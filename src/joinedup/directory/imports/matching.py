"""Tell when two spellings name the same team, and when two rows are the same person.

Pure functions: a normaliser with an abbreviation and alias table, then token similarity.
"""

import re
import unicodedata
from difflib import SequenceMatcher

# Whole-token abbreviations found in UK multi-agency contact lists.
ABBREVIATIONS = {
    "comm": "community",
    "cmty": "community",
    "ho": "home office",
    "yot": "youth offending",
    "yos": "youth offending",
    "mash": "multi agency safeguarding hub",
    "cmht": "community mental health",
    "dv": "domestic violence",
    "dva": "domestic violence abuse",
    "asb": "anti social behaviour",
    "asc": "adult social care",
    "csc": "childrens social care",
    "snt": "safer neighbourhoods",
    "tf": "troubled families",
    "jcp": "jobcentre plus",
    "svc": "",
    "svcs": "",
    "dept": "department",
    "govt": "government",
    "hq": "headquarters",
    "intl": "international",
    "ctr": "centre",
    "center": "centre",
    "neighborhood": "neighbourhood",
    "neighborhoods": "neighbourhoods",
    "organization": "organisation",
}

# Different words for the same kind of team (applied to the whole normalised name).
PHRASE_ALIASES = {
    "drug and alcohol": "substance misuse",
    "drugs and alcohol": "substance misuse",
    "youth justice": "youth offending",
    "job centre": "jobcentre",
    "multi agency": "multiagency",
}

# Words that say what kind of unit something is rather than which one.
GENERIC_WORDS = {"team", "teams", "service", "services", "unit", "the", "of", "and", "for", "a"}

TEAM_MATCH_THRESHOLD = 0.6
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def fold(text: str) -> str:
    """Return text in lower case without accents, apostrophes or punctuation runs."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    text = text.casefold().replace("&", " and ").replace("'", "").replace("’", "")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def tidy(text: str) -> str:
    """Return a cell with surrounding and repeated spaces removed."""
    return " ".join((text or "").split())


def _stem(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def team_tokens(name: str, *, place_words: frozenset[str] = frozenset()) -> frozenset[str]:
    """Return the distinctive words of a team name: expanded, stemmed, without generic words."""
    words = []
    for word in fold(name).split():
        words.extend(ABBREVIATIONS.get(word, word).split())
    text = " ".join(words)
    for phrase, replacement in PHRASE_ALIASES.items():
        text = re.sub(rf"\b{phrase}\b", replacement, text)
    tokens = {_stem(w) for w in text.split() if w not in GENERIC_WORDS}
    distinctive = {t for t in tokens if t not in place_words}
    # A name made only of place words ("Redbridge") keeps them.
    return frozenset(distinctive or tokens)


def place_words(*names: str) -> frozenset[str]:
    """Return the words of a place's names, which say where a team is rather than which."""
    words = set()
    for name in names:
        words.update(_stem(w) for w in fold(name).split())
    return frozenset(words - GENERIC_WORDS - {"council", "london", "borough", "city", "county"})


def team_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Return the similarity of two token sets, counting near-identical words (typos) as equal."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    matched = len(a & b)
    rest_b = set(b - a)
    for word in a - b:
        close = next(
            (w for w in rest_b if len(w) > 4 and SequenceMatcher(None, word, w).ratio() >= 0.85),
            None,
        )
        if close:
            matched += 1
            rest_b.discard(close)
    return matched / (len(a) + len(b) - matched)


# Short words that an acronym's letters skip ("London Borough of Redbridge" is LBR).
ACRONYM_SKIP = {"of", "and", "the", "for", "in", "on", "at"}
ACRONYM = re.compile(r"(?<![A-Za-z&])[A-Z](?:&?[A-Z]){1,5}(?![A-Za-z&])")


def _acronym_words(name: str) -> list[str]:
    """Return the capital acronyms of a name as written: "LBR", "MPS", "D&CP", "RD&E"."""
    return ACRONYM.findall(name or "")


def has_acronym(name: str) -> bool:
    return bool(_acronym_words(name))


def expand_acronyms(name: str, other: str) -> str:
    """Return name, folded, with each capital acronym spelled out from a run of words in other.

    "LBR Housing Options" against "London Borough of Redbridge Housing Options" becomes
    "london borough of redbridge housing options"; an acronym other does not spell is kept.
    """
    others = fold(other).split()

    def spell(match: re.Match) -> str:
        letters = match.group().replace("&", "").lower()
        if letters in ABBREVIATIONS:
            return match.group()
        run = _spelled_run(letters, others)
        return " ".join(run) if run else match.group()

    return fold(ACRONYM.sub(spell, name or ""))


def _spelled_run(letters: str, words: list[str]) -> list[str]:
    """Return the first run of words whose initials (skipping small words) spell letters."""
    for start, word in enumerate(words):
        if word in ACRONYM_SKIP or word[0] != letters[0]:
            continue
        taken, position = [], 0
        for candidate in words[start:]:
            if candidate in ACRONYM_SKIP and position:
                taken.append(candidate)
                continue
            if position < len(letters) and candidate[0] == letters[position]:
                taken.append(candidate)
                position += 1
                if position == len(letters):
                    return taken
            else:
                break
    return []


def spelled_out_pair(a: str, b: str) -> tuple[str, str]:
    """Return both names with the acronyms of each spelled out from the other."""
    return expand_acronyms(a, b), expand_acronyms(b, a)


def one_team_within_another(a: frozenset[str], b: frozenset[str]) -> bool:
    """Return whether one name's distinctive words all sit within the other's (a station and
    the same station's community safety team)."""
    return bool(a) and bool(b) and (a <= b or b <= a)


def unmatched_words(a: frozenset[str], b: frozenset[str]) -> tuple[set[str], set[str]]:
    """Return the words of each name that the other lacks (a near-identical word, a typo, counts
    as present)."""
    rest_a, rest_b = set(a - b), set(b - a)
    for word in list(rest_a):
        close = next(
            (w for w in rest_b if len(w) > 4 and SequenceMatcher(None, word, w).ratio() >= 0.85),
            None,
        )
        if close:
            rest_a.discard(word)
            rest_b.discard(close)
    return rest_a, rest_b


def differ_on_both_sides(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two names each with a word the other lacks ("Housing Options", "Housing Allocations"):
    two teams of one organisation, however many organisation words they share."""
    rest_a, rest_b = unmatched_words(a, b)
    return bool(rest_a) and bool(rest_b)


def normalise_email(value: str) -> str:
    """Return an email address compared without case or any spaces."""
    return "".join((value or "").split()).casefold()


def is_valid_email(value: str) -> bool:
    """Return whether a normalised address looks deliverable (one @, a dot in the domain)."""
    return bool(EMAIL_RE.match(value or "")) and ".." not in value and len(value) <= 254


def suggest_email(value: str) -> str:
    """Return a likely correction of a malformed address ("a at b.org" → "a@b.org"), or ""."""
    text = (value or "").strip().casefold()
    for wrong in (" at ", "(at)", "[at]", " @ "):
        if wrong in text:
            candidate = normalise_email(text.replace(wrong, "@"))
            if is_valid_email(candidate):
                return candidate
    candidate = normalise_email(text).replace(",", ".").rstrip(".")
    if candidate != normalise_email(text) and is_valid_email(candidate):
        return candidate
    return ""


def normalise_name(value: str) -> str:
    """Return a person's name folded for comparison ("O’Brien" equals "obrien")."""
    return fold(value)
