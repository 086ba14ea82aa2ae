"""Reading what people type (pure): phrases with synonyms, stop words, and ranking."""

from joinedup.directory.query import Concept, Meaning, Query, rank, stem, understand
from joinedup.directory.synonyms import DEFAULT_SYNONYMS, normalise, split_meanings

SYNONYMS = [
    ("DV", ["domestic violence", "domestic abuse"]),
    ("rough sleeping", ["sleeping rough", "street outreach"]),
    ("eviction", ["homelessness", "losing their home"]),
    ("out of school", ["exclusion"]),
]


def labels(query: Query) -> list[str]:
    return [c.label for c in query.concepts]


def test_understand_leaves_out_stop_words():
    assert labels(understand("family facing eviction", SYNONYMS)) == ["family", "eviction"]


def test_understand_expands_an_abbreviation_in_any_case():
    (concept,) = understand("dv", SYNONYMS).concepts
    assert concept.meanings == (
        Meaning(("dv",), True),
        Meaning(("domestic", "violence"), False),
        Meaning(("domestic", "abuse"), False),
    )
    assert concept.synonyms == ("domestic violence", "domestic abuse")


def test_understand_reads_a_phrase_before_its_words():
    query = understand("Rough sleeping near the station", SYNONYMS)
    assert labels(query) == ["rough sleeping", "near", "station"]
    assert query.concepts[0].weight == 2.0
    assert query.concepts[1].weight == 1.0


def test_understand_reads_a_phrase_in_another_form():
    assert labels(understand("evictions", SYNONYMS)) == ["evictions"]
    assert understand("evictions", SYNONYMS).concepts[0].synonyms == (
        "homelessness",
        "losing their home",
    )


def test_understand_keeps_a_phrase_made_of_stop_words_and_a_word():
    (child, school) = understand("child out of school", SYNONYMS).concepts
    assert (child.label, school.label) == ("child", "out of school")
    assert school.meanings == (Meaning(("school",), True), Meaning(("exclusion",), False))


def test_understand_with_only_stop_words_has_no_concepts():
    assert understand("who can help with this", SYNONYMS).concepts == ()


def test_understand_drops_a_repeated_word():
    assert labels(understand("housing housing", SYNONYMS)) == ["housing"]


def test_stem_folds_common_endings():
    assert [stem(w) for w in ["evictions", "evicted", "eviction", "families", "family"]] == [
        "evict",
        "evict",
        "evict",
        "famil",
        "famil",
    ]


def test_rank_puts_services_matching_more_concepts_first():
    query = understand("family facing eviction", SYNONYMS)
    rows = [
        ("a", "Family Support", "Key workers for families."),
        ("b", "Tenancy Team", "Visits tenants at risk of eviction."),
        ("c", "Family Housing", "Families facing eviction."),
        ("d", "Library", "Books."),
    ]
    assert rank(query, rows) == ["c", "b", "a", "d"]


def test_rank_scores_the_typed_words_above_a_synonym():
    query = understand("eviction", SYNONYMS)
    rows = [
        ("a", "Housing Options", "Advice on homelessness."),
        ("b", "Tenancy Team", "Help when facing eviction."),
    ]
    assert rank(query, rows) == ["b", "a"]


def test_rank_needs_every_word_of_a_meaning():
    query = Query(
        (Concept("dv", (Meaning(("domestic", "abuse"), False),), 2.0, ("domestic abuse",)),)
    )
    rows = [("a", "Domestic repairs", "Boilers."), ("b", "Refuge", "Escaping domestic abuse.")]
    assert rank(query, rows) == ["b", "a"]


def test_default_synonyms_have_one_entry_per_phrase():
    keys = [normalise(phrase) for phrase, _ in DEFAULT_SYNONYMS]
    assert len(keys) == len(set(keys))
    assert {"dv", "camhs", "county lines", "eviction", "rough sleeping", "yot", "mash"} <= set(keys)


def test_split_meanings_reads_lines_and_commas_once():
    assert split_meanings("domestic abuse, DV\n\n domestic  violence ;Domestic abuse") == [
        "domestic abuse",
        "DV",
        "domestic violence",
    ]
