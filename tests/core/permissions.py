"""Permissions table rows for core's URLs."""

from joinedup.core.mail import send_email
from joinedup.core.models import Membership, RoleInvitation
from joinedup.core.services import invite_to_role
from tests.permissions_table import ALL, Row, everyone, no_kwargs, roles

CONVENOR = {"convenor"}


def setup(world) -> None:
    world.objects["outbox_message"], _ = send_email(
        key="perm-test",
        to=["a@council.example"],
        subject="Hello",
        body_text="Hi",
        place=world.place,
    )
    world.objects["foreign_outbox_message"], _ = send_email(
        key="perm-test-other",
        to=["b@council.example"],
        subject="Hello",
        body_text="Hi",
        place=world.other_place,
    )
    world.objects["membership"] = Membership.objects.filter(
        place=world.place, role="practitioner"
    ).first()
    world.objects["foreign_membership"] = Membership.objects.filter(
        place=world.other_place, role="practitioner"
    ).first()


def _fresh_membership(world) -> int:
    """A role made for each request, so that one actor's removal leaves the next one a role."""
    from tests.core.factories import MembershipFactory

    return MembershipFactory(place=world.place, role="practitioner").pk


def _fresh_invitation(world, place) -> int:
    invitation, _ = invite_to_role(
        place=place,
        email=f"invited{RoleInvitation.objects.count()}@council.example",
        role="host",
        actor=None,
    )
    return invitation.pk


def _job(world, place):
    from joinedup.core.models import Job

    return Job.objects.create(place=place, started_by=world.users["convenor"], kind="t", title="t")


EXPECTATIONS = {
    "home": Row(
        kwargs=no_kwargs,
        # the home page redirects members to their place, or lists places
        expect={**everyone(302), "admin": 200},
    ),
    "login": Row(kwargs=no_kwargs, expect={**everyone(302), "anonymous": 200}),
    "logout": Row(kwargs=no_kwargs, method="post", expect=everyone(302)),
    # two-factor pages: a person who has confirmed their sign-in (force_login does, with an
    # app) is sent on from set-up and from the code page; recovery codes are for the signed-in
    "mfa_set_up": Row(
        kwargs=no_kwargs,
        expect=everyone(302),
    ),
    "mfa_verify": Row(kwargs=no_kwargs, expect=everyone(302)),
    "mfa_recovery_codes": Row(kwargs=no_kwargs, expect={**everyone(200), "anonymous": 302}),
    "password_reset": Row(kwargs=no_kwargs, expect=everyone(200)),
    "password_reset_done": Row(kwargs=no_kwargs, expect=everyone(200)),
    "password_reset_confirm": Row(
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}, expect=everyone(200)
    ),
    "password_reset_complete": Row(kwargs=no_kwargs, expect=everyone(200)),
    "switch_place": Row(
        kwargs=no_kwargs,
        method="post",
        data=lambda w: {"place": w.place.slug},
        expect=everyone(302),
    ),
    "accessibility": Row(kwargs=no_kwargs, expect=everyone(200)),
    "privacy": Row(kwargs=no_kwargs, expect=everyone(200)),
    # browsers post violation reports without a session; an empty body is not a report
    "csp_report": Row(kwargs=no_kwargs, method="post", expect=everyone(400)),
    # monitors: no sign-in, counts only (tests run tasks inline, so no worker to check)
    "healthz": Row(kwargs=no_kwargs, expect=everyone(200)),
    "metrics": Row(kwargs=no_kwargs, expect=everyone(200)),
    "place_home": Row(expect=roles(ALL)),
    "members": Row(expect=roles(ALL)),
    # an invitation with no email or role: the convenor's form answers with its errors
    "members#invite": Row(method="post", data=lambda w: {}, expect=roles(CONVENOR, ok=400)),
    "change_member": Row(
        kwargs=lambda w: {"place_slug": w.place.slug, "membership_id": w.objects["membership"].pk},
        foreign_kwargs=lambda w: {
            "place_slug": w.place.slug,
            "membership_id": w.objects["foreign_membership"].pk,
        },
        expect=roles(CONVENOR),
    ),
    "remove_member": Row(
        method="post",
        kwargs=lambda w: {"place_slug": w.place.slug, "membership_id": _fresh_membership(w)},
        foreign_kwargs=lambda w: {
            "place_slug": w.place.slug,
            "membership_id": w.objects["foreign_membership"].pk,
        },
        # the place's convenors and site admins take roles away
        expect=roles(CONVENOR, ok=302),
    ),
    "cancel_member_invitation": Row(
        method="post",
        kwargs=lambda w: {
            "place_slug": w.place.slug,
            "invitation_id": _fresh_invitation(w, w.place),
        },
        foreign_kwargs=lambda w: {
            "place_slug": w.place.slug,
            "invitation_id": _fresh_invitation(w, w.other_place),
        },
        expect=roles(CONVENOR, ok=302),
    ),
    # an invitation link that matches nothing: the same problem page for everyone
    "join": Row(kwargs=lambda w: {"token": "n" * 43}, expect=everyone(404)),
    "place_create": Row(
        kwargs=no_kwargs,
        expect={**everyone(403), "anonymous": 302, "admin": 200},
    ),
    "audit_log": Row(expect=roles(CONVENOR)),
    "outbox": Row(expect=roles(CONVENOR)),
    "outbox_message": Row(
        kwargs=lambda w: {"place_slug": w.place.slug, "message_id": w.objects["outbox_message"].pk},
        foreign_kwargs=lambda w: {
            "place_slug": w.place.slug,
            "message_id": w.objects["foreign_outbox_message"].pk,
        },
        expect=roles(CONVENOR),
    ),
    "job": Row(
        kwargs=lambda w: {"place_slug": w.place.slug, "job_id": _job(w, w.place).pk},
        foreign_kwargs=lambda w: {"place_slug": w.place.slug, "job_id": _job(w, w.other_place).pk},
        # a job started by the convenor: other members may not read its progress or result
        expect=roles(CONVENOR),
    ),
    "job_status": Row(
        kwargs=lambda w: {"place_slug": w.place.slug, "job_id": _job(w, w.place).pk},
        foreign_kwargs=lambda w: {"place_slug": w.place.slug, "job_id": _job(w, w.other_place).pk},
        expect=roles(CONVENOR),
    ),
}
