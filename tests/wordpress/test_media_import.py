"""WordPress media: twice without new files; missing and bad files reported, never fatal;
galleries, statuses and terms of hand-written exports; renditions afterwards.

What one import of the Theme Unit Test export with its uploads makes (images, videos,
featured images, galleries, videos in bodies) is read in test_imported_with_media.py.
"""

import pytest
from django.test import override_settings

from media_gallery import body_media
from media_gallery.models import Gallery, Image, MediaStatus, Rendition, Video
from posts.models import Post
from tests.media_gallery import samples
from tests.wordpress.conftest import (
    attachments_of,
    make_uploads,
    run_import,
    write_wxr,
    wxr_attachment,
    wxr_item,
)
from tests.wordpress.test_importer import summary
from wordpress.models import WordPressAttachment, WordPressGallery

pytestmark = pytest.mark.django_db

# The Theme Unit Test export: 37 attachments, 34 JPEGs, a GIF, an MP3 and a .mov.
IMAGES, VIDEOS = 35, 1
# One per post and set of images: post 555 shows one gallery ten times, post 1752 one twice.
GALLERIES = 12
FEATURED = {  # post -> attachment of its _thumbnail_id
    1011: 1022,
    1016: 1027,
    1163: 1628,
}


def image_of(wp_id):
    return WordPressAttachment.objects.get(wp_id=wp_id).image


def test_gallery_blocks_become_galleries_in_order(block_test, tmp_path):
    uploads = make_uploads(block_test, tmp_path / "uploads")
    run_import(block_test, uploads_dir=str(uploads), verbosity=0)
    page = Post.objects.get(slug="gallery")
    records = WordPressGallery.objects.filter(post_wp_id=page.wp_id).order_by("position")
    first = [
        [item.image for item in record.gallery.items.order_by("sort_order")]
        for record in records[:2]
    ]
    assert first == [
        [image_of(769), image_of(767)],
        [image_of(755), image_of(757), image_of(758), image_of(760)],
    ]
    assert page.gallery == records[0].gallery
    body = page.body
    assert '<p class="gallery-caption">Gallery caption</p>' in body
    assert "wp-block-gallery" not in body
    positions = [body.index(f'id="gallery-{record.gallery_id}"') for record in records]
    assert positions == sorted(positions)
    shown = body_media.render(body)  # (its address, /gallery/, is the gallery index's)
    assert shown.html.count('class="post-gallery"') == body.count('class="gallery-placeholder"')
    assert [gallery.pk for gallery in shown.galleries] == [s.gallery_id for s in records]


def test_second_run_changes_nothing_and_stores_no_file(
    imported_with_media, theme_unit_test, theme_uploads, storage_files
):
    files_before = storage_files()
    items = (Image.objects.count(), Video.objects.count(), Gallery.objects.count())
    output = run_import(theme_unit_test, uploads_dir=str(theme_uploads))
    rows = summary(output)
    assert rows["attachments"] == [0, 0, 37, 0, 0]
    assert rows["images"] == [0, 0, IMAGES, 0, 0]
    assert rows["videos"] == [0, 0, VIDEOS, 0, 0]
    assert rows["video embeds"] == [0, 0, 2, 0, 0]
    assert rows["galleries"] == [0, 0, GALLERIES, 0, 0]
    assert rows["posts"] == [0, 0, 58, 0, 0]
    assert storage_files() == files_before
    assert (Image.objects.count(), Video.objects.count(), Gallery.objects.count()) == items
    assert "Renditions" not in output


def test_a_changed_file_replaces_the_image_and_nothing_else(
    imported_with_media, theme_unit_test, theme_uploads, tmp_path, storage_files
):
    uploads = tmp_path / "uploads"
    make_uploads(theme_unit_test, uploads)
    (uploads / "2008/06/canola2.jpg").write_bytes(samples.jpeg(400, 300, seed=9999))
    canola = image_of(611)
    old_file = canola.file.name
    output = run_import(theme_unit_test, uploads_dir=str(uploads))
    assert summary(output)["images"] == [0, 1, IMAGES - 1, 0, 0]
    canola.refresh_from_db()
    assert (canola.pk, canola.width) == (image_of(611).pk, 400)
    assert canola.file.name != old_file
    assert Image.objects.count() == IMAGES


