"""Detector for people's names, from shipped name lists read in context."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from joinedup.casestudies.anonymise.finding import Finding

DATA = Path(__file__).resolve().parent.parent / "data"


def _load(filename: str) -> frozenset[str]:
    """Read a one-name-per-line list into a set of lower-case names."""
    lines = (DATA / filename).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def _words(text: str) -> frozenset[str]:
    """Split a whitespace-separated word list into a set."""
    return frozenset(text.split())


# Given names that are also ordinary words, months or places: flagged only with strong context.
AMBIGUOUS = _words(
    """will may mark bill grace hope faith rose amber joy ivy lily holly hazel heather daisy poppy
    jade ruby violet willow iris skye angel precious blessing mercy nova luna aurora jack max
    said can van jan jun ion tao bao hung ping lan man li yu yi mai min ming wen lei yan yang
    ling ting shan hui kay lee kim jordan chelsea florence georgia victoria devon kerry austin
    israel milan harley mason bailey carter hunter tyler parker archer harlow tate dean dale
    glen rowan cameron nana june april august summer autumn dawn penny chase christian sky
    reggie sunny frank pat sue patience harmony
    india jersey paris sydney lincoln eden justice unity hosanna hazel nala mabel"""
)
GIVEN = _load("given_names.txt") | AMBIGUOUS
SURNAMES = _load("surnames.txt")
# Surnames that are also everyday or place words; after an unknown word they prove nothing.
WORD_SURNAMES = _words(
    """day may law best little long short small young black white brown green grey gray rose
    hope page bell lord king bishop baker cook hall hill park wood lane field cross church ward
    marsh moss stone swift sharp noble north west frost winter power hunt price fox lamb bird
    finch drake crane cotton cherry berry birch bush mann man ma lo do ho le li yu ng rich gold
    savage banks reed read ford brook brooks heath fields waters street gates house tower rice
    law child grant bond chance summers holiday early said kind case care"""
)
# Words that make a preceding name part of a place or organisation ("Hope Street").
PLACE_WORDS = _words(
    """road rd street st avenue ave lane close gardens way drive crescent court place grove
    terrace hill park square mews row walk rise green station line hospital school academy
    college surgery centre center clinic house trust foundation project service services team
    unit ward council church chapel mosque temple gurdwara hall library estate tower club group
    appeal fund alert warning camp aid pad bridge cross heath wood field fields common market
    programme partnership hub plan order day week month term period holidays holiday lodge
    point parade memorial airport prison primary junior infant nursery university campus
    gallery museum theatre stadium bank village town city borough county district ward
    award act fire"""
)
# Words that make a capitalised pair an organisation or thing rather than a person.
ORGANISATION_WORDS = _words(
    """office department ministry agency authority service board panel partnership police
    credit benefit payment allowance order plan scheme programme court tribunal commission
    prosecution probation health care social housing education justice offending team unit
    centre network forum alliance association society union charity ltd limited plc cic
    news online street road"""
)
# Capitalised words that start sentences or clauses and are never the first half of a name.
COMMON_CAPITALISED = _words(
    """the a an in on at when while her his their she he they we it this that these those mum
    dad nan after before by from for with nobody police staff officers if but and or so then
    there here what who why how where which mr mrs ms miss dr as of to is was has had
    did does do not no yes all some any every each both many most our your my its one two
    three four five six seven eight nine ten first last next since until during between
    social public private national local young black white british asian african irish
    english scottish welsh polish romanian early late children child family families
    personal special domestic youth mental child"""
)
BLOCKING_PREFIXES = _words("st saint king queen prince princess port fort mount lake cape")
APOSTROPHES = "'\u2019"
TITLE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|PC|PCSO|DC|DS|DI|Sgt|Cllr|Sir|Dame"
    r"|Uncle|Aunt|Auntie|Aunty|Nan|Nanny|Grandma|Grandad|Granny|Sergeant|Inspector|Constable"
    r"|Detective|Councillor|Rev|Reverend|Pastor|Imam)\.?[ \t]+"
    rf"(?=[A-Z][A-Za-z{APOSTROPHES}]*[a-z])"
)
TOKEN = re.compile(rf"[A-Z][A-Za-z{APOSTROPHES}]*[a-z](?:-[A-Z][A-Za-z{APOSTROPHES}]*[a-z])*")
POSSESSIVE = re.compile(rf"[{APOSTROPHES}]s$")
SPEECH_OR_ACTION = _words(
    """said says told tells asked asks explained explains disclosed discloses reported reports
    wanted wants felt feels thought thinks cried refused refuses agreed agrees admitted denied
    replied shouted whispered went goes ran runs came comes left leaves moved moves lived lives
    stayed stays started starts stopped stops missed attended attends joined began became
    tried tries decided needed needs loved loves hated hates liked likes knew knows spent
    spends got gets took takes turned turns arrived returned ran"""
)
AUXILIARY = _words("was is has had")
PARTICIPLES = _words(
    """taken seen given born found known sent beaten hit bitten kept caught put made brought
    driven told left shown spoken thrown"""
)
OBJECT_CONTEXT = re.compile(
    r"(?:\b(?:called|named|nicknamed|known\s+as|asked|told|helped|visited|saw|met|phoned|rang"
    r"|contacted|referred|collected|interviewed|(?:spoke|talked|listened|wrote|explained|said)"
    r"\s+to)|\b(?:mum|dad|mother|father|brother|sister|aunt|uncle|nan|grandmother|grandfather"
    r"|cousin|friend|boyfriend|girlfriend|partner|son|daughter)\s+and"
    r"|\b(?:mum|dad|mother|father|brother|sister|aunt|uncle|cousin|friend|boyfriend|girlfriend"
    r"|partner|husband|wife|son|daughter|stepfather|stepmother|carer|worker|officer),?)\s+$",
    re.IGNORECASE,
)
AND_PERSON_AFTER = re.compile(r"^(?:\s+and|,)\s+(?:his|her|their|my)\b", re.IGNORECASE)
# An age straight after a word: "Jade (16)", "Tyler, 14,", "Zofia (aged 12)", "Mia, 6."
_AGE = r"(?:aged[ \t]+)?\d{1,2}(?:[ \t]*(?:months?|weeks?|years?|yrs?)(?:[ \t]+old)?)?"
AGE_AFTER = re.compile(
    rf"(?:[ \t]*\([ \t]*{_AGE}[ \t]*[),]"
    rf"|,[ \t]*{_AGE}(?=[ \t]*(?:,|\)|\.|;|\band\b|$)))"
)
CALENDAR_WORDS = _words(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday year years age ages aged
    chapter section page room flat unit floor level stage step round table term week month"""
)
# What a child calls a parent or carer is not a nickname that identifies anyone.
KINSHIP_NAMES = _words(
    """mum mummy mam mom mommy ma dad daddy da pa papa mama nan nana nanny gran granny grandma
    grandad granddad grandpa uncle auntie aunty aunt bro sis babe baby sir miss"""
)
_NICK_NAME = rf"[A-Z][A-Za-z{APOSTROPHES}-]*[a-z]"
# What the people around someone call them: "known as Smudge", "nicknamed her Dee", "goes by
# Bex", "called him 'Tiny'", "his street name was Ghost", "(Pops to the family)".
NICKNAME = re.compile(
    r"(?i:\b(?:known[ \t]+(?:to[ \t]+[\w \t]{1,30}?[ \t]+)?as"
    r"|nicknamed(?:[ \t]+(?:him|her|them|me))?"
    r"|(?:nick|street)[ \t]*name[ \t]+(?:is|was)|goes[ \t]+by|went[ \t]+by"
    r"|call(?:ed|s)?[ \t]+(?:him|her|them|me))[ \t]+)"
    rf"['\"\u2018\u201c]?(?P<name>{_NICK_NAME}(?:[ \t]+{_NICK_NAME})?)"
    rf"|\((?P<family>{_NICK_NAME})[ \t]+to[ \t]+(?:the[ \t]+)?"
    r"(?:family|everyone|friends|kids|children|his[ \t]+friends|her[ \t]+friends)\)"
)


