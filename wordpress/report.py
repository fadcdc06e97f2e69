"""What an import did, and the summary of it the import command writes: the table
per kind of thing, the media, and the notes an operator should read."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from freeiran.commands import summary_table

NOTES_KEPT = 200
MISSING_KEPT = 1000
# How much of each list the summary shows (all notes at -v 2).
NOTES_SHOWN = 30
MISSING_SHOWN = 20
COUNTER_SHOWN = 12


class ImportStopped(Exception):
    """The import could not go on; what was committed before stays, the report says what."""

    def __init__(self, message, report):
        super().__init__(message)
        self.report = report
        report.stopped = True


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0


@dataclass
class ImportReport:
    """What an import did, per kind of thing, and what needs a person's attention."""

    dry_run: bool = False
    # Set when the import could not go on (``ImportStopped``): it did not finish.
    stopped: bool = False
    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    notes: list[tuple[int | None, str]] = field(default_factory=list)
    notes_dropped: int = 0
    unknown_shortcodes: Counter = field(default_factory=Counter)
    dynamic_blocks: Counter = field(default_factory=Counter)
    skipped_types: Counter = field(default_factory=Counter)
    ignored_taxonomies: Counter = field(default_factory=Counter)
    missing_media: list[str] = field(default_factory=list)  # the first MISSING_KEPT
    missing_media_count: int = 0
    media_checked: bool = False
    other_attachments: Counter = field(default_factory=Counter)
    comments: int = 0
    menu_items: int = 0
    galleries: int = 0
    videos: int = 0
    featured_images: int = 0
    featured_images_set: int = 0
    featured_images_waiting: int = 0
    # Images whose renditions are still to be made, and whether a worker was asked to.
    renditions_due: int = 0
    renditions_queued: bool = False

    KINDS = (
        "authors",
        "categories",
        "tags",
        "posts",
        "pages",
        "attachments",
        "images",
        "videos",
        "video embeds",
        "galleries",
    )

    def count(self, kind, outcome, number=1):
        if number:
            setattr(self.tallies[kind], outcome, getattr(self.tallies[kind], outcome) + number)

    def missing(self, path):
        self.missing_media_count += 1
        if len(self.missing_media) < MISSING_KEPT:
            self.missing_media.append(path)

    def note(self, message, line=None):
        if len(self.notes) < NOTES_KEPT:
            self.notes.append((line, message))
        else:
            self.notes_dropped += 1

    def rows(self):
        """Rows of the summary table: kind, created, updated, unchanged, skipped, failed."""
        rows = []
        for kind in self.KINDS:
            tally = self.tallies.get(kind, Tally())
            rows.append(
                [
                    kind,
                    tally.created,
                    tally.updated,
                    tally.unchanged,
                    tally.skipped,
                    tally.failed,
                ]
            )
        rows.append(["comments", 0, 0, 0, self.comments, 0])
        rows.append(["menu items", 0, 0, 0, self.menu_items, 0])
        for post_type, number in sorted(self.skipped_types.items()):
            rows.append([f"other: {post_type}", 0, 0, 0, number, 0])
        return rows

    def write(self, stdout, style, verbosity=1):
        """The summary for an operator on ``stdout`` (a command's, with its ``style``):
        the table, the media, what was left out, and the notes (all of them at -v 2)."""
        if self.dry_run:
            stdout.write(style.WARNING("Dry run: nothing was written."))
        summary_table(
            stdout,
            ["", "created", "updated", "unchanged", "skipped", "failed"],
            self.rows(),
        )
        self.write_media(stdout, style)
        write_counter(stdout, "Unknown shortcodes (left as text)", self.unknown_shortcodes)
        write_counter(stdout, "Dynamic blocks WordPress drew (not imported)", self.dynamic_blocks)
        write_counter(stdout, "Other taxonomies (ignored)", self.ignored_taxonomies)
        if self.notes:
            shown = self.notes if verbosity >= 2 else self.notes[:NOTES_SHOWN]
            hidden = len(self.notes) - len(shown) + self.notes_dropped
            stdout.write(style.WARNING(f"Notes ({len(self.notes) + self.notes_dropped}):"))
            for line, message in shown:
                stdout.write(f"  line {line}: {message}" if line else f"  {message}")
            if hidden:
                stdout.write(f"  … and {hidden} more (-v 2 shows them)")
        if not self.dry_run and not self.stopped:
            stdout.write(style.SUCCESS("Import finished."))

    def write_media(self, stdout, style):
        if self.dry_run and (self.galleries or self.videos):
            stdout.write(
                f"In bodies: {self.galleries} [gallery] shortcodes and gallery blocks, "
                f"{self.videos} YouTube/Vimeo addresses."
            )
        write_counter(
            stdout,
            "Other attachments (recorded, not media the library holds)",
            self.other_attachments,
        )
        if self.featured_images:
            waiting = self.featured_images_waiting
            stdout.write(
                f"Featured images: {self.featured_images} in the file, "
                f"{self.featured_images_set} set now"
                + (f", {waiting} waiting for their image's file." if waiting else ".")
            )
        if not self.media_checked:
            stdout.write(
                "Media files: not imported (no --uploads-dir); attachments were recorded. Run "
                "again with --uploads-dir pointing at a copy of wp-content/uploads to import them."
            )
        elif self.missing_media_count:
            shown = self.missing_media[:MISSING_SHOWN]
            more = self.missing_media_count - len(shown)
            stdout.write(
                style.WARNING(
                    f"Missing media: {self.missing_media_count} "
                    + ("file" if self.missing_media_count == 1 else "files")
                )
                + (f" (first {len(shown)}, {more} more)" if more else "")
                + "; their attachments are recorded and a later run with the files imports them."
            )
            for file in shown:
                stdout.write(f"  {file}")
        else:
            stdout.write("Missing media: none.")
        if self.renditions_queued:
            stdout.write(
                f"Renditions: queued for {self.renditions_due} images (the task worker makes them)."
            )
        elif self.renditions_due:
            stdout.write(
                style.WARNING(f"Renditions: {self.renditions_due} images need them.")
                + " Run `manage.py regenerate_renditions --missing-only` now (pages show the "
                "original file until then)."
            )


def write_counter(stdout, label, counter):
    """``label: name (count), …`` for the most common COUNTER_SHOWN names of ``counter``."""
    if counter:
        items = ", ".join(f"{name} ({count})" for name, count in counter.most_common(COUNTER_SHOWN))
        more = len(counter) - COUNTER_SHOWN
        stdout.write(f"{label}: {items}" + (f", and {more} more" if more > 0 else ""))
