"""Task paths stored before the tasks moved beside their domain functions still resolve.

Until then every task lived in its app's `tasks` module, and that is the path a Job's
resume_task, a django-tasks-db row or an RQ job kept (`joinedup.events.tasks.X`). Each such
path must still name the very task, by the two ways of resolving one: `import_string` (our
sweep and queue_next_step, django-tasks-db's worker) and RQ's `import_attribute`.
"""

import pytest
from django.utils.module_loading import import_string
from django_tasks.base import Task
from rq.utils import import_attribute

from joinedup.cafe.domain.plans import plan_tables_task
from joinedup.core.mail import deliver_email
from joinedup.events.reminders import send_reminder_task
from joinedup.events.sending import send_invitations_step
from joinedup.followup.dissemination import disseminate_report_task
from joinedup.followup.feedback import send_feedback_requests_task

OLD_PATHS = {
    "joinedup.cafe.tasks.plan_tables_task": plan_tables_task,
    "joinedup.core.tasks.deliver_email": deliver_email,
    "joinedup.events.tasks.send_invitations_step": send_invitations_step,
    "joinedup.events.tasks.send_reminder_task": send_reminder_task,
    "joinedup.followup.tasks.disseminate_report_task": disseminate_report_task,
    "joinedup.followup.tasks.send_feedback_requests_task": send_feedback_requests_task,
}


@pytest.mark.parametrize("old_path", sorted(OLD_PATHS))
def test_old_task_path_resolves_to_the_task_by_both_ways_of_resolving(old_path):
    task = OLD_PATHS[old_path]

    assert isinstance(task, Task)
    assert import_string(old_path) is task
    assert import_attribute(old_path) is task
