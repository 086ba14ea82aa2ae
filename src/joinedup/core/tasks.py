"""Where core's background tasks were defined, kept so that task paths already stored still
resolve: `joinedup.core.tasks.deliver_email` in a queued job of django-tasks-db or RQ.

The task lives beside the function it runs (core.mail), so that mail can queue it without
importing this module; new work is queued under its new path.
"""

from joinedup.core.mail import deliver_email

__all__ = ["deliver_email"]
