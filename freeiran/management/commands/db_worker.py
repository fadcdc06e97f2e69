from django.tasks import task_backends
from django_tasks_db.management.commands import db_worker

from freeiran.commands import OperatorCommand
from freeiran.tasks import requeue_stalled


class Command(OperatorCommand, db_worker.Command):
    help = (
        "Run the queued background tasks (renditions, search-index refreshes) as they come, "
        "until stopped; --batch runs what is queued and exits. On start it takes back the "
        "tasks a stopped worker left running. Give each worker of the site its own fixed "
        "--worker-id (the systemd unit does), so that a restarted worker takes back at once "
        "the task it was running when it stopped. SIGTERM lets the current task finish."
    )

    def handle(self, *args, **options):
        backend = task_backends[options["backend_name"]]
        requeued, failed = requeue_stalled(backend, options["worker_id"])
        if (requeued or failed) and options["verbosity"] >= 1:
            self.stdout.write(
                f"Took back {requeued + failed} tasks a stopped worker left running: "
                f"{requeued} queued again, {failed} failed after their last attempt."
            )
        return super().handle(*args, **options)
