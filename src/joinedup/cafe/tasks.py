"""Where the café planner's background task was defined, kept so that task paths already
stored still resolve: `joinedup.cafe.tasks.plan_tables_task` in a queued job of
django-tasks-db or RQ.

The task lives beside the domain function that starts it (cafe.domain.plans), so that the
domain needs no import of this module; new work is queued under its new path.
"""

from joinedup.cafe.domain.plans import plan_tables_task

__all__ = ["plan_tables_task"]