def test_missing_files_are_listed_and_a_later_run_completes_them(theme_unit_test, tmp_path):
    uploads = make_uploads(theme_unit_test, tmp_path / "uploads", leave_out={1022, 611, 821})
    output = run_import(theme_unit_test, uploads_dir=str(uploads))
    assert "Missing media: 2 files" in output  # the MP3 is no media item: not missed
    for path in ("2013/03/featured-image-horizontal.jpg", "2008/06/canola2.jpg"):
        assert f"\n  {path}\n" in output
    assert summary(output)["images"] == [IMAGES - 2, 0, 0, 0, 0]
    waiting = WordPressAttachment.objects.get(wp_id=1022)
    assert (waiting.file_found, waiting.image) == (False, None)
    assert Post.objects.get(wp_id=1011).featured_image is None
    assert "Featured images: 6 in the file, 5 set now, 1 waiting for their image's file." in output
    gallery = Post.objects.get(wp_id=555).gallery
    assert image_of(611) is None
    make_uploads(theme_unit_test, uploads)
    again = run_import(theme_unit_test, uploads_dir=str(uploads))
    assert "Missing media: none." in again
    assert summary(again)["images"] == [2, 0, IMAGES - 2, 0, 0]
    assert Post.objects.get(wp_id=1011).featured_image == image_of(1022)
    assert gallery.items.filter(image=image_of(611)).exists()
    # The galleries showing the two images (post 555's, and some of post 1752's) gain them.
    gained = Gallery.objects.filter(items__image__in=[image_of(611), image_of(1022)])
    assert gained.distinct().count() == 6
    assert summary(again)["galleries"] == [0, 6, GALLERIES - 6, 0, 0]


def test_without_uploads_dir_attachments_are_recorded_only(theme_unit_test, storage_files):
    output = run_import(theme_unit_test)
    assert "Media files: not imported (no --uploads-dir)" in output
    assert WordPressAttachment.objects.count() == 37
    assert (Image.objects.count(), storage_files()) == (0, [])
    galleries = Gallery.objects.all()
    assert {gallery.status for gallery in galleries} == {MediaStatus.DRAFT}  # nothing in them
    assert Video.objects.filter(provider="youtube").count() == 2  # embeds need no file


def test_dry_run_with_uploads_writes_nothing(theme_unit_test, theme_uploads, storage_files):
    output = run_import(theme_unit_test, uploads_dir=str(theme_uploads), dry_run=True)
    assert summary(output)["images"] == [IMAGES, 0, 0, 0, 0]
    assert (Image.objects.count(), Gallery.objects.count(), storage_files()) == (0, 0, [])


def test_bad_files_are_reported_skips(tmp_path, storage_files):
    uploads = tmp_path / "uploads"
    (uploads / "2017/07").mkdir(parents=True)
    (uploads / "2017/07/minutes.jpg").write_bytes(samples.not_an_image())
    (uploads / "2017/07/cut.jpg").write_bytes(samples.truncated_jpeg())
    (uploads / "2017/07/phone.mov").write_bytes(samples.mp4(brand=b"qt  "))
    (uploads / "2017/07/good.png").write_bytes(samples.png())
    export = write_wxr(
        tmp_path,
        wxr_attachment(11, "2017/07/minutes.jpg"),
        wxr_attachment(12, "2017/07/cut.jpg"),
        wxr_attachment(13, "2017/07/phone.mov"),
        wxr_attachment(14, "2017/07/good.png"),
        wxr_attachment(15, "2017/07/gone.jpg"),
        wxr_attachment(16, "2017/07/report.pdf"),
    )
    output = run_import(export, uploads_dir=str(uploads))
    assert summary(output)["images"] == [1, 0, 0, 2, 0]
    assert summary(output)["videos"] == [0, 0, 0, 1, 0]
    assert "attachment 11 (2017/07/minutes.jpg) not imported: minutes.jpg is not an image" in output
    assert "attachment 12 (2017/07/cut.jpg) not imported: cut.jpg is damaged" in output
    assert "attachment 13 (2017/07/phone.mov) not imported: phone.mov is damaged" in output
    assert "Missing media: 1 file;" in output
    assert "\n  2017/07/gone.jpg\n" in output
    assert "Other attachments (recorded, not media the library holds): pdf (1)" in output
    assert "Traceback" not in output
    good = image_of(14)
    assert sorted(storage_files()) == [good.file.name]
    assert WordPressAttachment.objects.count() == 6


