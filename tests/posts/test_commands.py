"""Operator commands: the demo site and the editorial roles."""

import datetime
from collections import Counter
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from posts.demo import CATEGORIES, LAST_DAY
from posts.models import Category, Post

pytestmark = pytest.mark.django_db


def seed(**kwargs):
    out = StringIO()
    call_command("seed_demo", stdout=out, **kwargs)
    return out.getvalue()


def test_seed_demo_builds_the_site_once(client, monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a demo password 123")
    first = seed()
    assert "Admin user 'admin' created; password: a demo password 123" in first
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


def test_seed_demo_content_is_realistic(client):
    seed(verbosity=0)
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


def test_publish_flips_due_scheduled_posts():
    from posts.publishing import publish_due_scheduled
    from tests.factories import PostFactory

    due = PostFactory(status="scheduled", published_at=timezone.now() + datetime.timedelta(hours=1))
    assert publish_due_scheduled() == 0
    assert publish_due_scheduled(now=timezone.now() + datetime.timedelta(hours=2)) == 1
    due.refresh_from_db()
    assert due.status == "published"
