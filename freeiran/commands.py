"""The conventions every management command of the site follows.

Verbosity is Django's: ``-v 0`` prints nothing but errors (for cron), ``-v 1``
(the default) a progress bar and a summary, ``-v 2`` details. ``--quiet`` is
an alias of ``-v 0``. Failures are ``CommandError``s with a message an
operator can act on, never a traceback.
"""

from django.core.management.base import BaseCommand


class OperatorCommand(BaseCommand):
    """A command with ``--quiet`` as an alias of ``-v 0``."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "-q",
            "--quiet",
            action="store_true",
            help="Print nothing but errors (the same as -v 0), e.g. for cron.",
        )
        return parser

    def execute(self, *args, **options):
        if options.get("quiet"):
            options["verbosity"] = 0
        return super().execute(*args, **options)
