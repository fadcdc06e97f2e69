import csv
import dataclasses
from pathlib import Path

from django.core.management.base import CommandError

from freeiran.commands import OperatorCommand, Progress
from search import indexing
from wordpress.dependents import refresh_dependents
from wordpress.importer import import_wordpress
from wordpress.reader import count_items
from wordpress.report import ImportStopped
from wordpress.signals import import_run


class Command(OperatorCommand):
    help = (
        "Import a WordPress export (WXR file from Tools › Export): authors, categories, tags, "
        "posts and pages with their old addresses. Safe to run again: items are matched by "
        "their WordPress ids and updated, never duplicated. Attachments become images and "
        "videos of the media library (their files are taken from --uploads-dir), with "
        "featured images, galleries and YouTube/Vimeo videos."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The WXR (.xml) file exported from WordPress.")
        parser.add_argument(
            "--uploads-dir",
            type=Path,
            help=(
                "A copy of the old site's wp-content/uploads, where attachment files are taken "
                "from (by the path in their address: .../uploads/2017/07/x.jpg is "
                "DIR/2017/07/x.jpg). Files missing from it are listed in the summary; run the "
                "import again once they are there. Without it, attachments are only recorded."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Read and convert everything and report what would happen; write nothing.",
        )
        parser.add_argument(
            "--author-map",
            type=Path,
            help=(
                "A CSV file of 'wordpress_login,username' lines assigning WordPress authors to "
                "existing users. Authors not in it get an inactive account named after their "
                "login (no password: an administrator activates it if needed)."
            ),
        )

    def handle(self, *args, **options):
        # call_command() passes options as given, so paths may arrive as strings.
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file. Give the path of the WXR export.")
        uploads_dir = options["uploads_dir"] and Path(options["uploads_dir"])
        if uploads_dir and not uploads_dir.is_dir():
            raise CommandError(f"--uploads-dir {uploads_dir} is not a directory.")
        author_map = self.read_author_map(options["author_map"] and Path(options["author_map"]))
        verbosity = options["verbosity"]
        with Progress(self.stdout, count_items(path), "Items", verbosity) as progress:
            try:
                report = import_wordpress(
                    path,
                    author_map=author_map,
                    uploads_dir=uploads_dir,
                    dry_run=options["dry_run"],
                    progress=progress.advance,
                    search_index=False,
                )
            except ImportStopped as stopped:
                progress.finish()
                self.announce(path, stopped.report)
                if verbosity >= 1:
                    stopped.report.write(self.stdout, self.style, verbosity)
                if not options["dry_run"]:
                    # What was kept before the stop becomes findable.
                    self.refresh_dependents(verbosity)
                raise CommandError(str(stopped)) from None
        self.announce(path, report)
        if verbosity >= 1:
            report.write(self.stdout, self.style, verbosity)
        if not options["dry_run"]:
            self.refresh_dependents(verbosity)

    def refresh_dependents(self, verbosity):
        """The search index (new posts are indexed here, see the importer), cached pages
        and the database's statistics."""
        with Progress(self.stdout, indexing.count_objects(), "Search index", verbosity) as bar:
            indexed = refresh_dependents(progress=bar.advance)
        if verbosity >= 1:
            self.stdout.write(
                f"Search index: {sum(indexed.written.values())} entries written, "
                f"{sum(indexed.unchanged.values())} already current, "
                f"{sum(indexed.removed.values())} removed."
            )

    def announce(self, path, report):
        """Tell listeners (the audit log) that an import of ``path`` ended, and how."""
        counts = {}
        for kind, tally in report.tallies.items():
            if outcomes := {name: n for name, n in dataclasses.asdict(tally).items() if n}:
                counts[kind] = outcomes
        import_run.send(
            sender=type(self),
            file=path.name,
            counts=counts,
            finished=not report.stopped,
            dry_run=report.dry_run,
        )

    def read_author_map(self, path):
        if not path:
            return {}
        try:
            with path.open(newline="", encoding="utf-8") as file:
                rows = [row for row in csv.reader(file) if row and not row[0].startswith("#")]
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"Cannot read the author map {path}: {error}") from None
        mapping = {}
        for number, row in enumerate(rows, start=1):
            if len(row) != 2 or not row[0].strip() or not row[1].strip():
                raise CommandError(
                    f"{path}, entry {number}: expected 'wordpress_login,username', got {row!r}."
                )
            mapping[row[0].strip()] = row[1].strip()
        return mapping
