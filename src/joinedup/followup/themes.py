"""The themes every place shares, shipped as data. `ensure_themes` is idempotent; migration 0002
runs it, and the demo and tests call it (a flush in a transactional test empties the table)."""

from django.utils.text import slugify

from joinedup.followup.models import Theme

# name, description
THEMES = [
    ("Clearer escalation pathways", "Knowing who to call, and when, when a worry grows."),
    ("Information sharing", "Telling the right team what we know, lawfully and in time."),
    ("Prevention", "Acting before a crisis: early contact, outreach, checks."),
    ("PSHE in primary schools", "Teaching children about relationships, safety and help early."),
    ("Joint assessment", "Assessing a family once, together, instead of many times apart."),
    ("Trauma-informed practice", "Working in ways that do not re-traumatise people."),
    ("Transitions at 18", "The move from children's to adults' services."),
    ("Housing and tenancy sustainment", "Keeping people in a home before they lose it."),
    ("Lead professional", "One named worker who holds the whole picture."),
    ("Training and awareness", "Frontline staff spotting the signs and knowing the offer."),
]  # fmt: skip


def seed_themes(Theme) -> None:
    """Create or update the shipped themes by slug; never duplicates, never deletes."""
    for name, description in THEMES:
        Theme.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "description": description}
        )


def ensure_themes() -> None:
    """Make sure the shipped themes exist (after a test flush, or before the demo)."""
    if Theme.objects.count() < len(THEMES):
        seed_themes(Theme)


def copy_themes_from(*, source_place, target_place, actor, run=None) -> list:
    """Themes are one list every place shares (THEMES above), so there is nothing of the
    source's own to copy: make sure the shared list is there and return the new ones (none).
    Kept as a copier so that "start from another place" treats every part alike, and so that
    themes a place adds for itself, if that ever comes, have their place to be copied."""
    ensure_themes()
    return []
