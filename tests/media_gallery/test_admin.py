"""The media admin: single and multi-file upload, refused files, videos, galleries, roles."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from media_gallery.models import Gallery, GalleryItem, Image, Video
from posts.models import Post
from tests.factories import UserFactory
from tests.staff import member

from . import samples
from .factories import GalleryFactory, ImageFactory, VideoFactory

pytestmark = pytest.mark.django_db

ADD_IMAGE = reverse("admin:media_gallery_image_add")
UPLOAD = reverse("admin:media_gallery_image_upload")
ADD_VIDEO = reverse("admin:media_gallery_video_add")
ADD_GALLERY = reverse("admin:media_gallery_gallery_add")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    return client


def image_form(**overrides):
    return {
        "title": "",
        "slug": "",
        "alt_text": "Marchers with flags",
        "caption": "",
        "credit": "",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "language": "en",
        "tags": "",
        "focal_x": "50",
        "focal_y": "50",
        **overrides,
    }


def errors(response):
    """The form's error messages, as the editor sees them."""
    form = (
        response.context["adminform"].form
        if "adminform" in response.context
        else response.context["form"]
    )
    return [message for messages in form.errors.values() for message in messages]


def test_single_upload_creates_an_image_with_renditions(
    admin_client, storage_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            ADD_IMAGE, image_form(upload=samples.upload(samples.jpeg(1600, 1200), "IMG_2034.jpg"))
        )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.title, image.width, image.height, image.format) == (
        "IMG 2034",
        1600,
        1200,
        "JPEG",
    )
    assert image.uploaded_by.username == "boss"
    assert image.renditions.count() == 2 * 6  # two crops and 300 to 1536 wide, in two formats
    assert len(storage_files()) == 1 + 12


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            samples.not_an_image(),
            "photo.jpg is not an image this site accepts (JPEG, PNG, GIF, WebP, AVIF).",
        ),
        (
            samples.truncated_jpeg(),
            "photo.jpg is damaged or incomplete; upload the file again or export it again.",
        ),
        (
            samples.png_bomb(),
            "photo.jpg has too many pixels to process (the limit is 80 megapixels). "
            "Reduce its size and upload it again.",
        ),
        (
            samples.svg(script=True),
            "photo.jpg is an SVG drawing. SVG files can carry scripts, so they are not "
            "accepted: export it as PNG.",
        ),
        (b"", "The submitted file is empty."),
    ],
    ids=["not-an-image", "truncated", "bomb", "svg", "empty"],
)
def test_refused_upload_is_a_form_error_and_stores_nothing(
    admin_client, storage_files, data, message
):
    response = admin_client.post(ADD_IMAGE, image_form(upload=samples.upload(data, "photo.jpg")))
    assert response.status_code == 200
    assert errors(response) == [message]
    assert not Image.objects.exists()
    assert storage_files() == []


def test_double_submit_keeps_one_image(
    admin_client, storage_files, django_capture_on_commit_callbacks
):
    data = samples.jpeg(seed=7)
    with django_capture_on_commit_callbacks(execute=True):
        first = admin_client.post(ADD_IMAGE, image_form(upload=samples.upload(data, "rally.jpg")))
    files = storage_files()
    second = admin_client.post(ADD_IMAGE, image_form(upload=samples.upload(data, "rally.jpg")))
    assert first.status_code == 302
    assert second.status_code == 200
    assert errors(second) == ["rally.jpg is already in the media library, as “rally”."]
    assert Image.objects.count() == 1
    assert storage_files() == files


def test_multi_upload_creates_one_image_per_file(
    admin_client, storage_files, django_capture_on_commit_callbacks
):
    uploads = [samples.upload(samples.jpeg(seed=n), f"summit-{n}.jpg") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            UPLOAD,
            {
                "files": uploads,
                "status": "draft",
                "credit": "NCRI",
                "language": "en",
                "tags": "Paris",
            },
            follow=True,
        )
    assert "3 images added." in response.text
    images = Image.objects.order_by("title")
    assert [(i.title, i.status, i.credit) for i in images] == [
        (f"summit {n}", "draft", "NCRI") for n in range(3)
    ]
    assert [list(i.tags.names()) for i in images] == [["Paris"]] * 3
    assert all(image.renditions.exists() for image in images)


