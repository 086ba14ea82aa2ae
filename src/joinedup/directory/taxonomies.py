# ruff: noqa: E501  (data tables read best one row to a line)
"""Our own taxonomies, shipped as data: the sectors a place expects, and the needs people have.

Ids are uuid5 of a fixed namespace and the code, so they are the same in every installation
and every export. `seed_taxonomies` is idempotent; migration 0002 runs it, and the demo and
tests call `ensure_taxonomies()` (a flush in a transactional test empties the tables).
"""

import uuid

from joinedup.directory.models import (
    CENTRAL,
    FRONTLINE,
    NEEDS_TAXONOMY,
    SECTORS_TAXONOMY,
    Taxonomy,
    TaxonomyTerm,
)

NAMESPACE = uuid.UUID("6f1c1b0e-3c51-4c59-9d43-6b1f0f7c2a10")

# code, name, description
TIERS = [
    (FRONTLINE, "Frontline services", "Teams that work with people in the place."),
    (CENTRAL, "Central government", "Strategy and policy teams of government departments."),
]

# code, name, tier, description
SECTORS = [
    ("housing", "Housing", FRONTLINE, "Housing options, homelessness prevention and tenancy support."),
    ("community-safety", "Community safety", FRONTLINE, "Anti-social behaviour, community safety partnership, wardens."),
    ("domestic-abuse", "Domestic violence unit", FRONTLINE, "Domestic abuse advocacy (IDVA), MARAC, refuges."),
    ("child-protection", "Child protection and MASH", FRONTLINE, "The multi-agency safeguarding hub and child protection."),
    ("early-help", "Early help", FRONTLINE, "Family support before problems need social care."),
    ("childrens-social-care", "Children's social care", FRONTLINE, "Assessment, children in need, looked-after children."),
    ("adult-social-care", "Adult social care", FRONTLINE, "Care assessments and adult safeguarding."),
    ("youth-offending", "Youth offending", FRONTLINE, "The youth offending team (youth justice service)."),
    ("schools", "Schools", FRONTLINE, "Schools, inclusion and attendance."),
    ("mental-health", "Mental health", FRONTLINE, "Community and crisis mental health services."),
    ("substance-misuse", "Substance misuse", FRONTLINE, "Drug and alcohol treatment and recovery."),
    ("fire", "Fire and rescue", FRONTLINE, "Home fire safety visits and prevention."),
    ("immigration-enforcement", "Immigration enforcement", FRONTLINE, "Immigration compliance and engagement."),
    ("police", "Police", FRONTLINE, "Neighbourhood policing, safeguarding and public protection."),
    ("jobcentre", "Jobcentre and DWP", FRONTLINE, "Work coaches, Universal Credit and benefits."),
    ("home-office", "Home Office", CENTRAL, "Crime, policing, immigration and violence reduction policy."),
    ("dhsc", "Department of Health and Social Care", CENTRAL, "Health, mental health and care policy."),
    ("dfe", "Department for Education", CENTRAL, "Schools, children's social care and early help policy."),
    ("mhclg", "Ministry of Housing, Communities and Local Government", CENTRAL, "Housing, homelessness and local government policy."),
    ("dwp", "Department for Work and Pensions", CENTRAL, "Employment and benefits policy."),
]  # fmt: skip

# code, name, description
NEEDS = [
    ("domestic-abuse", "Domestic abuse", "Someone is being harmed or controlled by a partner or family member."),
    ("homelessness", "Homelessness", "Someone has nowhere safe to stay, or is about to lose their home."),
    ("child-at-risk", "Child at risk", "A child may be suffering, or likely to suffer, significant harm."),
    ("mental-health-crisis", "Mental health crisis", "Someone is in urgent mental distress or at risk of suicide."),
    ("substance-misuse", "Substance misuse", "Drug or alcohol use is harming someone or their family."),
    ("youth-offending", "Youth offending and exploitation", "A young person is offending or being exploited (county lines, CSE)."),
    ("unemployment", "Unemployment and benefits", "Someone needs work, or help with Universal Credit or other benefits."),
    ("immigration-status", "Immigration status", "Someone's right to stay, work or claim support is unclear."),
    ("anti-social-behaviour", "Anti-social behaviour", "Behaviour causing harassment, alarm or distress to others."),
    ("school-exclusion", "School exclusion", "A child is excluded, at risk of exclusion or missing education."),
    ("adult-safeguarding", "Adult safeguarding", "An adult with care and support needs is at risk of abuse or neglect."),
    ("fire-risk", "Fire risk", "Hoarding, smoking or unsafe heating puts someone at risk of fire."),
    ("debt", "Debt and money", "Someone cannot pay rent, bills or debts."),
    ("modern-slavery", "Modern slavery and trafficking", "Someone is being forced to work or moved to be exploited."),
]  # fmt: skip