def test_the_same_file_twice_is_one_image(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2017/07").mkdir(parents=True)
    photo = samples.jpeg(seed=3)
    (uploads / "2017/07/a.jpg").write_bytes(photo)
    (uploads / "2017/07/a-copy.jpg").write_bytes(photo)
    export = write_wxr(
        tmp_path,
        wxr_attachment(11, "2017/07/a.jpg", title="First"),
        wxr_attachment(12, "2017/07/a-copy.jpg", title="Second"),
    )
    output = run_import(export, uploads_dir=str(uploads))
    assert Image.objects.count() == 1
    assert image_of(11) == image_of(12)
    assert "attachment 12 (2017/07/a-copy.jpg) is the same file as image" in output


def test_gallery_shortcode_attributes_choose_and_order_images(tmp_path):
    uploads = tmp_path / "uploads"
    attachments = []
    for wp_id, order in ((21, 3), (22, 1), (23, 2), (24, 0)):
        (uploads / "2017/07").mkdir(parents=True, exist_ok=True)
        (uploads / f"2017/07/p{wp_id}.jpg").write_bytes(samples.jpeg(seed=wp_id))
        attachments.append(
            wxr_attachment(wp_id, f"2017/07/p{wp_id}.jpg", parent=1, menu_order=order)
        )
    content = (
        '[gallery]\n\n[gallery ids="23,21,99"]\n\n[gallery exclude="24" order="DESC"]\n\n'
        '[gallery ids="21,22" orderby="ID" order="DESC"]\n\n[gallery columns="2"]'
    )
    export = write_wxr(tmp_path, wxr_item(1, content=content), *attachments)
    run_import(export, uploads_dir=str(uploads), verbosity=0)
    records = WordPressGallery.objects.filter(post_wp_id=1).order_by("position")
    shown = [
        [
            image.pk
            for image in Image.objects.filter(gallery_items__gallery=record.gallery).order_by(
                "gallery_items__sort_order"
            )
        ]
        for record in records
    ]
    assert shown == [
        [image_of(i).pk for i in (24, 22, 23, 21)],
        [image_of(i).pk for i in (23, 21)],
        [image_of(i).pk for i in (21, 23, 22)],
        [image_of(i).pk for i in (22, 21)],
    ]  # [gallery columns="2"] shows what [gallery] does: the first gallery again
    assert Post.objects.get(wp_id=1).body.count(f'id="gallery-{records[0].gallery_id}"') == 2


def test_media_follow_their_post_and_attachment_status(tmp_path, monkeypatch):
    """An attachment "inherits" its post's status: photos of a draft, private or not yet
    published post stay hidden, even when the post comes later in the file."""
    monkeypatch.setattr("wordpress.importer.BATCH_SIZE", 1)
    uploads = tmp_path / "uploads"
    (uploads / "2017/07").mkdir(parents=True)
    for n in range(11, 18):
        (uploads / f"2017/07/{n}.jpg").write_bytes(samples.jpeg(seed=n))
    export = write_wxr(
        tmp_path,
        wxr_item(1, status="draft", content='https://vimeo.com/22439234\n\n[gallery ids="11"]'),
        wxr_item(3, status="future", date_gmt="2099-01-01 08:00:00"),
        wxr_attachment(11, "2017/07/11.jpg", parent=1),
        wxr_attachment(12, "2017/07/12.jpg", status="private"),
        wxr_attachment(13, "2017/07/13.jpg"),
        wxr_attachment(14, "2017/07/14.jpg", parent=2),
        wxr_attachment(15, "2017/07/15.jpg", parent=3),
        wxr_attachment(16, "2017/07/16.jpg", parent=99),
        wxr_attachment(17, "2017/07/17.jpg", parent=4),
        wxr_item(2),
        wxr_item(4, status="private"),
    )
    for run in range(2):
        run_import(export, uploads_dir=str(uploads), verbosity=0)
        public = {n for n in range(11, 18) if image_of(n).is_public}
        assert public == {13, 14, 16}, f"run {run + 1}"
        assert image_of(15).status == MediaStatus.PUBLISHED
        assert image_of(15).published_at == Post.objects.get(wp_id=3).published_at
        assert Video.objects.get(video_id="22439234").status == MediaStatus.DRAFT
        assert Post.objects.get(wp_id=1).gallery.status == MediaStatus.DRAFT


@pytest.fixture
def before_settle(monkeypatch):
    """Which attachments' media are public just before the import's last step, per run:
    what visitors could see while the import ran."""
    from wordpress.media_files import AttachmentMedia

    seen = []
    settle = AttachmentMedia.settle

    def recording(media_files):
        linked = WordPressAttachment.objects.exclude(image=None, video=None)
        seen.append({a.wp_id: a.media.is_public for a in linked.select_related("image", "video")})
        settle(media_files)

    monkeypatch.setattr(AttachmentMedia, "settle", recording)
    return seen


@pytest.mark.parametrize("lowest_first", [True, False])
def test_attachments_sharing_a_file_follow_the_lowest_id_from_the_first_run(
    tmp_path, lowest_first, before_settle
):
    uploads = tmp_path / "uploads"
    (uploads / "2017/07").mkdir(parents=True)
    (uploads / "2017/07/a.jpg").write_bytes(samples.jpeg(seed=1))
    (uploads / "2017/07/a-copy.jpg").write_bytes(samples.jpeg(seed=1))
    items = [
        wxr_attachment(11, "2017/07/a.jpg", title="First", parent=1),
        wxr_attachment(12, "2017/07/a-copy.jpg", title="Second", parent=2),
    ]
    export = write_wxr(
        tmp_path,
        *(items if lowest_first else items[::-1]),
        wxr_item(1, status="private"),
        wxr_item(2),
    )
    for run in range(3):
        run_import(export, uploads_dir=str(uploads), verbosity=0)
        image = image_of(11)
        assert image == image_of(12)
        # 11 decides: its title, and hidden as its private post is, at every moment.
        assert (image.title, image.is_public) == ("First", False), f"run {run + 1}"
        assert before_settle[-1] == {11: False, 12: False}
    assert Image.objects.count() == 1


@pytest.mark.parametrize("lowest_first", [True, False])
def test_a_shared_file_stays_public_when_its_lowest_id_has_no_post(
    tmp_path, lowest_first, before_settle
):
    uploads = tmp_path / "uploads"
    (uploads / "2017/07").mkdir(parents=True)
    (uploads / "2017/07/a.jpg").write_bytes(samples.jpeg(seed=1))
    (uploads / "2017/07/a-copy.jpg").write_bytes(samples.jpeg(seed=1))
    items = [
        wxr_attachment(11, "2017/07/a.jpg"),
        wxr_attachment(12, "2017/07/a-copy.jpg", parent=1),
    ]
    export = write_wxr(
        tmp_path, *(items if lowest_first else items[::-1]), wxr_item(1, status="private")
    )
    for run in range(2):
        run_import(export, uploads_dir=str(uploads), verbosity=0)
        assert image_of(11).is_public, f"run {run + 1}"
        assert before_settle[-1] == {11: True, 12: True}


def photo_of_post_4_imported(tmp_path, monkeypatch):
    """A public photo of post 4, imported from a file where the post comes a few batches
    after it; returns a function that imports the file again with post 4 as given."""
    monkeypatch.setattr("wordpress.importer.BATCH_SIZE", 1)
    uploads = tmp_path / "uploads"
    (uploads / "2017/07").mkdir(parents=True)
    (uploads / "2017/07/a.jpg").write_bytes(samples.jpeg(seed=1))
    attachment = wxr_attachment(11, "2017/07/a.jpg", parent=4)
    filler = [wxr_item(n) for n in range(20, 26)]

    def reimport(post):
        run_import(write_wxr(tmp_path, attachment, *filler, post), uploads_dir=str(uploads))

    reimport(wxr_item(4))
    assert image_of(11).is_public
    return reimport


def test_a_post_made_private_since_the_last_run_hides_its_photos(
    tmp_path, monkeypatch, before_settle
):
    reimport = photo_of_post_4_imported(tmp_path, monkeypatch)
    reimport(wxr_item(4, status="private"))
    assert before_settle[-1] == {11: False}  # hidden before the post was written
    assert not image_of(11).is_public
    reimport(wxr_item(4))
    assert image_of(11).is_public


def test_a_post_scheduled_since_the_last_run_holds_its_photos_back(
    tmp_path, monkeypatch, before_settle
):
    reimport = photo_of_post_4_imported(tmp_path, monkeypatch)
    reimport(wxr_item(4, status="future", date_gmt="2099-01-01 08:00:00"))
    assert before_settle[-1] == {11: False}
    image = image_of(11)
    assert (image.status, image.is_public) == (MediaStatus.PUBLISHED, False)
    assert image.published_at == Post.objects.get(wp_id=4).published_at


def test_photos_of_a_post_gone_from_wordpress_stay_public_through_reruns(tmp_path, before_settle):
    uploads = tmp_path / "uploads"
    (uploads / "2017/07").mkdir(parents=True)
    (uploads / "2017/07/a.jpg").write_bytes(samples.jpeg(seed=1))
    export = write_wxr(tmp_path, wxr_attachment(11, "2017/07/a.jpg", parent=99), wxr_item(1))
    for _run in range(2):
        run_import(export, uploads_dir=str(uploads), verbosity=0)
        assert image_of(11).is_public
    assert before_settle == [{11: False}, {11: True}]  # new: held until the end; then kept


def test_a_failed_attachment_keeps_later_items_in_a_renamed_category(tmp_path, monkeypatch):
    from posts.models import Category

    monkeypatch.setattr("wordpress.importer.BATCH_SIZE", 1)
    uploads = tmp_path / "uploads"
    (uploads / "2017/07").mkdir(parents=True)
    (uploads / "2017/07/bad.jpg").write_bytes(b"not an image at all")
    news = '<category domain="category" nicename="news"><![CDATA[News]]></category>'
    export = write_wxr(
        tmp_path, wxr_attachment(11, "2017/07/bad.jpg", terms=news), wxr_item(1, terms=news)
    )
    run_import(export, uploads_dir=str(uploads), verbosity=0)
    Category.objects.filter(slug="news").update(slug="akhbar")  # an editor's new slug
    run_import(export, uploads_dir=str(uploads), verbosity=0)
    assert [c.slug for c in Post.objects.get(wp_id=1).categories.all()] == ["akhbar"]
    assert not Category.objects.filter(slug="news").exists()


def test_a_failed_attachment_leaves_its_new_terms_usable_by_later_items(tmp_path, monkeypatch):
    monkeypatch.setattr("wordpress.importer.BATCH_SIZE", 1)
    uploads = tmp_path / "uploads"
    (uploads / "2017/07").mkdir(parents=True)
    (uploads / "2017/07/bad.jpg").write_bytes(b"not an image at all")
    terms = (
        '<category domain="category" nicename="undeclared"><![CDATA[Undeclared]]></category>'
        '<category domain="post_tag" nicename="fresh"><![CDATA[Fresh]]></category>'
    )
    export = write_wxr(
        tmp_path,
        wxr_attachment(11, "2017/07/bad.jpg", terms=terms),
        wxr_item(1, terms=terms),
    )
    output = run_import(export, uploads_dir=str(uploads))
    assert "attachment 11 (2017/07/bad.jpg) not imported" in output
    post = Post.objects.get(wp_id=1)
    assert [c.slug for c in post.categories.all()] == ["undeclared"]
    assert [t.name for t in post.tags.all()] == ["Fresh"]


def test_attachment_terms_become_media_categories_and_tags(tmp_path):
    uploads = tmp_path / "uploads"
    (uploads / "2017/07").mkdir(parents=True)
    (uploads / "2017/07/a.jpg").write_bytes(samples.jpeg(seed=1))
    terms = (
        '<category domain="category" nicename="news"><![CDATA[News]]></category>'
        '<category domain="post_tag" nicename="rally"><![CDATA[Rally]]></category>'
    )
    export = write_wxr(tmp_path, wxr_attachment(11, "2017/07/a.jpg", terms=terms))
    run_import(export, uploads_dir=str(uploads), verbosity=0)
    image = image_of(11)
    assert [c.slug for c in image.categories.all()] == ["news"]
    assert [t.name for t in image.tags.all()] == ["Rally"]


def test_renditions_are_left_for_afterwards_and_made_by_the_command(
    theme_unit_test, theme_uploads, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = run_import(theme_unit_test, uploads_dir=str(theme_uploads))
    assert Rendition.objects.count() == 0
    assert "Renditions: 35 images need them." in output
    from django.core.management import call_command

    call_command("regenerate_renditions", missing_only=True, verbosity=0)
    assert sorted(Rendition.objects.filter(image=image_of(754)).values_list("spec", "format")) == [
        ("fill-150x150", "jpeg"),
        ("fill-150x150", "webp"),
        ("fill-300x300", "jpeg"),
        ("fill-300x300", "webp"),
        ("width-300", "jpeg"),
        ("width-300", "webp"),
    ]
    assert Rendition.objects.count() == 204


@override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}})
def test_renditions_are_queued_when_a_worker_makes_them(theme_unit_test, theme_uploads):
    from django.tasks import default_task_backend

    output = run_import(theme_unit_test, uploads_dir=str(theme_uploads))
    assert "Renditions: queued for 35 images" in output
    assert len(default_task_backend.results) == IMAGES


def test_attachment_files_of_the_export_match_the_fixture(theme_unit_test):
    """The fixture's README: 37 attachments, 34 JPEGs, a GIF, an MP3 and a .mov."""
    extensions = [path.rpartition(".")[2] for path in attachments_of(theme_unit_test).values()]
    assert sorted(extensions).count("jpg") == 34
    assert {e: extensions.count(e) for e in ("gif", "mp3", "mov")} == {"gif": 1, "mp3": 1, "mov": 1}
