"""Understanding what people type into a search (pure: no Django, no database).

"family facing eviction" becomes concepts: `family` and `eviction`, the second with the
place's synonyms (homelessness, housing, tenancy...); "facing" is a stop word. A service
matches a concept when it holds the typed words or every word of one meaning. Search asks
the database for services matching any concept and ranks them here (rank()): those
matching the most concepts first (concepts the place has synonyms for count double: they
name the need, the other words describe the person), then by a BM25-like score of the words
in the name (weight 10) and the rest (weight 1).

The database stems its own index (FTS5 porter, PostgreSQL 'english'); this module stems
roughly (stem()) only to find phrases and to count words in the text it ranks.
"""

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+", re.UNICODE)
NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
MAX_WORDS = 12  # typed words read; more are ignored
MAX_MEANINGS = 8  # alternatives per concept, typed words included
KNOWN_WEIGHT = 2.0  # a concept the place has synonyms for
PLAIN_WEIGHT = 1.0
MEANING_FACTOR = 0.5  # a synonym scores below the words typed

# PostgreSQL's 'english' stop words (Snowball), so that both databases see the same words,
# and the filler of everyday searches ("facing", "help with", "someone who needs").
_STOP_TEXT = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now
    facing face faces faced experiencing experience affected suffering struggling
    help helping helps need needs needing needed someone somebody anyone get getting
    looking find finding want wants service services support supporting please urgent urgently
    """
STOP_WORDS = frozenset(_STOP_TEXT.split())

SUFFIXES = (
    "ations",
    "ation",
    "nesses",
    "ness",
    "ments",
    "ment",
    "ings",
    "ing",
    "ions",
    "ion",
    "ies",
    "ers",
    "er",
    "ed",
    "es",
    "s",
    "e",
    "y",
)


def stem(word: str) -> str:
    """A rough stem ("evictions" → "evict", "families" → "famil"): enough to find a phrase
    and count a word's forms, never sent to a database."""
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def words_of(text: str) -> list[str]:
    """The words of a text, lower case, letters and digits only."""
    return WORD.findall((text or "").lower())


@dataclass(frozen=True)
class Meaning:
    """One way a concept can be written: every word must be there."""

    words: tuple[str, ...]
    typed: bool  # the words the person typed, rather than a synonym


@dataclass(frozen=True)
class Concept:
    """One thing the person asked for, and the ways a service may say it."""

    label: str
    meanings: tuple[Meaning, ...]
    weight: float
    synonyms: tuple[str, ...] = ()  # the place's meanings, as written, for the page


@dataclass(frozen=True)
class Query:
    """What a search asks for."""

    concepts: tuple[Concept, ...]

    def words(self) -> list[str]:
        """Every word of every meaning, once, in order."""
        return list(dict.fromkeys(w for c in self.concepts for m in c.meanings for w in m.words))

    def expansions(self) -> list[tuple[str, tuple[str, ...]]]:
        """(what was typed, what else it was searched as) for concepts with synonyms."""
        return [(c.label, c.synonyms) for c in self.concepts if c.synonyms]


def _meaning(text: str, typed: bool) -> Meaning | None:
    words = tuple(dict.fromkeys(w for w in words_of(text) if w not in STOP_WORDS))
    return Meaning(words, typed) if words else None


def understand(text: str, synonyms: Iterable[tuple[str, Iterable[str]]] = ()) -> Query:
    """Read a search: phrases the place has synonyms for (longest first, in any of their
    forms), then each other word that is not a stop word."""
    known: dict[tuple[str, ...], tuple[str, list[str]]] = {}
    for phrase, meanings in synonyms:
        key = tuple(stem(w) for w in words_of(phrase))
        if key and key not in known:
            known[key] = (phrase, list(meanings))
    longest = max((len(k) for k in known), default=0)
    typed = words_of(text)[:MAX_WORDS]
    stems = [stem(w) for w in typed]
    concepts: list[Concept] = []
    seen: set = set()
    i = 0
    while i < len(typed):
        for length in range(min(longest, len(typed) - i), 0, -1):
            entry = known.get(tuple(stems[i : i + length]))
            if entry is None:
                continue
            phrase_words = " ".join(typed[i : i + length])
            options = [_meaning(phrase_words, True), *(_meaning(m, False) for m in entry[1])]
            meanings = _unique(tuple(m for m in options if m is not None))[:MAX_MEANINGS]
            if meanings and meanings not in seen:
                seen.add(meanings)
                concepts.append(Concept(phrase_words, meanings, KNOWN_WEIGHT, tuple(entry[1])))
            i += length
            break
        else:
            word = typed[i]
            i += 1
            if word in STOP_WORDS:
                continue
            meanings = (Meaning((word,), True),)
            if meanings not in seen:
                seen.add(meanings)
                concepts.append(Concept(word, meanings, PLAIN_WEIGHT))
    return Query(tuple(concepts))


