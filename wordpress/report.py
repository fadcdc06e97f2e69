"""What an import did, for the summary table and the notes an operator should read."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

NOTES_KEPT = 200
MISSING_KEPT = 1000


class ImportStopped(Exception):
    """The import could not go on; what was committed before stays, the report says what."""

    def __init__(self, message, report):
        super().__init__(message)
        self.report = report


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
