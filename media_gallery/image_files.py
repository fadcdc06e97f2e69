"""Which files a page shows for an image: chosen among renditions that exist.

Pages never make renditions. A size that is missing (not made yet, or the
image is too small for it) is simply left out of ``srcset``, and a single
file is the nearest existing one, down to the original itself.
"""

from dataclasses import dataclass

from . import imaging, renditions

# The width a plain ``src`` aims at, for browsers that ignore srcset.
DEFAULT_WIDTH = 1024


@dataclass(frozen=True)
class Candidate:
    url: str
    width: int
    height: int
    bytes: int
    mime_type: str


class ImageFiles:
    """The files of one image (its renditions prefetched or fetched once)."""

    def __init__(self, image):
        self.rows = list(image.renditions.all())
        self.format = imaging.MIME_SUBTYPES[image.format]
        self.original = Candidate(
            image.file.url, image.width, image.height, image.bytes, f"image/{self.format}"
        )

    def _matching(self, specs, format):
        names = {spec.name for spec in specs}
        return sorted(
            (
                Candidate(row.url, row.width, row.height, row.bytes, row.mime_type)
                for row in self.rows
                if row.spec in names and row.format == format
            ),
            key=lambda source: source.width,
        )

    def widths(self, format=None):
        """Width renditions in ``format`` (default: the original's), narrowest first.

        In the original's format the original itself comes last, as the largest size.
        """
        format = format or self.format
        found = self._matching(renditions.WIDTHS, format)
        if format == self.format:
            found.append(self.original)
        return found

    def crops(self, format=None):
        return self._matching(renditions.CROPS, format or self.format)

    def nearest(self, width, format=None):
        """The smallest file at least ``width`` wide, else the widest (the original at worst)."""
        candidates = self.widths(format) or [self.original]
        return next((s for s in candidates if s.width >= width), candidates[-1])

    def picture(self, default_width=DEFAULT_WIDTH):
        """``(webp srcset sources, fallback sources, fallback src)`` for a responsive picture."""
        webp = self.widths("webp") if self.format != "webp" else []
        fallback = self.widths()
        return webp, fallback, self.nearest(default_width)

    def thumbnail(self):
        """Like ``picture`` for the square crop; without crops, the nearest width stands in."""
        fallback = self.crops()
        if not fallback:
            return [], [], self.nearest(renditions.THUMBNAIL_2X.width)
        webp = self.crops("webp") if self.format != "webp" else []
        return webp, fallback, fallback[0]


def srcset(sources):
    return ", ".join(f"{source.url} {source.width}w" for source in sources)
