"""Scheduled posts are published when due (the demo site's tests are in
tests/freeiran/test_seed_demo.py)."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_publish_flips_due_scheduled_posts():
    from posts.publishing import publish_due_scheduled
    from tests.factories import PostFactory

    due = PostFactory(status="scheduled", published_at=timezone.now() + datetime.timedelta(hours=1))
    assert publish_due_scheduled() == 0
    assert publish_due_scheduled(now=timezone.now() + datetime.timedelta(hours=2)) == 1
    due.refresh_from_db()
    assert due.status == "published"
