"""From the signals of Django and the other apps to audit events, one section per source.

Every receiver is wrapped in ``never_fails`` (see ``recording``): recording an
event must never break what it records.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from accounts import signals as accounts_signals
from media_gallery.models import Gallery, Image, Video
from posts.models import Category, Page, Post, Redirect
from posts.signals import content_restored, status_changed
from wordpress.signals import import_run

from .middleware import current_request
from .models import AuditEvent
from .recording import (
    acting,
    clean,
    event,
    never_fails,
    record,
    record_change,
    signed_in_user,
    write,
)

Action = AuditEvent.Action
User = get_user_model()

# Sign-ins


@never_fails
def signed_in(sender, request, user, **kwargs):
    record(Action.SIGNED_IN, request=request, user=user)


@never_fails
def sign_in_failed(sender, credentials, request=None, **kwargs):
    """The name is kept as typed, whether an account has it or not; when one does, the
    event is that account's. The password is never read (Django has masked it anyway)."""
    username = clean(credentials.get(User.USERNAME_FIELD, ""), 150)
    account = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    request = request or current_request()
    record(Action.SIGN_IN_FAILED, request=request, user=account, username=username)


@never_fails
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(Action.SIGNED_OUT, request=request, user=user)


# Second factors (sent by accounts)

SECOND_FACTOR_ACTIONS = {
    accounts_signals.second_factor_enrolled: Action.SECOND_FACTOR_ENROLLED,
    accounts_signals.second_factor_removed: Action.SECOND_FACTOR_REMOVED,
    accounts_signals.recovery_code_used: Action.RECOVERY_CODE_USED,
    accounts_signals.second_factor_failed: Action.SECOND_FACTOR_FAILED,
}


@never_fails
def sign_in_slowed(sender, username, request=None, **kwargs):
    """A sign-in refused unchecked: only the name as typed is known."""
    username = clean(username, 150)
    account = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    record(Action.SIGN_IN_SLOWED, request=request, user=account, username=username)


@never_fails
def request_refused(sender, request, reason="", **kwargs):
    """A form sent without its CSRF token: who it was (if signed in), where, and why."""
    record(
        Action.REQUEST_REFUSED,
        request=request,
        user=signed_in_user(request),
        detail={"path": clean(request.path, 200), "reason": clean(reason, 200)},
    )


@never_fails
def second_factor_event(sender, signal, user, request=None, device=None, **kwargs):
    """The account concerned is the object; the user is whoever did it: the account
    itself while signing in, or an administrator removing a lost device."""
    detail = {"device": str(device)} if device is not None else {}
    record(
        SECOND_FACTOR_ACTIONS[signal],
        request=request,
        user=signed_in_user(request) or user,
        target=user,
        detail=detail,
    )


# Publishing: what visitors can see, by status (``listed()``)

PUBLISHABLE = (Post, Page, Image, Video, Gallery)