def _unique(meanings: tuple[Meaning, ...]) -> tuple[Meaning, ...]:
    """Meanings whose stems differ (the typed "evicted" and the synonym "eviction" are one)."""
    found: dict[tuple[str, ...], Meaning] = {}
    for meaning in meanings:
        found.setdefault(tuple(sorted(stem(w) for w in meaning.words)), meaning)
    return tuple(found.values())


# ASCII punctuation and white space as spaces: str.translate is ten times a regex's speed,
# and ranking reads every matched body
_SPACES = str.maketrans(dict.fromkeys(string.punctuation + "\t\n\r\x0c\x0b", " "))


def _plain(text: str) -> str:
    return " " + (text or "").lower().translate(_SPACES) + " "


def rank(query: Query, rows: list[tuple], needed: int | None = None) -> list:
    """Order (id, name, body) rows best first: the weight of the concepts each matches,
    then BM25's saturation and length normalisation over the name (weight 10) and body
    (weight 1), without IDF; ties by name. A word counts where a token starts with its
    rough stem. With `needed`, only the tiers (rows matching the same concepts) that reach
    into the first `needed` rows are scored; later tiers go by name (they are not shown)."""
    texts = [(_plain(name), _plain(body)) for _, name, body in rows]
    average = [max(1.0, sum(len(t[i]) for t in texts) / max(1, len(texts))) for i in (0, 1)]
    prefixes = {w: " " + stem(w) for w in query.words()}
    tiers: dict[float, list] = {}
    for row, (name_text, body_text) in zip(rows, texts, strict=True):
        present = {w for w, p in prefixes.items() if p in name_text or p in body_text}
        coverage = 0.0
        matched = []
        for concept in query.concepts:
            meanings = [m for m in concept.meanings if all(w in present for w in m.words)]
            if meanings:
                coverage += concept.weight
                matched.append((concept.weight, meanings))
        tiers.setdefault(coverage, []).append((row, name_text, body_text, matched))
    k1, b = 1.2, 0.75
    ordered: list = []
    for coverage in sorted(tiers, reverse=True):
        tier = tiers[coverage]
        if needed is not None and len(ordered) >= needed:
            tier.sort(key=lambda t: (t[0][1], str(t[0][0])))
            ordered.extend(t[0][0] for t in tier)
            continue
        scored = []
        for (sid, name, _), name_text, body_text, matched in tier:
            norm_name = k1 * (1 - b + b * len(name_text) / average[0])
            norm_body = k1 * (1 - b + b * len(body_text) / average[1])
            weights: dict = {}
            score = 0.0
            for weight, meanings in matched:
                best = 0.0
                for m in meanings:
                    total = 0.0
                    for w in m.words:
                        if w not in weights:
                            prefix = prefixes[w]
                            tf_n, tf_b = name_text.count(prefix), body_text.count(prefix)
                            weights[w] = 10.0 * tf_n * (k1 + 1) / (tf_n + norm_name) + (
                                tf_b * (k1 + 1) / (tf_b + norm_body)
                            )
                        total += weights[w]
                    best = max(best, total / len(m.words) * (1.0 if m.typed else MEANING_FACTOR))
                score += weight * best
            scored.append((-score, name, str(sid), sid))
        scored.sort()
        ordered.extend(t[-1] for t in scored)
    return ordered
