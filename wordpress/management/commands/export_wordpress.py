from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from freeiran.commands import OperatorCommand, Progress
from media_gallery.models import Image, Video
from posts.models import Post
from wordpress.export_media import images_without_files, unexpressed
from wordpress.exporter import export_wordpress


class Command(OperatorCommand):
    help = (
        "Export every post and page, with authors, categories (with parents), tags, featured "
        "images and galleries, and the media library's images and video files as attachments, "
        "as a WordPress WXR 1.2 file that WordPress's importer (or import_wordpress) reads "
        "back. To import it here, give import_wordpress a copy of the media storage as "
        "--uploads-dir."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Where to write the export (.xml).")
        parser.add_argument(
            "--site-url",
            help=(
                "The site's address for the links in the file, e.g. https://example.org "
                "(default: https:// and the first of DJANGO_ALLOWED_HOSTS)."
            ),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        site_url = options["site_url"] or self.default_site_url()
        if not site_url.startswith(("http://", "https://")):
            raise CommandError("--site-url must start with http:// or https://.")
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a directory; create it first.")
        verbosity = options["verbosity"]
        total = (
            Post.objects.count()
            + Image.objects.count()
            + Video.objects.filter(provider=Video.Provider.FILE).count()
        )
        without_files = images_without_files()
        partial = path.with_name(path.name + ".partial")
        try:
            with (
                # lxml writes the XML as bytes, encoded as its declaration says.
                partial.open("wb") as out,
                Progress(self.stdout, total, "Items", verbosity) as progress,
            ):
                export_wordpress(out, site_url, progress.advance, without_files)
            partial.replace(path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"Cannot write {path}: {error}") from None
        if verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(f"Exported {total} posts, pages and media items to {path}.")
            )
        for kind, title, reason in unexpressed(without_files):
            # Not silently dropped: the operator sees what WordPress will not show.
            self.stdout.write(
                self.style.WARNING(f"Not in the file as such: {kind} “{title}”: {reason}.")
            )

    def default_site_url(self):
        hosts = [
            host
            for host in settings.ALLOWED_HOSTS
            if host not in ("*",) and not host.startswith(".")
        ]
        if not hosts:
            raise CommandError("Give --site-url: DJANGO_ALLOWED_HOSTS names no host to use.")
        return f"https://{hosts[0]}"