def test_multi_upload_with_a_bad_file_keeps_none(admin_client, storage_files):
    uploads = [
        samples.upload(samples.jpeg(seed=1), "good.jpg"),
        samples.upload(samples.not_an_image(), "minutes.jpg"),
        samples.upload(samples.svg(), "logo.svg"),
        samples.upload(samples.jpeg(seed=2), "also-good.jpg"),
    ]
    response = admin_client.post(
        UPLOAD, {"files": uploads, "status": "published", "language": "en"}
    )
    assert response.status_code == 200
    assert errors(response) == [
        "minutes.jpg is not an image this site accepts (JPEG, PNG, GIF, WebP, AVIF).",
        "logo.svg is an SVG drawing. SVG files can carry scripts, so they are not accepted: export it as PNG.",
    ]
    assert not Image.objects.exists()
    assert storage_files() == []


def test_multi_upload_page_offers_a_multiple_file_input(admin_client):
    page = admin_client.get(UPLOAD)
    assert page.status_code == 200
    assert 'type="file" name="files"' in page.text
    assert "multiple" in page.text.split('name="files"')[1].split(">")[0]
    assert (
        reverse("admin:media_gallery_image_upload")
        in admin_client.get(reverse("admin:media_gallery_image_changelist")).text
    )


def test_focal_point_is_edited_on_the_change_form(admin_client):
    image = ImageFactory(title="Crowd")
    page = admin_client.get(reverse("admin:media_gallery_image_change", args=[image.pk]))
    assert "data-focal-point" in page.text
    data = image_form(title="Crowd", slug=image.slug, focal_x="80", focal_y="20")
    assert (
        admin_client.post(
            reverse("admin:media_gallery_image_change", args=[image.pk]), data
        ).status_code
        == 302
    )
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (80, 20)


def video_form(**overrides):
    return {
        "title": "Summit opening",
        "slug": "",
        "url": "",
        "description": "",
        "poster": "",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "language": "en",
        "tags": "",
        **overrides,
    }


def test_video_from_a_youtube_address(admin_client):
    response = admin_client.post(ADD_VIDEO, video_form(url="https://youtu.be/M7lc1UVf-VE"))
    assert response.status_code == 302
    video = Video.objects.get()
    assert (video.provider, video.video_id) == ("youtube", "M7lc1UVf-VE")


def test_video_from_an_unknown_host_is_refused(admin_client):
    response = admin_client.post(
        ADD_VIDEO, video_form(url="https://evil.example/watch?v=M7lc1UVf-VE")
    )
    assert response.status_code == 200
    assert errors(response)[0].startswith("Only YouTube and Vimeo addresses are accepted")
    assert not Video.objects.exists()


def test_same_video_twice_is_refused(admin_client):
    VideoFactory(title="Already here", video_id="M7lc1UVf-VE")
    response = admin_client.post(
        ADD_VIDEO, video_form(url="https://www.youtube.com/watch?v=M7lc1UVf-VE")
    )
    assert errors(response) == ["This video is already in the media library, as “Already here”."]
    assert Video.objects.count() == 1


def test_uploaded_video_needs_a_poster_and_is_cleaned(admin_client, storage_files):
    upload = samples.upload(samples.mp4(), "clip.mp4", "video/mp4")
    response = admin_client.post(ADD_VIDEO, video_form(upload=upload))
    assert errors(response) == ["An uploaded video needs a poster image."]
    assert storage_files() == []

    poster = ImageFactory()
    upload = samples.upload(samples.mp4(), "clip.mp4", "video/mp4")
    assert (
        admin_client.post(ADD_VIDEO, video_form(upload=upload, poster=poster.pk)).status_code == 302
    )
    video = Video.objects.get()
    assert (video.provider, video.file_format, video.poster) == ("file", "mp4", poster)
    with video.file.open("rb") as stored:
        assert samples.LOCATION not in stored.read()


def gallery_form(items, **overrides):
    data = {
        "title": "Berlin rally",
        "slug": "berlin-rally",
        "description": "",
        "cover": "",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "language": "en",
        "tags": "",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        **overrides,
    }
    for index, (order, field, media) in enumerate(items):
        data[f"items-{index}-sort_order"] = str(order)
        data[f"items-{index}-{field}"] = str(media.pk)
    return data


def test_gallery_items_are_saved_in_the_editors_order(admin_client):
    first, second = ImageFactory(title="First"), ImageFactory(title="Second")
    video = VideoFactory(title="Film")
    items = [(3, "image", second), (1, "video", video), (2, "image", first)]
    response = admin_client.post(ADD_GALLERY, gallery_form(items))
    assert response.status_code == 302
    gallery = Gallery.objects.get()
    assert [(str(item), item.sort_order) for item in gallery.items.all()] == [
        ("Film", 10),
        ("First", 20),
        ("Second", 30),
    ]


