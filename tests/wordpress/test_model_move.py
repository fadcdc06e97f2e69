"""The WordPress models moved from the posts app to the wordpress app without losing a row."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wordpress.models import WordPressAttachment, WordPressGallery

BEFORE_THE_MOVE = [
    ("posts", "0007_wordpress_attachment_credit"),
    ("media_gallery", "0002_image_description"),
    ("wordpress", None),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_layout(transactional_db):
    """A database migrated only as far as the old layout; migrated back to the latest after."""
    old_apps = migrate(BEFORE_THE_MOVE)
    yield old_apps
    migrate(latest())


def import_with_old_layout(apps):
    """What an import made before the move: a post, its photo and gallery, and their records."""
    Image = apps.get_model("media_gallery", "Image")
    Gallery = apps.get_model("media_gallery", "Gallery")
    image = Image.objects.create(
        title="Rally in Paris",
        slug="rally-in-paris",
        status="published",
        file="images/2017/07/rally.jpg",
        width=640,
        height=480,
        format="JPEG",
        bytes=1000,
        checksum="a" * 64,
    )
    gallery = Gallery.objects.create(title="Paris 2017", slug="paris-2017", status="published")
    Attachment = apps.get_model("posts", "WordPressAttachment")
    Attachment.objects.create(
        wp_id=1690,
        parent_wp_id=555,
        url="https://old.example.org/wp-content/uploads/2017/07/rally.jpg",
        link_path="/?attachment_id=1690",
        file_path="2017/07/rally.jpg",
        title="Rally in Paris",
        credit="NCRI photo",
        file_found=True,
        image=image,
    )
    Attachment.objects.create(wp_id=1691, url="https://old.example.org/x.pdf", file_found=False)
    apps.get_model("posts", "WordPressGallery").objects.create(
        post_wp_id=555, position=0, shortcode='[gallery ids="1690"]', gallery=gallery
    )
    return image, gallery


def test_imported_rows_survive_the_move_with_their_links(old_layout):
    image, gallery = import_with_old_layout(old_layout)

    migrate(latest())

    assert list(WordPressAttachment.objects.values_list("wp_id", "file_found")) == [
        (1690, True),
        (1691, False),
    ]
    photo = WordPressAttachment.objects.get(wp_id=1690)
    assert (photo.image_id, photo.credit, photo.link_path) == (
        image.pk,
        "NCRI photo",
        "/?attachment_id=1690",
    )
    assert photo.image.title == "Rally in Paris"
    record = WordPressGallery.objects.get()
    assert (record.post_wp_id, record.gallery_id) == (555, gallery.pk)
    assert record.gallery.wordpress_record == record


def test_permissions_follow_the_models(old_layout):
    old_type = ContentType.objects.get_or_create(app_label="posts", model="wordpressattachment")[0]
    permission = Permission.objects.get_or_create(
        content_type=old_type, codename="view_wordpressattachment", defaults={"name": "Can view"}
    )[0]

    migrate(latest())

    permission.refresh_from_db()
    assert permission.content_type.app_label == "wordpress"
    assert not ContentType.objects.filter(app_label="posts", model="wordpressattachment").exists()
