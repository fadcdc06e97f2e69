from freeiran.commands import OperatorCommand
from posts.publishing import publish_due_scheduled


class Command(OperatorCommand):
    help = (
        "Set the status of scheduled posts whose date has passed to published. Visitors see "
        "them on time anyway; this is for sites that want the stored status to say so. "
        "Idempotent, and silent with --quiet, so it can run from cron every few minutes."
    )

    def handle(self, *args, **options):
        changed = publish_due_scheduled()
        if options["verbosity"] >= 1:
            if changed:
                self.stdout.write(self.style.SUCCESS(f"Published {changed} scheduled post(s)."))
            else:
                self.stdout.write("No scheduled posts were due.")