# The needs a team of each frontline sector usually takes, so that an imported team appears
# under "who can help with need X" before anyone edits it (the import preview lets the convenor
# change them). Central government sectors make policy; they take no needs.
SECTOR_NEEDS = {
    "housing": ["homelessness", "debt"],
    "community-safety": ["anti-social-behaviour"],
    "domestic-abuse": ["domestic-abuse"],
    "child-protection": ["child-at-risk"],
    "early-help": ["child-at-risk", "school-exclusion"],
    "childrens-social-care": ["child-at-risk"],
    "adult-social-care": ["adult-safeguarding"],
    "youth-offending": ["youth-offending"],
    "schools": ["school-exclusion"],
    "mental-health": ["mental-health-crisis"],
    "substance-misuse": ["substance-misuse"],
    "fire": ["fire-risk"],
    "immigration-enforcement": ["immigration-status", "modern-slavery"],
    "police": ["domestic-abuse", "anti-social-behaviour", "modern-slavery"],
    "jobcentre": ["unemployment", "debt"],
}


def stable_id(*parts: str) -> uuid.UUID:
    """Return the same UUID for the same parts in every installation."""
    return uuid.uuid5(NAMESPACE, ":".join(parts))


def _upsert(model, pk, fields: dict):
    """Create the row, or update it only when a field differs: saving an unchanged term
    would re-index every service tagged with it."""
    row = model.objects.filter(pk=pk).first()
    if row is None:
        return model.objects.create(pk=pk, **fields), True
    changed = [name for name, value in fields.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, fields[name])
        row.save(update_fields=changed)
    return row, False


def seed_taxonomies(Taxonomy, TaxonomyTerm) -> None:
    """Create or update the sectors and needs taxonomies and their terms; never duplicates."""
    sectors, _ = _upsert(
        Taxonomy,
        stable_id("taxonomy", SECTORS_TAXONOMY),
        {
            "key": SECTORS_TAXONOMY,
            "name": "Joinedup sectors",
            "description": "The sectors a place expects to find among its teams, frontline or central.",
            "version": "1",
        },
    )
    tiers = {}
    for code, name, description in TIERS:
        tiers[code], _ = _upsert(
            TaxonomyTerm,
            stable_id("sector-tier", code),
            {
                "taxonomy": sectors,
                "code": code,
                "name": name,
                "description": description,
                "parent": None,
                "taxonomy_name": sectors.name,
            },
        )
    for code, name, tier, description in SECTORS:
        _upsert(
            TaxonomyTerm,
            stable_id("sector", code),
            {
                "taxonomy": sectors,
                "code": code,
                "name": name,
                "description": description,
                "parent": tiers[tier],
                "taxonomy_name": sectors.name,
            },
        )
    needs, _ = _upsert(
        Taxonomy,
        stable_id("taxonomy", NEEDS_TAXONOMY),
        {
            "key": NEEDS_TAXONOMY,
            "name": "Joinedup needs",
            "description": "What a person needs help with; services are tagged with the needs they meet.",
            "version": "1",
        },
    )
    for code, name, description in NEEDS:
        _upsert(
            TaxonomyTerm,
            stable_id("need", code),
            {
                "taxonomy": needs,
                "code": code,
                "name": name,
                "description": description,
                "parent": None,
                "taxonomy_name": needs.name,
            },
        )


def ensure_taxonomies() -> None:
    """Seed the sectors and needs with the current models (idempotent)."""
    seed_taxonomies(Taxonomy, TaxonomyTerm)


def sector_id(code: str) -> uuid.UUID:
    """Return the id of our sector term with this code."""
    return stable_id("sector", code)


def need_id(code: str) -> uuid.UUID:
    """Return the id of our need term with this code."""
    return stable_id("need", code)