@dataclass(frozen=True)
class _Token:
    """One capitalised word, without any possessive ending."""

    start: int
    end: int
    word: str
    possessive: bool


def _tokens(text: str) -> list[_Token]:
    """Split text into capitalised tokens, noting and stripping a possessive 's."""
    tokens = []
    for match in TOKEN.finditer(text):
        raw = match.group()
        possessive = bool(POSSESSIVE.search(raw))
        end = match.end() - 2 if possessive else match.end()
        tokens.append(_Token(match.start(), end, text[match.start() : end].lower(), possessive))
    return tokens


def _next_words(text: str, position: int, count: int = 2) -> list[str]:
    """Return the next few lower-case words after position (empty if punctuation intervenes)."""
    match = re.match(rf"[ \t]+((?:[A-Za-z{APOSTROPHES}]+[ \t]*){{1,{count}}})", text[position:])
    return match.group(1).lower().split() if match else []


def _adjacent(text: str, left: _Token, right: _Token) -> bool:
    """Return True when two tokens are separated by plain spaces only."""
    gap = text[left.end : right.start]
    return not left.possessive and 0 < len(gap) <= 2 and gap.strip() == ""


def _strong_context(text: str, token: _Token, named_before: list[tuple[int, int]]) -> bool:
    """Return True when the words around a lone ambiguous name show it refers to a person."""
    if token.possessive:
        return True
    before = text[max(0, token.start - 40) : token.start]
    if OBJECT_CONTEXT.search(before):
        return True
    if re.search(r"\band\s+$", before) and any(0 < token.start - e < 8 for _, e in named_before):
        return True
    if AND_PERSON_AFTER.match(text[token.end :]):
        return True
    if AGE_AFTER.match(text, token.end):
        return True
    after = _next_words(text, token.end, 3)
    if not after:
        return False
    if after[0] in SPEECH_OR_ACTION:
        return True
    if after[0] in AUXILIARY and len(after) > 1:
        verb = after[2] if after[1] == "been" and len(after) > 2 else after[1]
        if verb.endswith("ed") or verb in PARTICIPLES:
            return True
    return False


