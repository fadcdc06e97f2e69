"""Videos and galleries of imported bodies: the media items they become, and their markers.

Conversion (``content``) leaves each YouTube or Vimeo address as a video
marker and each gallery as a placeholder holding its ``[gallery]``
shortcode. Before a batch is written this step makes every video a ``Video``
of the library (matched by provider and id, so a video embedded in many
posts is one item) and every gallery a ``Gallery`` (matched on the post's
WordPress id and the gallery's place in its body, see ``WordPressGallery``),
and writes the gallery's marker into the body, so the body is final before
it is compared with what a previous run stored. Which images a gallery
shows is settled by ``galleries`` once every attachment is in.

Videos and galleries follow their post: published with it (at its date),
drafts otherwise, and drafts too when it is password-protected. A post's first gallery is its ``Post.gallery``; every
gallery is shown where it was in the body.
"""

import html
import re

from django.core.exceptions import ValidationError
from django.db.models import Q

from media_gallery import body_media, library, video_urls
from media_gallery.models import Gallery, MediaStatus, Video
from posts.models import Post

from .content import parse_attributes
from .models import WordPressGallery

PLACEHOLDER = re.compile(
    rf'<p class="{body_media.GALLERY_CLASS}">(?P<shortcode>\[gallery\b[^<]*?\])</p>'
)
PUBLIC = (Post.Status.PUBLISHED, Post.Status.SCHEDULED)
# The [gallery] attributes that choose its images; the others only lay them out.
SELECTING = ("ids", "include", "exclude", "id", "orderby", "order")
DRAFT = {"status": MediaStatus.DRAFT, "published_at": None}


def publication_of(post):
    """Status and date of a video or gallery that goes with ``post``: public with a
    public post, never on their own for a password-protected one."""
    if post.status in PUBLIC and not post.password:
        return {"status": MediaStatus.PUBLISHED, "published_at": post.published_at}
    return DRAFT


def gallery_key(shortcode):
    """What a ``[gallery]`` shortcode shows, leaving out how (columns, size, links)."""
    attributes = parse_attributes(shortcode.strip("[]").removeprefix("gallery"))
    return tuple(sorted((name, attributes[name]) for name in SELECTING if name in attributes))


def gallery_title(post_title, position):
    """ "Title" for a post's first gallery, "Title (2)" for the second…"""
    title = (post_title or "Gallery")[:290]
    return title if position == 1 else f"{title} ({position})"


class BodyMediaWriter:
    """Creates the videos and galleries of each batch and writes the galleries' markers."""

    def __init__(self, report):
        self.report = report
        self.videos_seen = set()
        # Gallery id -> "created", "updated" or "unchanged" so far in this run.
        self.galleries = {}

    def place(self, batch):
        """Videos and galleries for the posts of ``batch`` (``Incoming`` entries)."""
        self.add_videos(batch)
        self.place_galleries(batch)

    def add_videos(self, batch):
        wanted = {}
        for entry in batch:
            if body_media.VIDEO_CLASS not in entry.post.body:
                continue
            for url in body_media.video_addresses(entry.post.body):
                try:
                    ref = video_urls.parse(url)
                except ValidationError:
                    self.report.note(
                        f"{url} is not the address of a YouTube or Vimeo video: left as a link",
                        entry.item.line,
                    )
                    continue
                key = (ref.provider, ref.video_id)
                if key not in self.videos_seen:
                    wanted.setdefault(key, (ref, url, entry.post))
        if not wanted:
            return
        self.videos_seen.update(wanted)
        condition = Q()
        for provider, video_id in wanted:
            condition |= Q(provider=provider, video_id=video_id)
        existing = set(Video.objects.filter(condition).values_list("provider", "video_id"))
        for key, (ref, url, post) in wanted.items():
            if key in existing:
                self.report.count("video embeds", "unchanged")
                continue
            video = Video(
                title=post.title or "Video", language=post.language, **publication_of(post)
            )
            library.set_embed(video, ref, url if len(url) <= 500 else canonical_url(ref))
            video.save()
            self.report.count("video embeds", "created")

    def place_galleries(self, batch):
        entries = [
            entry
            for entry in batch
            if body_media.GALLERY_CLASS in entry.post.body and PLACEHOLDER.search(entry.post.body)
        ]
        if not entries:
            return
        records = {
            (record.post_wp_id, record.position): record
            for record in WordPressGallery.objects.filter(
                post_wp_id__in=[entry.post.wp_id for entry in entries]
            ).select_related("gallery")
        }
        for entry in entries:
            self.write_markers(entry.post, records)

    def write_markers(self, post, records):
        """Replace the post's gallery placeholders with the markers of their galleries.

        The same images shown twice in one post (in other columns, say) are one gallery.
        """
        placed = {}

        def marker(match):
            shortcode = html.unescape(match["shortcode"])
            key = gallery_key(shortcode)
            if key not in placed:
                position = len(placed) + 1
                placed[key] = self.gallery_for(post, position, shortcode, records)
            return body_media.gallery_marker(placed[key])

        post.body = PLACEHOLDER.sub(marker, post.body)
        post.prepare_body()  # the summary as Post.save() derives it from the final body

    def gallery_for(self, post, position, shortcode, records):
        """The gallery at ``position`` in ``post``, created or brought up to date."""
        title = gallery_title(post.title, position)
        record = records.get((post.wp_id, position))
        if record is None:
            gallery = Gallery(title=title, language=post.language, status=MediaStatus.DRAFT)
            gallery.save()
            WordPressGallery.objects.create(
                post_wp_id=post.wp_id, position=position, shortcode=shortcode, gallery=gallery
            )
            self.galleries[gallery.pk] = "created"
            return gallery
        gallery, changed = record.gallery, False
        if record.shortcode != shortcode:
            record.shortcode = shortcode
            record.save(update_fields=["shortcode"])
            changed = True
        if (gallery.title, gallery.language) != (title, post.language):
            gallery.title, gallery.language = title, post.language
            gallery.save()
            changed = True
        self.galleries[gallery.pk] = "updated" if changed else "unchanged"
        return gallery


def canonical_url(ref):
    """A short address of a video, for one whose given address is too long to keep."""
    if ref.provider == Video.Provider.YOUTUBE:
        return f"https://www.youtube.com/watch?v={ref.video_id}"
    return f"https://vimeo.com/{ref.video_id}" + (
        f"/{ref.privacy_hash}" if ref.privacy_hash else ""
    )
