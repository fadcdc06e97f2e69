"""Editorial roles as in WordPress, and the checks the admin and previews share.

- Editor: writes, edits and publishes everything, manages categories and pages.
- Author: writes and publishes their own posts only.
- Contributor: writes their own drafts and submits them for review; never publishes.
Administrators are superusers.
"""

PUBLISH = "posts.publish_post"
EDIT_OTHERS = "posts.edit_others_posts"
# Administrators' (no role's): every author's public name and address.
EDIT_AUTHOR_PROFILES = "posts.change_authorprofile"

POST_PERMISSIONS = ["posts.add_post", "posts.change_post", "posts.delete_post", "posts.view_post"]
PAGE_PERMISSIONS = ["posts.add_page", "posts.change_page", "posts.delete_page", "posts.view_page"]
TAXONOMY_PERMISSIONS = [
    f"{app}.{action}_{model}"
    for app, model in (("posts", "category"), ("taggit", "tag"))
    for action in ("add", "change", "delete", "view")
]

# Old addresses and where they lead: only those with these change them (see
# RedirectQuerySet.remember_move for what saving a post may do on its own).
REDIRECT_PERMISSIONS = [
    f"posts.{action}_redirect" for action in ("add", "change", "delete", "view")
]

MEDIA_PERMISSIONS = [
    f"media_gallery.{action}_{model}"
    for model in ("image", "video", "gallery")
    for action in ("add", "change", "delete", "view")
]
# Authors upload and manage their own images and videos (media admin checks ownership).
AUTHOR_MEDIA_PERMISSIONS = [
    f"media_gallery.{action}_{model}"
    for model in ("image", "video")
    for action in ("add", "change", "delete", "view")
] + ["media_gallery.view_gallery"]

# Group name -> "app_label.codename" permissions; `manage.py setup_roles` applies them.
ROLES = {
    "Editor": [
        *POST_PERMISSIONS,
        *PAGE_PERMISSIONS,
        *TAXONOMY_PERMISSIONS,
        *MEDIA_PERMISSIONS,
        *REDIRECT_PERMISSIONS,
        PUBLISH,
        EDIT_OTHERS,
        # To choose a post's author among the users (the author field's autocomplete).
        "auth.view_user",
    ],
    "Author": [
        *POST_PERMISSIONS,
        *AUTHOR_MEDIA_PERMISSIONS,
        PUBLISH,
        "posts.view_category",
        "taggit.view_tag",
    ],
    "Contributor": [
        "posts.add_post",
        "posts.change_post",
        "posts.delete_post",
        "posts.view_post",
        "posts.view_category",
        "taggit.view_tag",
        "media_gallery.view_image",
        "media_gallery.view_gallery",
    ],
}


def can_publish(user):
    return user.has_perm(PUBLISH)


def can_edit(user, post):
    """Whether ``user`` may open ``post`` in the admin (and preview it).

    Without the right to edit others' content a user sees only their own;
    without the right to publish they cannot touch what is already public.
    """
    if not user.is_active or not user.is_staff:
        return False
    model_permission = "posts.change_page" if post.kind == "page" else "posts.change_post"
    if not user.has_perm(model_permission):
        return False
    if post.author_id != user.pk and not user.has_perm(EDIT_OTHERS):
        return False
    return post.status in ("draft", "pending") or can_publish(user)


def can_edit_author_profile(user, profile):
    """Staff edit their own author profile; administrators anyone's."""
    if not user.is_active or not user.is_staff:
        return False
    return profile.user_id == user.pk or user.has_perm(EDIT_AUTHOR_PROFILES)
