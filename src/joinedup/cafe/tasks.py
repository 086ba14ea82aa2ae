"""Background tasks of the café planner. Tasks take ids, never model instances."""

from django_tasks import task


@task()
def plan_tables_task(
    *,
    job_id: str,
    event_id: int,
    actor_id: int | None,
    basis: str,
    revisits_allowed: bool,
    seconds: float,
    seed: int,
    kept_rounds: list[int],
    replan_from_id: int | None,
) -> dict:
    """Plan, or re-plan, an event's tables with progress on the job."""
    from joinedup.cafe.domain.plans import make_plan, plan_url
    from joinedup.cafe.models import Plan
    from joinedup.core.jobs import run_job
    from joinedup.core.models import User
    from joinedup.events.models import Event

    def work(progress) -> dict:
        event = Event.objects.select_related("place").get(pk=event_id)
        replan_from = Plan.objects.get(pk=replan_from_id) if replan_from_id else None
        plan = make_plan(
            event=event,
            actor=User.objects.filter(pk=actor_id).first(),
            basis=basis,
            revisits_allowed=revisits_allowed,
            seconds=seconds,
            seed=seed,
            kept_rounds=kept_rounds,
            replan_from=replan_from,
            progress=progress,
        )
        return {"url": plan_url(plan), "plan": plan.pk, "score": plan.score}

    return run_job(job_id, work)
