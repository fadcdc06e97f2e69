import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command

from freeiran.commands import OperatorCommand, Progress, summary_table
from freeiran.environment import env_str
from media_gallery.demo import DEMO_MEDIA, build_demo_media
from posts.demo import DEMO_POSTS, build_demo_site


class Command(OperatorCommand):
    help = (
        "Create the demo site: the old site's 32 categories, a few hundred posts (some drafts, "
        "pending, private and scheduled), pages, tags, photos, videos and galleries, the "
        "editorial roles and an admin user. "
        "Running it again creates only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-username",
            default="admin",
            help="Username of the administrator to create (default: admin).",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("setup_roles", verbosity=0)
        admin, password = self.admin_user(options["admin_username"])
        with Progress(self.stdout, DEMO_POSTS, "Posts", verbosity) as progress:
            report = build_demo_site(admin, progress=progress.advance)
        with Progress(self.stdout, DEMO_MEDIA, "Media", verbosity) as progress:
            build_demo_media(report, progress=progress.advance)
        if verbosity >= 1:
            summary_table(
                self.stdout,
                ["", "created", "already there"],
                [
                    [what, report.created.get(what, 0), report.existing.get(what, 0)]
                    for what in sorted(set(report.created) | set(report.existing))
                ],
            )
            if password:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Admin user '{admin.username}' created; password: {password}"
                    )
                )
            else:
                self.stdout.write(
                    f"Admin user '{admin.username}' already exists; password unchanged."
                )
            self.stdout.write("Sign in at /admin/.")

    def admin_user(self, username):
        """The administrator, created with DEMO_ADMIN_PASSWORD or a random password."""
        User = get_user_model()
        admin = User.objects.filter(username=username).first()
        if admin is not None:
            return admin, None
        password = env_str("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        admin = User.objects.create_superuser(
            username=username, email=f"{username}@example.org", password=password
        )
        return admin, password
