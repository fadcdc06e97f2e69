import datetime
import os
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from audit import export
from audit.models import AuditEvent
from freeiran.commands import OperatorCommand, Progress, summary_table

CHUNK_SIZE = 2000


class Command(OperatorCommand):
    help = (
        "Write the audit log as CSV: a header row, then one row per event, oldest first, "
        "with times in ISO 8601 (UTC). The file holds staff members' addresses: it is "
        "created readable by its owner only; keep it that way."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default="-",
            help="Where to write the CSV; - (the default) for standard output, which then "
            "carries the CSV only (no progress bar or summary).",
        )
        parser.add_argument(
            "--since",
            metavar="YYYY-MM-DD",
            help="Only events from the start of this day (in TIME_ZONE, the site's time zone).",
        )
        parser.add_argument(
            "--until",
            metavar="YYYY-MM-DD",
            help="Only events up to the end of this day (in TIME_ZONE).",
        )
        parser.add_argument(
            "--action",
            action="append",
            dest="actions",
            choices=AuditEvent.Action.values,
            metavar="ACTION",
            help="Only events of this action (repeat for several): "
            + ", ".join(AuditEvent.Action.values)
            + ".",
        )

    def handle(self, *args, **options):
        events = self.selected(options)
        if options["file"] == "-":
            export.write_csv(self.stdout, events.iterator(chunk_size=CHUNK_SIZE))
            return
        path = Path(options["file"])
        if path.is_dir():
            raise CommandError(f"{path} is a directory: give the name of the file to write.")
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a directory; create it first.")
        verbosity = options["verbosity"]
        partial = path.with_name(path.name + ".partial")
        try:
            partial.unlink(missing_ok=True)
            # Created with the owner's permissions only, whatever the umask says.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with (
                open(descriptor, "w", newline="", encoding="utf-8") as out,
                Progress(self.stdout, events.count(), "Events", verbosity) as progress,
            ):
                actions = export.write_csv(
                    out, events.iterator(chunk_size=CHUNK_SIZE), progress.advance
                )
            partial.replace(path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(
                f"Cannot write {path}: {error.strerror or error}. Choose a file in a directory "
                "you can write to, or - for standard output."
            ) from None
        if verbosity >= 1:
            summary_table(self.stdout, ["action", "events"], sorted(actions.items()))
            total = actions.total()
            self.stdout.write(self.style.SUCCESS(f"Exported {total} events to {path}."))

    def selected(self, options):
        """The events the options ask for, oldest first."""
        events = AuditEvent.objects.order_by("at", "pk")
        since = day(options["since"], "--since")
        until = day(options["until"], "--until")
        if since and until and since > until:
            raise CommandError(f"--since {since} is after --until {until}: swap them.")
        if since:
            events = events.filter(at__gte=start_of(since))
        if until:
            events = events.filter(at__lt=start_of(until + datetime.timedelta(days=1)))
        if options["actions"]:
            events = events.filter(action__in=options["actions"])
        return events


def day(value, option):
    """The date ``value`` given to ``option``, or None when it was not given."""
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option} {value!r} is not a date: use YYYY-MM-DD, e.g. 2025-01-31."
        ) from None


def start_of(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))
