"""Signals this app sends."""

from django.dispatch import Signal

# Sent by the import_wordpress command when an import ends, finished or
# stopped, with ``file`` (the file's name), ``counts`` ({kind: {outcome:
# number}}, nonzero only), ``finished`` and ``dry_run``: for the audit log.
import_run = Signal()