def test_gallery_item_must_be_one_thing_and_appear_once(admin_client):
    image = ImageFactory()
    response = admin_client.post(
        ADD_GALLERY, gallery_form([(1, "image", image), (2, "image", image)])
    )
    assert response.status_code == 200
    formset_errors = response.context["inline_admin_formsets"][0].formset.errors
    assert formset_errors[1] == {"image": [f"“{image.title}” is already in this gallery."]}
    assert not Gallery.objects.exists()

    data = gallery_form([(1, "image", image)])
    data["items-0-video"] = str(VideoFactory().pk)
    response = admin_client.post(ADD_GALLERY, data)
    assert response.status_code == 200
    assert "Choose an image or a video (one of the two)." in response.text
    assert not GalleryItem.objects.exists()


def test_authors_change_only_their_own_media(client):
    call_command("setup_roles", verbosity=0)
    anna, omid, eddie = (
        member("Author", "anna"),
        member("Author", "omid"),
        member("Editor", "eddie"),
    )
    mine = ImageFactory(user=anna, title="Anna's")
    theirs = ImageFactory(user=omid, title="Omid's")
    client.force_login(anna)
    assert (
        client.get(reverse("admin:media_gallery_image_change", args=[mine.pk])).status_code == 200
    )
    data = image_form(title="Changed", slug=theirs.slug)
    client.post(reverse("admin:media_gallery_image_change", args=[theirs.pk]), data)
    theirs.refresh_from_db()
    assert theirs.title == "Omid's"
    assert client.get(ADD_GALLERY).status_code == 403  # galleries are for editors
    client.force_login(eddie)
    client.post(reverse("admin:media_gallery_image_change", args=[theirs.pk]), data)
    theirs.refresh_from_db()
    assert theirs.title == "Changed"


def test_contributors_cannot_upload(client):
    call_command("setup_roles", verbosity=0)
    client.force_login(member("Contributor", "cyrus"))
    assert client.get(ADD_IMAGE).status_code == 403
    response = client.post(UPLOAD, {"files": [samples.upload(samples.jpeg())]})
    assert response.status_code == 302
    assert not Image.objects.exists()


def test_publish_action(admin_client):
    drafts = [ImageFactory(status="draft"), ImageFactory(status="draft")]
    response = admin_client.post(
        reverse("admin:media_gallery_image_changelist"),
        {"action": "publish", "_selected_action": [image.pk for image in drafts]},
        follow=True,
    )
    assert "2 items published." in response.text
    assert Image.objects.published().count() == 2
    gallery = GalleryFactory(status="draft")
    admin_client.post(
        reverse("admin:media_gallery_gallery_changelist"),
        {"action": "publish", "_selected_action": [gallery.pk]},
    )
    assert Gallery.objects.published().get() == gallery


def test_author_picks_a_featured_image_and_gallery_for_a_post(client):
    call_command("setup_roles", verbosity=0)
    author = member("Author", "anna")
    photo, gallery = ImageFactory(title="Rally photo"), GalleryFactory(title="Rally")
    client.force_login(author)
    search = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "posts",
            "model_name": "post",
            "field_name": "featured_image",
            "term": "rally",
        },
    )
    assert [result["text"] for result in search.json()["results"]] == ["Rally photo"]
    data = {
        "title": "Rally in Berlin",
        "slug": "rally-in-berlin",
        "body": "<p>Text</p>",
        "excerpt": "",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "language": "en",
        "tags": "",
        "featured_image": photo.pk,
        "gallery": gallery.pk,
    }
    assert client.post(reverse("admin:posts_post_add"), data).status_code == 302
    post = Post.objects.get()
    assert (post.featured_image, post.gallery) == (photo, gallery)


def test_gallery_change_form_previews_cost_no_queries_per_item(admin_client):
    """Previews load with their items; only Django's autocomplete widgets (one
    query each, to label the chosen image) grow with the number of rows."""

    def queries_for(count):
        gallery = GalleryFactory(items=[ImageFactory() for _ in range(count)])
        url = reverse("admin:media_gallery_gallery_change", args=[gallery.pk])
        admin_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(url)
        assert response.text.count('class="media-admin-thumbnail"') == count
        return len(captured.captured_queries)

    assert queries_for(12) - queries_for(2) == 10
