"""The fictional demo: places, one account per role, and a hook for each app's own demo data.

Everything here is invented. Phone numbers are in Ofcom's drama ranges (020 7946 0xxx,
07700 900xxx) and email addresses use the reserved .example domain.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from joinedup.core.models import Membership, Place, Role, RoleInvitation, User
from joinedup.core.services import invite_to_role

DEMO_PASSWORD = "joinedup-demo-2026"  # noqa: S105  (a published demo password, fictional data)

PLACES = [
    ("Ilford (Redbridge)", "ilford", "London Borough of Redbridge"),
    ("Exeter", "exeter", "Exeter City Council"),
    ("Manchester", "manchester", "Manchester City Council"),
]

# email, full name, {place slug: [roles]}, site admin
ACCOUNTS = [
    (
        "convenor@joinedup.example",
        "Sana Qureshi",
        {"ilford": [Role.CONVENOR], "exeter": [Role.CONVENOR]},
        False,
    ),
    ("host@joinedup.example", "Tom Okafor", {"ilford": [Role.HOST]}, False),
    ("practitioner@joinedup.example", "Grace Lindqvist", {"ilford": [Role.PRACTITIONER]}, False),
    # answers referrals for Ilford Early Help (referrals/demo.py links the team)
    ("receiver@joinedup.example", "Femi Adeyemi", {"ilford": [Role.RECEIVER]}, False),
    (
        "strategist@joinedup.example",
        "Priyanka Rao",
        {
            "ilford": [Role.STRATEGIST],
            "exeter": [Role.STRATEGIST],
            "manchester": [Role.STRATEGIST],
        },
        False,
    ),
    ("exeter.convenor@joinedup.example", "Morwenna Hext", {"exeter": [Role.CONVENOR]}, False),
    ("manchester.convenor@joinedup.example", "Dev Anand", {"manchester": [Role.CONVENOR]}, False),
    ("admin@joinedup.example", "Site Admin", {}, True),
]

# Apps add their own demo loaders here: function(demo: Demo) -> None, idempotent.
DEMO_LOADERS = []


@dataclass
class Demo:
    """What the core demo built, handed to each app's loader."""

    places: dict[str, Place] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def register_demo_loader(loader):
    """Register an app's demo loader (used as a decorator in <app>/demo.py)."""
    DEMO_LOADERS.append(loader)
    return loader


def load_core_demo() -> Demo:
    """Create the demo places and accounts, or update them in place; never duplicates."""
    demo = Demo()
    for name, slug, authority in PLACES:
        place, _ = Place.objects.update_or_create(
            slug=slug, defaults={"name": name, "local_authority": authority}
        )
        demo.places[slug] = place
    for email, full_name, roles, admin in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=full_name,
                is_staff=admin,
                is_superuser=admin,
            )
        demo.users[email.split("@")[0]] = user
        for slug, place_roles in roles.items():
            for role in place_roles:
                Membership.objects.get_or_create(user=user, place=demo.places[slug], role=role)
    _demo_invitation(demo)
    return demo


DEMO_INVITEE = "jago.host@devon.example"


def _demo_invitation(demo: Demo) -> None:
    """One open invitation in Exeter (a table host), so that People and roles shows one; made
    once: a demo whose invitation was accepted, cancelled or expired is left as it is."""
    exeter = demo.places["exeter"]
    if RoleInvitation.objects.filter(place=exeter, email=DEMO_INVITEE).exists():
        return
    if Membership.objects.filter(place=exeter, user__email=DEMO_INVITEE).exists():
        return
    invite_to_role(
        place=exeter,
        email=DEMO_INVITEE,
        role=Role.HOST,
        full_name="Jago Pengelly",
        actor=demo.users.get("exeter.convenor"),
    )


def load_demo() -> Demo:
    """Build the whole fictional demo in one transaction: core first, then each app."""
    autodiscover_modules("demo")
    with transaction.atomic():
        demo = load_core_demo()
        for loader in DEMO_LOADERS:
            loader(demo)
    return demo