def _unknown_pair_acts_like_person(text: str, token: _Token, following: list[_Token]) -> bool:
    """Return True for exactly two unlisted capitalised words followed by a person's verb or age."""
    if len(following) != 1 or token.possessive:
        return False
    words = (token.word, following[0].word)
    if any(w in COMMON_CAPITALISED or w in PLACE_WORDS or w in ORGANISATION_WORDS for w in words):
        return False
    if following[0].possessive:
        return True
    after = _next_words(text, following[0].end, 2)
    if after and after[0] in SPEECH_OR_ACTION:
        return True
    return bool(
        re.match(r"[ \t]+(?:was|is)[ \t]+(?:aged[ \t]+)?\d{1,2}\b", text[following[0].end :])
    )


def _finding(text: str, start: int, end: int, explanation: str) -> Finding:
    """Build a name finding; its numbered suggestion is filled in by the scan."""
    return Finding("name", start, end, text[start:end], explanation, "[NAME]")


def _titled_names(text: str, tokens: list[_Token]) -> Iterator[tuple[int, int, int, int]]:
    """Yield (start, end, first token, last token) for a title or kinship word before a name."""
    by_start = {token.start: index for index, token in enumerate(tokens)}
    for match in TITLE.finditer(text):
        index = by_start.get(match.end())
        if index is None:
            continue
        last = index
        while (
            last + 1 < len(tokens)
            and last - index < 2
            and _adjacent(text, tokens[last], tokens[last + 1])
            and tokens[last + 1].word not in PLACE_WORDS
        ):
            last += 1
        yield match.start(), tokens[last].end, index, last


def _following(text: str, tokens: list[_Token], index: int) -> list[_Token]:
    """Return up to two capitalised tokens that directly follow tokens[index]."""
    following: list[_Token] = []
    cursor = index
    while (
        cursor + 1 < len(tokens)
        and len(following) < 2
        and _adjacent(text, tokens[cursor], tokens[cursor + 1])
    ):
        cursor += 1
        following.append(tokens[cursor])
    return following


