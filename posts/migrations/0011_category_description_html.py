"""Categories' descriptions become HTML, written in the rich-text editor from now on.

A description typed here was plain text shown escaped: it becomes the HTML of
the same text (a ``<`` or ``&`` stays a character). One imported from
WordPress (the category has a WordPress id) is already HTML, which was shown
escaped by mistake: it keeps its markup, given paragraphs if it had none (as
WordPress's ``wpautop`` shows a term's description), and is sanitised.
"""

from django.db import migrations
from django.utils.html import linebreaks

from posts.html import html_to_paragraphs, sanitize_html, text_to_html


def description_html(category):
    value = category.description
    if category.wp_id is None:
        return text_to_html(value)
    return sanitize_html(value if "<p" in value else linebreaks(value))


def to_html(apps, schema_editor):
    Category = apps.get_model("posts", "Category")
    changed = []
    for category in Category.objects.exclude(description="").only("pk", "wp_id", "description"):
        category.description = description_html(category)
        changed.append(category)
    Category.objects.bulk_update(changed, ["description"], batch_size=500)


def to_text(apps, schema_editor):
    Category = apps.get_model("posts", "Category")
    changed = []
    for category in Category.objects.exclude(description="").only("pk", "description"):
        category.description = html_to_paragraphs(category.description)
        changed.append(category)
    Category.objects.bulk_update(changed, ["description"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("posts", "0010_author_profiles_for_existing_accounts")]

    operations = [migrations.RunPython(to_html, to_text, elidable=True)]
