"""What the index knows of each kind of object, and where to find those objects.

A source turns one model's objects into ``Document``s: posts and pages here,
images, videos and galleries through the media app's hook. A new content
type is one more source, not a rewrite. The index keeps no copy of the
text: a source also gives the plain text of a few objects (``texts``), for
the snippets of a page of results.
"""

import hashlib
import html
import re
from dataclasses import dataclass, field, fields
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from taggit.models import TaggedItem

from media_gallery import body_media
from media_gallery.search_documents import (
    SEARCHABLE_MODELS,
    body_parts,
    document_for,
    searchable_queryset,
)
from posts.html import TAG_RE
from posts.models import Post

# [caption …], [/caption], [gallery ids="1,2"], [embed]: the brackets go, any
# text they enclose stays.
SHORTCODE_RE = re.compile(r"\[/?[a-zA-Z][\w-]*(?:\s[^\[\]]*)?/?\]")


@dataclass
class Document:
    source: str
    object_id: int
    kind: str
    title: str
    body: str
    language: str
    is_listed: bool
    published_at: object
    url: str
    thumbnail_url: str = ""
    category_ids: list = field(default_factory=list)
    keywords: list = field(default_factory=list)

    @cached_property
    def fingerprint(self):
        """A hash of everything indexed, to tell a stale entry from a current one."""
        values = {each.name: getattr(self, each.name) for each in fields(self)}
        values["category_ids"] = sorted(self.category_ids)
        # repr() of the values (no deep copy, no JSON): unambiguous and quick on long text.
        return hashlib.sha256(repr(values).encode()).hexdigest()

    @property
    def searchable_body(self):
        """Body text with tags (keywords) in front, so a tag name finds its posts."""
        return " ".join([*self.keywords, self.body]).strip()


def text_of(body):
    """Plain text of a stored (already sanitised) body, shortcode brackets and library
    media (see ``without_library_media``) removed.

    As posts.html.sanitized_html_to_text, with runs of spaces joined by
    str.split: a regex takes several times longer over a long body, and a
    rebuild reads every body.
    """
    text = html.unescape(TAG_RE.sub(" ", body_media.without_library_media(body or "")))
    return SHORTCODE_RE.sub(" ", " ".join(text.split()))


class PostSource:
    """Posts and pages, every status: visibility is decided at query time."""

    label = "posts.post"
    model = Post

    def queryset(self):
        return Post.objects.select_related(None).prefetch_related(
            Prefetch("categories", to_attr="indexed_categories")
        )

    def documents(self, posts):
        """The documents of ``posts`` (from ``queryset()``), their tags read in one query.

        (Prefetching through taggit's manager costs more than the rest of the
        document together.)
        """
        tagged = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Post),
            object_id__in=[post.pk for post in posts],
        )
        tags = {}
        for post_id, name in tagged.values_list("object_id", "tag__name"):
            tags.setdefault(post_id, []).append(name)
        return [self.document(post, sorted(tags.get(post.pk, []))) for post in posts]

    def texts(self, pks):
        """{pk: plain text} of these posts, as ``document()`` indexes it (without tags)."""
        rows = Post.objects.filter(pk__in=pks).values_list("pk", "body", "password")
        return {pk: "" if password else text_of(body) for pk, body, password in rows}

    def document(self, post, tags):
        return Document(
            source=self.label,
            object_id=post.pk,
            kind=post.kind,
            title=post.title,
            # A password-protected post's body is for those who know the password.
            body="" if post.password else text_of(post.body),
            language=post.language,
            is_listed=post.is_listed,
            published_at=post.published_at,
            url=post.get_absolute_url(),
            category_ids=[category.pk for category in post.indexed_categories],
            keywords=tags,
        )


class MediaSource:
    """Images, videos and galleries, through the media app's search hook."""

    def __init__(self, model):
        self.model = model
        self.label = model._meta.label_lower

    def queryset(self):
        return searchable_queryset(self.model)

    def texts(self, pks):
        """{pk: plain text} of these items, as ``document()`` indexes it."""
        return {
            obj.pk: " ".join(text for text in body_parts(obj) if text)
            for obj in self.model.objects.filter(pk__in=pks)
        }

    def documents(self, objects):
        return [self.document(obj) for obj in objects]

    def document(self, obj):
        data = document_for(obj)
        return Document(
            source=self.label,
            object_id=obj.pk,
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            language=data["language"],
            is_listed=data["is_listed"],
            published_at=data["published_at"],
            url=data["url"],
            thumbnail_url=data["thumbnail_url"] or "",
            category_ids=data["category_ids"],
        )


SOURCES = {
    source.label: source
    for source in [PostSource(), *(MediaSource(model) for model in SEARCHABLE_MODELS)]
}


def source_for(obj):
    """The source that indexes ``obj``'s model (proxies such as Page included), or None."""
    label = obj._meta.concrete_model._meta.label_lower
    return SOURCES.get(label)
