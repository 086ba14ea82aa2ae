"""Memberships, the audit log, jobs and the demo."""

import pytest
from django.core.management import call_command

from joinedup.core.audit import log_action
from joinedup.core.demo import load_demo
from joinedup.core.jobs import run_job, start_job
from joinedup.core.models import AuditEntry, Job, Membership, Place, User
from joinedup.core.permissions import can, check
from joinedup.core.services import grant_role, revoke_role


def test_grant_role_creates_account_and_audits(place, convenor):
    membership = grant_role(
        place=place,
        email=" New.Person@Council.Example ",
        role="host",
        full_name="New Person",
        actor=convenor,
    )
    assert membership.user.email == "new.person@council.example"
    assert not membership.user.has_usable_password()
    entry = AuditEntry.objects.get(action="core.membership.granted")
    assert (entry.actor, entry.place, entry.data["role"]) == (convenor, place, "host")


def test_grant_role_twice_keeps_one_membership(place, convenor):
    grant_role(place=place, email="a@council.example", role="host", full_name="A", actor=convenor)
    grant_role(place=place, email="a@council.example", role="host", full_name="A", actor=convenor)
    assert Membership.objects.filter(user__email="a@council.example").count() == 1
    assert AuditEntry.objects.filter(action="core.membership.granted").count() == 1


def test_revoke_role_deletes_and_audits(place, convenor, make_member):
    host = make_member(place, "host")
    revoke_role(membership=host.memberships.get(), actor=convenor)
    assert not Membership.objects.filter(user=host).exists()
    assert AuditEntry.objects.get(action="core.membership.revoked").data["email"] == host.email


def test_log_action_takes_place_from_target(place, convenor):
    entry = log_action("core.test.done", actor=convenor, target=convenor.memberships.get())
    assert (entry.place, entry.target_type) == (place, "core.membership")


def test_can_follows_roles_and_admin(place, other_place, make_member):
    host = make_member(place, "host")
    admin = User.objects.create_user("root@council.example", "x" * 12, full_name="R", is_staff=True)
    assert can(host, "casestudies.write", place)
    assert not can(host, "core.view_audit", place)
    assert not can(host, "casestudies.write", other_place)
    assert can(admin, "core.view_audit", other_place)


def test_check_answers_404_outside_the_place_and_403_without_role(place, other_place, make_member):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    host = make_member(place, "host")
    with pytest.raises(Http404):
        check(host, "core.view_place", other_place)
    with pytest.raises(PermissionDenied):
        check(host, "core.view_audit", place)


def test_unknown_permission_action_is_an_error(place, convenor):
    with pytest.raises(KeyError, match=r"add it to core/permissions\.py"):
        can(convenor, "core.fly", place)


def _count_to_three(job_id):
    def work(progress):
        for i in range(3):
            progress(i + 1, 3, f"step {i + 1}")
        return {"counted": 3, "url": "/done/"}

    return run_job(job_id, work)


def test_job_records_progress_and_result(place, convenor):
    from django_tasks import task

    counting = task()(_count_to_three)
    job = start_job(place=place, user=convenor, kind="count", title="Counting", task=counting)
    # The immediate backend runs the task on commit; tests run inside a transaction.
    _count_to_three(str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.result, job.result_url, job.percent) == (
        "done",
        3,
        3,
        {"counted": 3, "url": "/done/"},
        "/done/",
        100,
    )


def test_job_failure_is_recorded(place, convenor):
    job = Job.objects.create(place=place, started_by=convenor, kind="x", title="Breaks")

    def work(progress):
        raise ValueError("row 7 has no name")

    with pytest.raises(ValueError):
        run_job(str(job.pk), work)
    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "row 7 has no name")


def test_load_demo_twice_duplicates_nothing(db):
    load_demo()
    counts = {m.__name__: m.objects.count() for m in (Place, User, Membership)}
    call_command("load_demo", verbosity=0)
    assert {m.__name__: m.objects.count() for m in (Place, User, Membership)} == counts
    assert set(Place.objects.values_list("slug", flat=True)) >= {"ilford", "exeter", "manchester"}


def test_demo_people_are_fictional(db):
    load_demo()
    assert all(email.endswith(".example") for email in User.objects.values_list("email", flat=True))