@never_fails
def remember_listed(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a save that may change the status: whether visitors could see the item."""
    instance._audit_listed_before = None
    if raw or (update_fields is not None and "status" not in update_fields):
        return
    instance._audit_listed_before = (
        instance.pk is not None and sender._default_manager.filter(pk=instance.pk).listed().exists()
    )


@never_fails
def record_publication(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_audit_listed_before", None)
    if raw or before is None or before == instance.is_listed:
        return
    action = Action.PUBLISHED if instance.is_listed else Action.UNPUBLISHED
    record_change(action, instance, {"status": instance.status})


@never_fails
def record_status_update(sender, status, previous, **kwargs):
    """The admin's status actions: many posts in one UPDATE (``posts.publishing``)."""
    listed = status in Post.LISTED_STATUSES
    flipped = [pk for pk, old in previous.items() if (old in Post.LISTED_STATUSES) != listed]
    if not flipped:
        return
    action = Action.PUBLISHED if listed else Action.UNPUBLISHED
    request, user = acting()
    posts = Post.objects.filter(pk__in=flipped).only("kind", "title").order_by("pk")
    write(
        [
            event(action, request=request, user=user, target=post, detail={"status": status})
            for post in posts
        ]
    )


@never_fails
def record_restore(sender, instance, revision=None, **kwargs):
    detail = {"revision": str(revision)} if revision is not None else None
    record_change(Action.RESTORED, instance, detail)


# Deletes

DELETABLE = (Post, Page, Category, Image, Video, Gallery, Group)


@never_fails
def record_deletion(sender, instance, **kwargs):
    record_change(Action.DELETED, instance)


@never_fails
def record_user_deletion(sender, instance, **kwargs):
    request, actor = acting()
    # An account deleting itself: the event cannot point at the row being deleted.
    user = None if actor is not None and actor.pk == instance.pk else actor
    username = actor.get_username() if actor is not None else ""
    record(Action.DELETED, request=request, user=user, username=username, target=instance)


# Roles and permissions

FLAGS = ("is_active", "is_staff", "is_superuser")


@never_fails
def remember_flags(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a user's save that may change them: whether the account was active, staff,
    superuser. A new account is compared with one that had no access at all."""
    instance._audit_flags_before = None
    if raw or (update_fields is not None and not set(FLAGS) & set(update_fields)):
        return
    stored = None
    if instance.pk is not None:
        stored = sender._default_manager.filter(pk=instance.pk).values(*FLAGS).first()
    instance._audit_flags_before = stored or dict.fromkeys(FLAGS, False)


@never_fails
def record_flags(sender, instance, created=False, raw=False, **kwargs):
    before = getattr(instance, "_audit_flags_before", None)
    if raw or before is None:
        return
    changes = {
        flag: [before[flag], getattr(instance, flag)]
        for flag in FLAGS
        if before[flag] != getattr(instance, flag)
    }
    if changes:
        detail = {"created": True, **changes} if created else changes
        record_change(Action.ROLES_CHANGED, instance, detail)


def rights_relations():
    """``{through model: (field, action)}`` of the many-to-many relations that give rights."""
    relations = [
        (User._meta.get_field("groups"), Action.ROLES_CHANGED),
        (User._meta.get_field("user_permissions"), Action.PERMISSIONS_CHANGED),
        (Group._meta.get_field("permissions"), Action.PERMISSIONS_CHANGED),
    ]
    return {field.remote_field.through: (field, action) for field, action in relations}


RIGHTS = rights_relations()


@never_fails
def record_rights(sender, instance, action, reverse, model, pk_set, **kwargs):
    """``user.groups.add(editors)`` is one event for the user; ``editors.user_set.add(a, b)``
    (the other side) one for each user. A clear is read before it happens."""
    field, audit_action = RIGHTS[sender]
    if action == "pre_clear":
        instance._audit_cleared = linked(field, instance, reverse)
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pks = instance.__dict__.pop("_audit_cleared", set()) if action == "post_clear" else pk_set
    if not pks:
        return
    change = "added" if action == "post_add" else "removed"
    if not reverse:
        record_change(audit_action, instance, {change: names(model, pks)})
        return
    request, user = acting()
    detail = {change: names(type(instance), [instance.pk])}
    subjects = model._default_manager.filter(pk__in=pks).order_by("pk")
    write(
        [
            event(audit_action, request=request, user=user, target=subject, detail=detail)
            for subject in subjects
        ]
    )


def linked(field, instance, reverse):
    """The primary keys ``instance`` is linked to through ``field`` (from either side)."""
    own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
    if reverse:
        own, other = other, own
    rows = field.remote_field.through.objects.filter(**{own: instance.pk})
    return set(rows.values_list(other, flat=True))


def names(model, pks):
    """Sorted names of groups (their name) or permissions (``app_label.codename``)."""
    if model is Permission:
        rows = Permission.objects.filter(pk__in=pks).values_list(
            "content_type__app_label", "codename"
        )
        return sorted(f"{app_label}.{codename}" for app_label, codename in rows)
    return sorted(str(obj) for obj in model._default_manager.filter(pk__in=pks))


# Redirects


@never_fails
def record_redirect_saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw:
        change = "added" if created else "changed"
        record_change(Action.REDIRECT_CHANGED, instance, {"change": change})


@never_fails
def record_redirect_deleted(sender, instance, **kwargs):
    """Before the delete (in its transaction): a redirect is named by its target, which a
    cascade from that post or category may delete first."""
    record_change(Action.REDIRECT_CHANGED, instance, {"change": "deleted"})


# Imports


@never_fails
def record_import(sender, file, counts, finished, dry_run, **kwargs):
    detail = {"file": file, "finished": finished, "dry_run": dry_run, "counts": counts}
    record_change(Action.IMPORT_RUN, None, detail)


def connect():
    user_logged_in.connect(signed_in, dispatch_uid="audit-signed-in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="audit-sign-in-failed")
    user_logged_out.connect(signed_out, dispatch_uid="audit-signed-out")
    for signal in SECOND_FACTOR_ACTIONS:
        signal.connect(second_factor_event, dispatch_uid="audit-second-factor")
    accounts_signals.sign_in_slowed.connect(sign_in_slowed, dispatch_uid="audit-slowed")
    accounts_signals.request_refused.connect(request_refused, dispatch_uid="audit-refused")
    for model in PUBLISHABLE:
        uid = f"audit-{model._meta.label_lower}"
        pre_save.connect(remember_listed, sender=model, dispatch_uid=f"{uid}-before")
        post_save.connect(record_publication, sender=model, dispatch_uid=f"{uid}-publication")
    status_changed.connect(record_status_update, sender=Post, dispatch_uid="audit-status")
    content_restored.connect(record_restore, dispatch_uid="audit-restored")
    for model in DELETABLE:
        post_delete.connect(
            record_deletion, sender=model, dispatch_uid=f"audit-{model._meta.label_lower}-delete"
        )
    post_delete.connect(record_user_deletion, sender=User, dispatch_uid="audit-user-delete")
    pre_save.connect(remember_flags, sender=User, dispatch_uid="audit-user-before")
    post_save.connect(record_flags, sender=User, dispatch_uid="audit-user-flags")
    for through in RIGHTS:
        m2m_changed.connect(
            record_rights, sender=through, dispatch_uid=f"audit-{through._meta.label_lower}"
        )
    post_save.connect(record_redirect_saved, sender=Redirect, dispatch_uid="audit-redirect-save")
    pre_delete.connect(
        record_redirect_deleted, sender=Redirect, dispatch_uid="audit-redirect-delete"
    )
    import_run.connect(record_import, dispatch_uid="audit-import")
