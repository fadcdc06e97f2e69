"""The demo site of seed_demo, built once for this module: its posts, pages and media, and
a second run that creates nothing, and a third, quiet one that prints nothing."""

from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from media_gallery.models import Gallery, Image, Video
from posts.demo import CATEGORIES, LAST_DAY
from posts.models import Category, Post
from tests.media_gallery.conftest import stored_files
from tests.shared_data import built_once, use_shared

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("demo_site"),
    pytest.mark.xdist_group(__name__),  # one worker: one build
]


def seed(*args, **kwargs):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_site_once(django_db_setup, django_db_blocker, tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a demo password 123")
        with built_once(django_db_blocker, tmp_path_factory.mktemp("demo-media"), seed) as site:
            yield site


@pytest.fixture
def demo_site(demo_site_once, request, settings):
    """The first run of seed_demo (with DEMO_ADMIN_PASSWORD set): returns its output."""
    return use_shared(demo_site_once, request, settings)


def test_seed_demo_builds_the_site_once(demo_site):
    assert "Admin user 'admin' created; password: a demo password 123" in demo_site
    counts = (Category.objects.count(), Post.objects.posts().count(), Post.objects.pages().count())
    assert counts == (32, 324, 4)

    second = seed()
    assert "already exists; password unchanged" in second
    assert (
        Category.objects.count(),
        Post.objects.posts().count(),
        Post.objects.pages().count(),
    ) == counts
    assert get_user_model().objects.get(username="admin").check_password("a demo password 123")
    assert seed("--quiet") == ""


def test_seed_demo_content_is_realistic(client):
    names = set(Category.objects.values_list("name", flat=True))
    assert names == {name for name, _parent in CATEGORIES}
    assert Category.objects.get(name="Free Iran 2021").parent.name == "Free Iran World Summit"
    assert Category.objects.get(name="Grand Gathering 2018").parent.name == "Annual Grand Gathering"
    statuses = Counter(Post.objects.values_list("status", flat=True))
    assert statuses == {"published": 318, "draft": 6, "pending": 2, "private": 1, "scheduled": 1}
    assert Post.objects.filter(status="scheduled", published_at__gt=timezone.now()).count() == 1
    assert Post.objects.filter(language="fa").count() == 24
    # The demo's dates all lie before LAST_DAY, but the scheduled post's.
    with time_machine.travel(LAST_DAY, tick=False):
        assert Post.objects.published().posts().count() == 314  # several listing pages
    home = client.get("/")
    assert home.status_code == 200
    assert 'href="/page/2/"' in home.text


def test_seed_demo_adds_media_once(client):
    counts = (Image.objects.count(), Video.objects.count(), Gallery.objects.count())
    assert counts == (9, 3, 4)
    assert Gallery.objects.published().count() == 3
    assert Post.objects.filter(featured_image__isnull=False).count() == 40
    assert Post.objects.filter(gallery__isnull=False).count() == 6
    files = stored_files()
    assert len(files) == 9  # the photos' originals: renditions are made after commit
    call_command("seed_demo", verbosity=0)
    assert (Image.objects.count(), Video.objects.count(), Gallery.objects.count()) == counts
    assert stored_files() == files
    assert client.get("/gallery/").status_code == 200
