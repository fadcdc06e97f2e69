from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from posts.models import Category


class SearchEntryQuerySet(models.QuerySet):
    def visible(self):
        """Entries a visitor may find now: the index's twin of ``Post.objects.published()``.

        Visibility is stored as the source's listing flag and date and checked
        here, at query time, so a scheduled post becomes findable at its time
        without a rebuild.
        """
        return self.filter(is_listed=True, published_at__lte=timezone.now())

    def in_categories(self, categories):
        """Entries filed under any of ``categories`` or their descendants."""
        if not categories:
            return self
        subtrees = Category.objects.none()
        for category in categories:
            subtrees = subtrees | Category.objects.subtree(category)
        through = SearchEntry.categories.through.objects.filter(category__in=subtrees)
        return self.filter(pk__in=through.values("searchentry_id"))


class SearchEntry(models.Model):
    """One row per searchable object (post, page, media item), holding what search needs.

    The words themselves live in backend-specific structures created by the
    migrations: tsvector columns with GIN indexes on PostgreSQL, an FTS5
    table on SQLite (see search/backends/). The text is not copied here:
    snippets read it from the source (``body``), for the few results shown.
    """

    class Kind(models.TextChoices):
        POST = "post", _("Post")
        PAGE = "page", _("Page")
        MEDIA = "media", _("Media")

    source = models.CharField(max_length=50, help_text=_("app_label.model of the object"))
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=10, choices=Kind)
    title = models.TextField()
    language = models.CharField(max_length=10, default="en")
    is_listed = models.BooleanField(
        help_text=_("Whether the source's status lets visitors see it (from its date on).")
    )
    published_at = models.DateTimeField(null=True)
    url = models.CharField(max_length=1000)
    thumbnail_url = models.CharField(max_length=1000, blank=True)
    categories = models.ManyToManyField(Category, related_name="+")
    fingerprint = models.CharField(max_length=64, help_text=_("Hash of the indexed document."))
    words_fingerprint = models.CharField(
        max_length=32,
        blank=True,
        default="",
        help_text=_("Hash of the indexed words alone: unchanged words are not written again."),
    )

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="search_entry_source"),
        ]
        indexes = [
            models.Index(fields=["is_listed", "published_at"], name="search_entry_visible"),
            models.Index(fields=["kind", "published_at"], name="search_entry_kind_date"),
        ]

    def __str__(self):
        return self.title

    @property
    def body(self):
        """The source's plain text, for snippets: read from the source, never stored here.

        ``engine.load_entries`` sets it for a whole page of results at once.
        """
        if not hasattr(self, "_body"):
            from .documents import SOURCES

            self._body = SOURCES[self.source].texts([self.object_id]).get(self.object_id, "")
        return self._body

    @body.setter
    def body(self, text):
        self._body = text


class Word(models.Model):
    """Every word the index holds, with its stem: the vocabulary queries are expanded from.

    The index stores words as written (normalised, unstemmed), so exact
    phrases and prefixes are plain index lookups; a stemmed search asks for
    every indexed word sharing the query word's stem. ``documents`` (how many
    entries hold the word: exact after a full rebuild, the first entries a
    word came with for a word added since) orders suggestions and prefix
    completions, and tells the backends how common a query is.
    """

    word = models.CharField(max_length=100, primary_key=True)
    stem = models.CharField(max_length=100)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("indexed word")
        verbose_name_plural = _("indexed words")
        # Stems are looked up by equality only (no LIKE index beside it on PostgreSQL).
        indexes = [models.Index(fields=["stem"], name="search_word_stem")]

    def __str__(self):
        return self.word
