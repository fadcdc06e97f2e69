from django.core.management.base import CommandError

from freeiran.commands import OperatorCommand, Progress, summary_table
from search import indexing


class Command(OperatorCommand):
    help = (
        "Bring the search index up to date with every post, page and media item. "
        "Entries already current are skipped, so an interrupted run resumes where it "
        "stopped and a second run writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report entries missing, stale or orphaned; change nothing. "
            "Fails (exit status 1) if there is drift, for monitoring.",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Rewrite every entry, even those that look current, and build the index "
            "structures afresh in one go: faster for a whole site, and it drops the rows of "
            "old words SQLite keeps. Searches are incomplete until it ends; run it when the "
            "site is quiet. If interrupted, run the command again to finish.",
        )

    def handle(self, *args, check=False, full=False, verbosity=1, **options):
        total = indexing.count_objects()
        label = "Checking" if check else "Indexing"
        with Progress(self.stdout, total, label, verbosity) as progress:
            report = indexing.rebuild(check=check, full=full, progress=progress.advance)
        if verbosity >= 1:
            sources = sorted(
                set(report.written)
                | set(report.unchanged)
                | set(report.missing)
                | set(report.stale)
                | set(report.orphaned)
            )
            summary_table(
                self.stdout,
                ["source", "missing", "stale", "orphaned", "written", "unchanged", "removed"],
                [
                    [
                        source,
                        report.missing.get(source, 0),
                        report.stale.get(source, 0),
                        report.orphaned.get(source, 0),
                        report.written.get(source, 0),
                        report.unchanged.get(source, 0),
                        report.removed.get(source, 0),
                    ]
                    for source in sources
                ],
            )
        if report.stale_rows and verbosity >= 1:
            self.stdout.write(
                f"The index keeps {report.stale_rows} rows of words no entry holds any more "
                "(rewritten or removed entries); --full drops them."
            )
        if check and report.drift:
            raise CommandError(
                f"The index has drifted: {report.drift} entries differ. "
                "Run manage.py rebuild_search_index to bring it up to date."
            )
        if check and verbosity >= 1:
            self.stdout.write(self.style.SUCCESS("The index is up to date."))
