"""Emails of the review workflow, through Django's email framework (``MAILERS``).

- A post submitted for review (saved as "Pending review" when it was not):
  the reviewers, those who may edit others' posts and publish them (Editors,
  administrators), are told, with a link to review it.
- A post of an author who may not publish (a Contributor) published or
  scheduled by someone else: its author is told.

Each email goes after the transaction commits, so a save that fails tells
no one; a mail server that is down is logged and never fails the save.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from posts import roles
from posts.models import Post

logger = logging.getLogger(__name__)

# Where roles' permissions live (groups); the other backends grant none.
PERMISSIONS_BACKEND = "django.contrib.auth.backends.ModelBackend"
UNLISTED_BEFORE = (Post.Status.DRAFT, Post.Status.PENDING)


def reviewers():
    """Active staff who may review: publish, and edit others' posts."""
    users = get_user_model().objects
    may_edit_others = users.with_perm(roles.EDIT_OTHERS, backend=PERMISSIONS_BACKEND)
    return (
        users.with_perm(roles.PUBLISH, backend=PERMISSIONS_BACKEND)
        .filter(pk__in=may_edit_others.values("pk"), is_staff=True)
        .exclude(email="")
        .order_by("pk")
    )


def after_save(request, post, previous_status):
    """Tell whoever should know about ``post`` saved by ``request.user`` from the admin form;
    ``previous_status`` is None for a post just added."""
    if post.status == Post.Status.PENDING and previous_status != Post.Status.PENDING:
        submitted_for_review(request, post)
    elif previous_status in UNLISTED_BEFORE and post.is_listed:
        published(request, [post])


def after_bulk_publish(request, previous_statuses):
    """Tell the authors of the posts the "Publish" action listed (``{pk: status before}``)."""
    pks = [pk for pk, status in previous_statuses.items() if status in UNLISTED_BEFORE]
    posts = Post.objects.filter(pk__in=pks).listed().select_related("author")
    published(request, list(posts))


def submitted_for_review(request, post):
    submitter = request.user
    review_url = request.build_absolute_uri(
        reverse(f"admin:posts_{post.kind}_change", args=[post.pk])
    )
    context = {"post": post, "submitter": submitter, "review_url": review_url}
    messages = [
        message(
            _("“%(title)s” is waiting for review") % {"title": post},
            "desk/email/submitted_for_review.txt",
            {**context, "user": reviewer},
            reviewer,
        )
        for reviewer in reviewers().exclude(pk=submitter.pk)
    ]
    send_on_commit(messages)


def published(request, posts):
    """Tell each author who may not publish that someone else published their post."""
    messages = []
    for post in posts:
        author = post.author
        if author.pk == request.user.pk or not author.email or roles.can_publish(author):
            continue
        context = {
            "post": post,
            "user": author,
            "publisher": request.user,
            "post_url": request.build_absolute_uri(post.get_absolute_url()),
        }
        subject = _("“%(title)s” is published") % {"title": post}
        if post.status == Post.Status.SCHEDULED:
            subject = _("“%(title)s” is scheduled") % {"title": post}
        messages.append(message(subject, "desk/email/published.txt", context, author))
    send_on_commit(messages)


def message(subject, template, context, recipient):
    body = render_to_string(template, {**context, "site_name": settings.SITE_NAME})
    return mail.EmailMessage(
        f"{settings.SITE_NAME}: {subject}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
    )


def send_on_commit(messages):
    if messages:
        transaction.on_commit(lambda: send(messages))


def send(messages):
    try:
        mail.mailers.default.send_messages(messages)
    except (OSError, smtplib.SMTPException) as error:
        logger.error("Could not send %d review emails: %s", len(messages), error)
