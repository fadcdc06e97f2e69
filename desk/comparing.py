"""A revision compared with the current version: texts word by word, the rest side by side."""

import difflib
import re

from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from posts.html import html_to_text
from posts.models import Category, Post

from .revisions import RESTORED_FIELDS

TEXT_FIELDS = ("title", "excerpt", "body")
TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old, new):
    """HTML of ``new`` with the words ``old`` had and it has not in <del>, and its
    new words in <ins>; both sides escaped."""
    before, after = TOKENS.findall(old), TOKENS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = escape("".join(before[i1:i2])), escape("".join(after[j1:j2]))
        if op == "equal":
            parts.append(added)
            continue
        if removed:
            parts.append(f"<del>{removed}</del>")
        if added:
            parts.append(f"<ins>{added}</ins>")
    return mark_safe("".join(parts))


def current_fields(post):
    return {
        "title": post.title,
        "body": post.body,
        "excerpt": post.excerpt,
        "status": post.status,
        "published_at": post.published_at,
        "categories": sorted(post.categories.values_list("pk", flat=True)),
        "tags": sorted(post.tags.names()),
        "featured_image_id": post.featured_image_id,
        "gallery_id": post.gallery_id,
    }


def shown(name, value):
    """A field's value as an editor reads it; what no longer exists says so."""
    if name in ("featured_image_id", "gallery_id"):
        if value is None:
            return "—"
        model = Post._meta.get_field(name.removesuffix("_id")).related_model
        found = model.objects.filter(pk=value).first()
        return str(found) if found else f"({model._meta.verbose_name} {value}, deleted)"
    if name == "categories":
        names = dict(Category.objects.filter(pk__in=value).values_list("pk", "name"))
        return ", ".join(names.get(pk, f"(category {pk}, deleted)") for pk in value) or "—"
    if name == "tags":
        return ", ".join(value) or "—"
    if name == "status":
        return Post.Status(value).label if value in Post.Status.values else value
    if name == "published_at":
        return localize(localtime(value)) if value else "—"
    return value


def compare(snapshot, post):
    """Each field of ``snapshot`` against ``post`` as it is now: a word diff for texts
    (the body's text, as readers see it), before and after for the rest."""
    now = current_fields(post)
    differences = []
    for name, label in RESTORED_FIELDS.items():
        old, new = snapshot.fields.get(name), now[name]
        row = {"label": label, "changed": old != new}
        if name in TEXT_FIELDS:
            if name == "body":
                old, new = html_to_text(old or ""), html_to_text(new or "")
            row["diff"] = word_diff(old or "", new or "")
        else:
            row["before"], row["after"] = shown(name, old), shown(name, new)
        differences.append(row)
    return differences
