"""Review emails: Editors hear of submissions, Contributors of their posts published."""

import pytest
from django.core import mail
from django.urls import reverse

from posts.models import Post
from tests.factories import PostFactory
from tests.staff import form_data, member

pytestmark = pytest.mark.django_db

ADD_POST = reverse("admin:posts_post_add")
POSTS = reverse("admin:posts_post_changelist")


def change_url(post):
    return reverse("admin:posts_post_change", args=[post.pk])


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_a_submission_for_review_emails_the_editors(
    client, staff, django_capture_on_commit_callbacks
):
    member("Editor", "quiet", email="")  # no address: nothing to send
    client.force_login(staff["contributor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ADD_POST, form_data(title="Please review", status="pending"))
    post = Post.objects.get()
    assert recipients() == ["eddie@example.org", "root@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Free Iran: “Please review” is waiting for review"
    assert f"{staff['contributor'].get_full_name()} submitted “Please review”" in message.body
    assert f"http://testserver/admin/posts/post/{post.pk}/change/" in message.body


def test_a_draft_submitted_later_emails_once(client, staff, django_capture_on_commit_callbacks):
    post = PostFactory(status="draft", published_at=None, slug="later", author=staff["contributor"])
    client.force_login(staff["contributor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(post), form_data(slug="later", status="draft"))
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(post), form_data(slug="later", status="pending"))
        client.post(change_url(post), form_data(slug="later", status="pending", title="Fixed"))
    assert recipients() == ["eddie@example.org", "root@example.org"]


def test_publishing_a_contributors_post_tells_its_author(
    client, staff, django_capture_on_commit_callbacks
):
    post = PostFactory(status="pending", slug="reviewed", author=staff["contributor"])
    client.force_login(staff["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url(post),
            form_data(slug="reviewed", status="published", author=staff["contributor"].pk),
        )
    assert recipients() == ["cyrus@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Free Iran: “Speech at the summit” is published"
    assert f"{staff['editor'].get_full_name()} published your post" in message.body
    assert "http://testserver/reviewed/" in message.body


def test_the_email_names_a_nameless_editor_by_public_name_not_login(
    client, staff, django_capture_on_commit_callbacks
):
    post = PostFactory(status="pending", slug="reviewed", author=staff["contributor"])
    client.force_login(member("Editor", "night.desk", first_name="", last_name=""))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            change_url(post),
            form_data(slug="reviewed", status="published", author=staff["contributor"].pk),
        )
    (message,) = mail.outbox
    assert "Staff writer published your post" in message.body
    assert "night.desk" not in message.body


def test_the_publish_action_tells_contributors_only(
    client, staff, django_capture_on_commit_callbacks
):
    theirs = PostFactory(status="pending", author=staff["contributor"])
    authors = PostFactory(status="draft", author=staff["author"])
    already = PostFactory(status="published", author=staff["contributor"])
    client.force_login(staff["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            POSTS,
            {"action": "publish", "_selected_action": [theirs.pk, authors.pk, already.pk]},
        )
    assert Post.objects.filter(status="published").count() == 3
    assert recipients() == ["cyrus@example.org"]
    assert "“Post number" in mail.outbox[0].subject


def test_no_email_for_ones_own_work_or_a_failed_save(
    client, staff, django_capture_on_commit_callbacks
):
    PostFactory(slug="taken")
    client.force_login(staff["author"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ADD_POST, form_data(title="Mine", slug="mine", status="published"))
        refused = client.post(ADD_POST, form_data(slug="taken", status="pending"))
    assert "Another post already uses this slug." in refused.text
    assert mail.outbox == []


def test_a_mail_server_that_is_down_does_not_fail_the_save(
    client, staff, settings, django_capture_on_commit_callbacks, caplog
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        }
    }
    client.force_login(staff["contributor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD_POST, form_data(status="pending"))
    assert response.status_code == 302
    assert Post.objects.get().status == "pending"
    assert "Could not send 2 review emails" in caplog.text
