"""Images' captions and descriptions and galleries' descriptions become HTML.

They are written in the rich-text editor from now on and shown as HTML. Until
now they were plain text (typed in a text box, or made plain by the WordPress
import) shown escaped: each becomes the HTML of the same text, so a ``<`` or
``&`` in it stays a character and its paragraphs and line breaks stay.
"""

from django.db import migrations

from posts.html import html_to_paragraphs, text_to_html

FIELDS = {"Image": ("caption", "description"), "Gallery": ("description",)}
CHUNK_SIZE = 500


def convert(apps, convert_value):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("media_gallery", model_name)
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), CHUNK_SIZE):
            items = model.objects.filter(pk__in=pks[start : start + CHUNK_SIZE]).only(*fields)
            for item in items:
                for name in fields:
                    value = getattr(item, name)
                    setattr(item, name, convert_value(value) if value else "")
            model.objects.bulk_update(items, fields)


def to_html(apps, schema_editor):
    convert(apps, text_to_html)


def to_text(apps, schema_editor):
    convert(apps, html_to_paragraphs)


class Migration(migrations.Migration):
    dependencies = [("media_gallery", "0003_rendition_origin_key")]

    operations = [migrations.RunPython(to_html, to_text, elidable=True)]
