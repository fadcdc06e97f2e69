"""What the desk's tests share: staff in each role."""

from django.core.management import call_command

from tests.factories import UserFactory
from tests.staff import member


def staff_in_roles():
    call_command("setup_roles", verbosity=0)
    return {
        "admin": UserFactory(username="root", is_staff=True, is_superuser=True),
        "editor": member("Editor", "eddie"),
        "author": member("Author", "anna"),
        "other_author": member("Author", "omid"),
        "contributor": member("Contributor", "cyrus"),
    }
