from django.core.management.base import CommandError

from freeiran.commands import OperatorCommand, Progress, summary_table
from media_gallery import renditions
from media_gallery.models import Image


class Command(OperatorCommand):
    help = (
        "Make the renditions (resized copies) of every image again, or with --missing-only "
        "just those that are missing or out of date. Safe to run while the site is up."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing-only",
            action="store_true",
            help="Make only missing or out-of-date renditions; keep those that are current.",
        )
        parser.add_argument(
            "--image",
            type=int,
            action="append",
            dest="image_ids",
            metavar="ID",
            help="Only this image (repeat for several).",
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=100,
            help="Images loaded from the database at a time (default: 100).",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        images = Image.objects.order_by("pk")
        if options["image_ids"]:
            images = images.filter(pk__in=options["image_ids"])
        total = images.count()
        totals = renditions.SyncResult()
        failed = []
        with Progress(self.stdout, total, "Images", verbosity) as progress:
            for image in images.prefetch_related("renditions").iterator(
                chunk_size=options["chunk_size"]
            ):
                try:
                    result = renditions.sync(image, force=not options["missing_only"])
                except (OSError, ValueError, SyntaxError) as error:
                    failed.append((image, error))
                else:
                    totals += result
                progress.advance()
        if verbosity >= 1:
            summary_table(
                self.stdout,
                ["", "count"],
                [
                    ["images", total],
                    ["renditions made", totals.created],
                    ["renditions made again", totals.replaced],
                    ["renditions removed", totals.removed],
                    ["renditions already current", totals.unchanged],
                    ["images failed", len(failed)],
                ],
            )
        if failed:
            for image, error in failed:
                self.stderr.write(f"Image {image.pk} ({image.file.name}): {error}")
            raise CommandError(
                f"{len(failed)} image(s) failed; see above. Replace their files in the admin, "
                "or delete them, then run this command again."
            )