def _name_from(
    text: str, token: _Token, following: list[_Token], named: list[tuple[int, int]]
) -> tuple[int, str] | None:
    """Return (how many tokens, explanation) when a name starts at token, else None."""
    word = token.word
    first_next = following[0] if following else None
    if word in GIVEN and first_next is not None and first_next.word not in COMMON_CAPITALISED:
        ambiguous = word in AMBIGUOUS
        after = first_next.word
        if after in PLACE_WORDS and (ambiguous or after not in SURNAMES):
            return None  # "Hope Street", "Victoria Station", "Mary Hospital"
        if not ambiguous or after in SURNAMES:
            count = 2
            if len(following) > 1 and not first_next.possessive:
                third = following[1].word
                if third in SURNAMES or (third in GIVEN and third not in AMBIGUOUS):
                    count = 3
            return count, "Looks like a person's full name"
    if word in GIVEN:
        if word not in AMBIGUOUS or _strong_context(text, token, named):
            return 1, "Looks like a person's first name"
        return None
    if (
        not following
        and not token.possessive
        and word not in COMMON_CAPITALISED
        and word not in PLACE_WORDS
        and word not in ORGANISATION_WORDS
        and word not in CALENDAR_WORDS
        and AGE_AFTER.match(text, token.end)
    ):
        return 1, "A name beside an age"
    if _unknown_pair_acts_like_person(text, token, following):
        return 2, "Two names followed by what a person does"
    if (
        first_next is not None
        and word not in COMMON_CAPITALISED
        and word not in PLACE_WORDS
        and first_next.word in SURNAMES
        and first_next.word not in WORD_SURNAMES
        and first_next.word not in PLACE_WORDS
    ):
        return 2, "Looks like a person's full name"
    return None


def _ordinary(word: str) -> bool:
    return (
        word in COMMON_CAPITALISED
        or word in PLACE_WORDS
        or word in ORGANISATION_WORDS
        or word in CALENDAR_WORDS
    )


def _nicknames(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of nicknames introduced by what people call someone."""
    for match in NICKNAME.finditer(text):
        group = "name" if match.group("name") else "family"
        start, end = match.span(group)
        words = match.group(group).split()
        if _ordinary(words[0].lower()) or words[0].lower() in KINSHIP_NAMES:
            continue  # "known as Early Help", "called him Daddy"
        if len(words) > 1:
            if _ordinary(words[1].lower()):
                continue  # "known as Cedar House": a place, not a person
            if (
                words[1].lower() not in GIVEN
                and words[1].lower() not in SURNAMES
                and len(words[1]) > 3
            ):
                end = start + len(words[0])
        yield start, end


def find_names(text: str, *, allow_spans: Sequence[tuple[int, int]] = ()) -> Iterator[Finding]:
    """Yield people's names: titled, given name plus surname, lone given names in context."""
    tokens = _tokens(text)
    taken: set[int] = set()
    named: list[tuple[int, int]] = list(allow_spans)
    by_start = {token.start: index for index, token in enumerate(tokens)}
    for start, end in _nicknames(text):
        first = by_start.get(start)
        if first is None or first in taken:
            continue
        indices = [i for i, t in enumerate(tokens) if start <= t.start and t.end <= end]
        taken.update(indices)
        named.append((start, end))
        yield _finding(
            text, start, end, "Looks like a nickname, which identifies as well as a name"
        )
    for start, end, first, last in _titled_names(text, tokens):
        taken.update(range(first, last + 1))
        named.append((start, end))
        yield _finding(text, start, end, "A title followed by a name")
    for index, token in enumerate(tokens):
        if index in taken:
            continue
        previous = tokens[index - 1] if index else None
        if previous and _adjacent(text, previous, token) and previous.word in BLOCKING_PREFIXES:
            continue  # "St John Ambulance", "King George Hospital"
        if re.search(r"\b(?:St|Saint)\.?\s+$", text[max(0, token.start - 7) : token.start]):
            continue
        following = _following(text, tokens, index)
        found = _name_from(text, token, following, named)
        if found is None:
            continue
        count, explanation = found
        end = (following[count - 2] if count > 1 else token).end
        taken.update(range(index, index + count))
        named.append((token.start, end))
        yield _finding(text, token.start, end, explanation)


def name_key(finding_text: str) -> tuple[str, ...]:
    """Return the words of a name without title or possessive, for consistent numbering."""
    stripped = TITLE.sub("", finding_text)
    return tuple(word.lower() for word in TOKEN.findall(stripped)) or (stripped.lower(),)
