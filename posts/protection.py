"""Password-protected posts: who may read the body.

As in WordPress, the title of a protected post is public and its body is
shown once the visitor has entered the post's password. The unlock is kept
in the visitor's session as a keyed hash of the password, so changing the
password locks everyone out again.
"""

from django.utils.crypto import constant_time_compare, salted_hmac

SESSION_KEY = "unlocked_posts"


def password_digest(post):
    return salted_hmac(
        "posts.protection", f"{post.pk}:{post.password}", algorithm="sha256"
    ).hexdigest()


def is_locked(request, post):
    """Whether ``request``'s visitor must still enter ``post``'s password."""
    if not post.password:
        return False
    unlocked = request.session.get(SESSION_KEY, {})
    return not constant_time_compare(unlocked.get(str(post.pk), ""), password_digest(post))


def unlock(request, post, password):
    """Remember the post as unlocked for this visitor if ``password`` is right."""
    if not post.password or not constant_time_compare(password, post.password):
        return False
    unlocked = request.session.get(SESSION_KEY, {})
    unlocked[str(post.pk)] = password_digest(post)
    request.session[SESSION_KEY] = unlocked
    return True
