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
        found = []
        for name in names:
            app_label, codename = name.split(".")
            try:
                found.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist as error:
                raise CommandError(
                    f"Permission {name} does not exist. Run `manage.py migrate` first."
                ) from error
        return found
