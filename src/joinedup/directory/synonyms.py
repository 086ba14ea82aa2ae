"""The words people use for needs and services, seeded for every place (pure: no Django).

Each entry is a phrase people type (an abbreviation such as "DV", or everyday words such as
"rough sleeping") and what it means in the words services use to describe themselves. Search
looks for the phrase or any meaning (joinedup.directory.query). A place's convenors edit its
own copy on the directory's "Words people search for" page; this list is only the start.
"""

import re

SEPARATOR = re.compile(r"[,;\n]+")
SPACES = re.compile(r"\s+")

# (phrase, meanings): UK public services' abbreviations and everyday words for needs
DEFAULT_SYNONYMS: list[tuple[str, list[str]]] = [
    ("DV", ["domestic violence", "domestic abuse"]),
    ("DA", ["domestic abuse", "domestic violence"]),
    ("domestic violence", ["domestic abuse"]),
    ("domestic abuse", ["domestic violence"]),
    ("IDVA", ["independent domestic violence adviser", "domestic abuse advocacy"]),
    ("MARAC", ["multi-agency risk assessment conference", "high-risk domestic abuse"]),
    ("stalking", ["harassment", "domestic abuse"]),
    ("honour based abuse", ["honour based violence", "forced marriage"]),
    ("FGM", ["female genital mutilation"]),
    ("ISVA", ["independent sexual violence adviser", "sexual violence"]),
    ("CAMHS", ["child and adolescent mental health"]),
    ("CMHT", ["community mental health team"]),
    ("AMHP", ["approved mental health professional"]),
    ("mental health crisis", ["crisis", "home treatment"]),
    ("self harm", ["self-harm", "mental health"]),
    ("suicidal", ["mental health crisis", "suicide"]),
    ("county lines", ["criminal exploitation", "exploitation", "drug dealing"]),
    ("exploitation", ["exploited", "county lines", "grooming", "trafficking"]),
    ("CSE", ["child sexual exploitation", "sexual exploitation"]),
    ("CCE", ["child criminal exploitation", "criminal exploitation", "county lines"]),
    ("gangs", ["gang", "serious violence", "county lines", "knife crime"]),
    ("knife crime", ["serious violence", "gangs", "knife"]),
    ("modern slavery", ["trafficking", "human trafficking", "forced labour"]),
    ("MSHT", ["modern slavery", "human trafficking"]),
    ("NRM", ["national referral mechanism", "modern slavery"]),
    ("Prevent", ["radicalisation", "extremism"]),
    ("radicalisation", ["Prevent", "extremism"]),
    ("eviction", ["homelessness", "homeless", "housing", "tenancy", "losing their home"]),
    ("evicted", ["homelessness", "homeless", "housing", "tenancy", "losing their home"]),
    ("rent arrears", ["arrears", "debt", "eviction", "tenancy"]),
    ("homeless", ["homelessness", "housing options", "rough sleeping", "emergency accommodation"]),
    ("homelessness", ["homeless", "housing options", "emergency accommodation"]),
    ("rough sleeping", ["sleeping rough", "street outreach", "homeless", "homelessness"]),
    ("rough sleeper", ["sleeping rough", "rough sleeping", "street outreach", "homeless"]),
    ("street homeless", ["sleeping rough", "rough sleeping", "street outreach"]),
    ("temporary accommodation", ["emergency accommodation", "homelessness"]),
    ("YOT", ["youth offending", "youth justice"]),
    ("YOS", ["youth offending service", "youth justice"]),
    ("youth offending", ["youth justice", "YOT"]),
    ("MASH", ["multi-agency safeguarding hub", "children's front door"]),
    ("CP", ["child protection"]),
    ("CIN", ["child in need", "children in need"]),
    ("EDT", ["emergency duty team", "out of hours"]),
    ("LADO", ["local authority designated officer"]),
    ("DSL", ["designated safeguarding lead"]),
    ("LAC", ["looked after children", "children in care", "care leavers"]),
    ("CLA", ["children looked after", "children in care"]),
    ("care leaver", ["leaving care", "care leavers", "personal adviser"]),
    ("young person", ["young people", "youth", "adolescent", "teenager"]),
    ("young people", ["young person", "youth", "adolescent", "teenagers"]),
    ("teenager", ["young people", "youth", "adolescent"]),
    ("ASB", ["anti-social behaviour", "antisocial behaviour"]),
    ("anti-social behaviour", ["ASB", "antisocial behaviour", "nuisance"]),
    ("ASC", ["adult social care"]),
    ("safeguarding adult", ["adult safeguarding", "safeguarding adults"]),
    ("SEND", ["special educational needs", "disabilities", "SEN", "EHCP"]),
    ("SEN", ["special educational needs"]),
    ("EHCP", ["education health and care plan", "special educational needs"]),
    ("NEET", ["not in education employment or training", "employment", "training"]),
    ("PRU", ["pupil referral unit", "alternative provision"]),
    ("excluded", ["exclusion", "alternative provision", "inclusion"]),
    ("exclusion", ["excluded", "alternative provision", "inclusion"]),
    (
        "out of school",
        ["exclusion", "children missing education", "attendance", "alternative provision"],
    ),
    ("truancy", ["attendance", "children missing education"]),
    ("CME", ["children missing education"]),
    ("substance misuse", ["drug", "alcohol", "addiction"]),
    ("drugs", ["substance misuse", "drug and alcohol"]),
    ("alcohol", ["substance misuse", "drug and alcohol"]),
    ("addiction", ["substance misuse", "drug", "alcohol"]),
    ("hoarding", ["hoard", "fire risk", "clutter"]),
    ("UC", ["Universal Credit"]),
    ("DWP", ["Department for Work and Pensions", "Jobcentre"]),
    ("JCP", ["Jobcentre Plus"]),
    ("unemployed", ["unemployment", "work coach", "jobcentre", "employment"]),
    ("NRPF", ["no recourse to public funds", "immigration status"]),
    ("asylum", ["asylum seeker", "immigration", "refugee"]),
    ("IOM", ["integrated offender management"]),
    ("MAPPA", ["multi-agency public protection arrangements"]),
]


def normalise(phrase: str) -> str:
    """The phrase as a key: lower case, one space between words, no outer punctuation."""
    return SPACES.sub(" ", re.sub(r"[^\w'\-]+", " ", (phrase or "").lower())).strip(" '-")


def split_meanings(text: str) -> list[str]:
    """The meanings written in a box, one to a line or separated by commas, in order, once."""
    seen: dict[str, None] = {}
    for part in SEPARATOR.split(text or ""):
        meaning = SPACES.sub(" ", part).strip()
        if meaning and meaning.lower() not in {m.lower() for m in seen}:
            seen[meaning] = None
    return list(seen)
