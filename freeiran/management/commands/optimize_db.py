import time

from django.db import connection

from freeiran import database
from freeiran.commands import OperatorCommand


class Command(OperatorCommand):
    help = (
        "Refresh the database's statistics so that every page keeps a fast query plan "
        "(SQLite: ANALYZE and PRAGMA optimize; PostgreSQL: ANALYZE). Imports do it "
        "themselves; run this from cron (daily, say) and after large changes made by hand. "
        "Safe to run at any time, and again."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        database.optimize()
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Statistics refreshed ({connection.vendor}) in "
                    f"{time.monotonic() - started:.1f} s."
                )
            )
