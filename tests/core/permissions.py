"""Permissions table rows for core's URLs."""

from joinedup.core.mail import send_email
from joinedup.core.models import Membership
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
    "remove_member": Row(
        method="post",
        kwargs=lambda w: {"place_slug": w.place.slug, "membership_id": w.objects["membership"].pk},
        # members without site admin rights are refused; the admin's removal redirects
        expect={**roles(ALL, ok=403), "admin": 302},
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
