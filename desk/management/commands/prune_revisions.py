from django.conf import settings
from django.core.management.base import CommandError

from desk import revisions
from freeiran.commands import OperatorCommand, Progress


class Command(OperatorCommand):
    help = (
        "Keep only the last REVISIONS_KEEP revisions (default 50) of each post and page; "
        "older ones are deleted. Run it from cron (weekly, say); safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="How many revisions of each item to keep (default: REVISIONS_KEEP).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would go, delete nothing."
        )

    def handle(self, *args, keep, dry_run, verbosity, **options):
        keep = settings.REVISIONS_KEEP if keep is None else keep
        if keep < 1:
            raise CommandError("--keep must be at least 1: the current revision always stays.")
        items = revisions.crowded(keep)
        removed = 0
        with Progress(self.stdout, len(items), "Items", verbosity) as progress:
            for object_id in items:
                removed += revisions.prune(object_id, keep, dry_run=dry_run)
                progress.advance()
        if verbosity >= 1:
            verb = "would be deleted" if dry_run else "deleted"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{removed} old revision(s) of {len(items)} item(s) {verb}; "
                    f"the last {keep} of each are kept."
                )
            )
