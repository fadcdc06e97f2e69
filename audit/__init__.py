"""The audit log: who signed in, published, deleted or changed whose rights, when,
and from which address.

It listens to everything and nothing imports it: the other apps send signals
(Django's own, and those in ``accounts.signals``, ``posts.signals`` and
``wordpress.signals``) and ``receivers`` turns them into ``AuditEvent`` rows.
"""
