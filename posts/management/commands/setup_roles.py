from django.contrib.auth.models import Group, Permission
from django.core.management.base import CommandError
from django.db import transaction

from freeiran.commands import OperatorCommand
from posts.roles import ROLES


class Command(OperatorCommand):
    help = (
        "Create or update the Editor, Author and Contributor groups with their permissions. "
        "Safe to run again: each group ends with exactly the permissions of its role."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for name, permission_names in ROLES.items():
            group, created = Group.objects.get_or_create(name=name)
            group.permissions.set(self.permissions(permission_names))
            verb = "Created" if created else "Updated"
            if options["verbosity"] >= 1:
                self.stdout.write(f"{verb} group {name} with {len(permission_names)} permissions.")

    def permissions(self, names):
        """The permissions ``names`` ("app_label.codename") name, in one query."""
        wanted = {tuple(name.split(".")) for name in names}
        found = {
            (permission.content_type.app_label, permission.codename): permission
            for permission in Permission.objects.select_related("content_type").filter(
                codename__in={codename for _, codename in wanted}
            )
        }
        missing = sorted(".".join(key) for key in wanted - found.keys())
        if missing:
            raise CommandError(
                f"Permission {missing[0]} does not exist. Run `manage.py migrate` first."
            )
        return [found[key] for key in wanted]
