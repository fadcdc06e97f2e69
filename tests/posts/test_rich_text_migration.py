"""Captions and descriptions typed as plain text before the editor look the same after
the migration that makes them HTML; a WordPress category's description keeps its markup."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from media_gallery.models import Gallery, Image
from posts.models import Category

BEFORE = [
    ("posts", "0010_author_profiles_for_existing_accounts"),
    ("media_gallery", "0003_rendition_origin_key"),
]
AFTER = [
    ("posts", "0011_category_description_html"),
    ("media_gallery", "0004_rich_text_captions_and_descriptions"),
]
TYPED = "Tehran & Paris, 1988 <not a tag>\nsecond line\n\nSecond paragraph"
AS_HTML = (
    "<p>Tehran &amp; Paris, 1988 &lt;not a tag&gt;<br>second line</p>\n\n<p>Second paragraph</p>"
)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def before_the_editor(transactional_db):
    """The database as it was before captions were HTML; migrated to the latest after."""
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_plain_text_becomes_the_same_text_as_html_and_back(before_the_editor):
    apps = before_the_editor
    image = apps.get_model("media_gallery", "Image").objects.create(
        title="Vigil", slug="vigil", file="images/v.jpg", width=1, height=1, format="JPEG",
        bytes=1, checksum="a" * 64, caption=TYPED, description="",
    )  # fmt: skip
    gallery = apps.get_model("media_gallery", "Gallery").objects.create(
        title="Rally", slug="rally", description=TYPED
    )
    Old = apps.get_model("posts", "Category")
    typed = Old.objects.create(name="Typed", slug="typed", path="typed", description=TYPED)
    imported = Old.objects.create(
        name="Imported", slug="imported", path="imported", wp_id=7,
        description='Items <a href="https://example.org/" onclick="x()">linked</a> &amp; more',
    )  # fmt: skip
    markup = Old.objects.create(
        name="Marked up", slug="marked", path="marked", wp_id=8, description="<p>One</p><p>Two</p>"
    )

    migrate(AFTER)

    assert Image.objects.get(pk=image.pk).caption == AS_HTML
    assert Image.objects.get(pk=image.pk).description == ""
    assert Gallery.objects.get(pk=gallery.pk).description == AS_HTML
    assert Category.objects.get(pk=typed.pk).description == AS_HTML
    assert Category.objects.get(pk=imported.pk).description == (
        '<p>Items <a href="https://example.org/" rel="noopener noreferrer">linked</a> &amp; more</p>'
    )
    assert Category.objects.get(pk=markup.pk).description == "<p>One</p><p>Two</p>"

    migrate(BEFORE)
    apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    reverted = apps.get_model("media_gallery", "Image").objects.get(pk=image.pk)
    assert reverted.caption == "Tehran & Paris, 1988 <not a tag>\n\nsecond line\n\nSecond paragraph"
