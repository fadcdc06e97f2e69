"""Listing summaries made before automatic excerpts left out media blocks are made again.

A summary of a post placing library media (a figure, a video or gallery
block) could hold a draft image's caption or a draft gallery's title, which
listings, feeds and meta descriptions show to visitors. Only such posts
without an excerpt of their own or a password are touched; the rule is
posts.html's, as every save applies it.
"""

from django.db import migrations
from django.db.models import Q

from posts.html import excerpt_from_html
from posts.models import MORE_MARKER


def remake_summaries(apps, schema_editor):
    Post = apps.get_model("posts", "Post")
    placing = Post.objects.filter(
        Q(body__contains="<figure") | Q(body__contains="-placeholder"), excerpt="", password=""
    )
    for post in placing.only("pk", "body").iterator(chunk_size=500):
        summary = excerpt_from_html(post.body.split(MORE_MARKER, 1)[0])
        Post.objects.filter(pk=post.pk).update(summary=summary)


class Migration(migrations.Migration):
    dependencies = [("posts", "0011_category_description_html")]

    operations = [migrations.RunPython(remake_summaries, migrations.RunPython.noop)]
