"""The task queue: django-tasks-db's database backend, with bounded retries and stalled-task recovery.

Renditions and search-index refreshes run on Django's task framework. In
production they are rows in the database (``django_tasks_db``) that
``manage.py db_worker`` runs, so a request only writes a row, and a worker
that is down delays the work without losing it. The backend ships neither
of the two things a queue needs to be left alone, so they are here:

- **Retries.** A task that raises is run again, after ``retry_seconds``,
  doubled at each attempt, until it has been tried ``max_attempts`` times;
  then it stays failed, with its traceback, in the admin (Task results).
  The attempt count is the backend's own: a worker id is added to the row
  each time a worker claims it (``TaskResult.attempts``). Our task bodies
  are idempotent (they read what the database holds when they run), so
  running one again is always safe.
- **Stalled tasks.** A worker killed in the middle of a task (out of
  memory, a power cut, a stop that outlived its grace period) leaves the
  row "running" for ever. When a worker starts it takes such rows back
  (``requeue_stalled``): those last claimed under its own ``--worker-id``
  (the systemd unit gives each worker a fixed one, so a restarted worker
  knows at once what it was doing) and those running for longer than
  ``stalled_seconds`` whoever claimed them. A taken-back task counts the
  lost run as an attempt, so a task that kills its worker each time ends
  failed instead of looping.
"""

import datetime

from django.tasks import TaskResultStatus
from django.tasks.signals import task_finished
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_RETRY_SECONDS = 30
DEFAULT_STALLED_SECONDS = 30 * 60


class WorkerLost(Exception):
    """What a task is failed with when every one of its attempts died with its worker."""


class RetryingDatabaseBackend(DatabaseBackend):
    """django-tasks-db's backend; a failed task is retried up to ``max_attempts`` times in all.

    OPTIONS: ``max_attempts`` (3), ``retry_seconds`` (30, the first wait),
    ``stalled_seconds`` (1800).
    """

    def __init__(self, alias, params):
        super().__init__(alias, params)
        self.max_attempts = max(1, self.options.get("max_attempts", DEFAULT_MAX_ATTEMPTS))
        self.retry_seconds = self.options.get("retry_seconds", DEFAULT_RETRY_SECONDS)
        self.stalled_seconds = self.options.get("stalled_seconds", DEFAULT_STALLED_SECONDS)
        task_finished.connect(retry_failed, sender=type(self), dispatch_uid="freeiran-task-retry")

    def retry_delay(self, attempts):
        """How long to wait before attempt ``attempts + 1``: doubling from ``retry_seconds``."""
        return datetime.timedelta(seconds=self.retry_seconds * 2 ** max(attempts - 1, 0))


def retry_failed(sender, task_result, **kwargs):
    """Put a failed task back in the queue unless it has had all its attempts.

    Its last error stays on the row, so the admin shows why it is waiting.
    """
    if task_result.status != TaskResultStatus.FAILED:
        return
    backend = task_result.task.get_backend()
    if task_result.attempts >= backend.max_attempts:
        return
    DBTaskResult.objects.filter(pk=task_result.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY,
        run_after=timezone.now() + backend.retry_delay(task_result.attempts),
        finished_at=None,
    )


def requeue_stalled(backend, worker_id):
    """Take back the tasks a stopped worker left running; return (requeued, failed) counts.

    See the module's docstring for which rows count as stalled.
    """
    since = timezone.now() - datetime.timedelta(seconds=backend.stalled_seconds)
    # Rows being run are few (one per worker at most), so they are sorted out here.
    running = DBTaskResult.objects.running().filter(backend_name=backend.alias)
    stalled = [
        row for row in running if row.started_at < since or row.worker_ids[-1:] == [worker_id]
    ]
    requeued = failed = 0
    for row in stalled:
        if len(row.worker_ids) >= backend.max_attempts:
            failed += mark_lost(row)
        else:
            requeued += DBTaskResult.objects.filter(
                pk=row.pk, status=TaskResultStatus.RUNNING
            ).update(status=TaskResultStatus.READY, run_after=timezone.now())
    return requeued, failed


def mark_lost(row):
    """Fail a task whose last attempt died with its worker; 1 if this call did it."""
    return DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="freeiran.tasks.WorkerLost",
        traceback=(
            f"The worker running this task stopped before it finished, "
            f"on each of its {len(row.worker_ids)} attempts."
        ),
    )
