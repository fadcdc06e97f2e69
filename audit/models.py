from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One thing someone did (or tried) that a security review may need to find again.

    Rows are written by ``audit.recording`` and never edited. The acting user
    is kept by name too, so an event still says who did it after the account
    is deleted; for sign-in events the user is the account signed into (or
    tried), and the name is the one typed.
    """

    class Action(models.TextChoices):
        SIGNED_IN = "signed_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        SIGNED_OUT = "signed_out", _("Signed out")
        SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Second factor added")
        SECOND_FACTOR_REMOVED = "second_factor_removed", _("Second factor removed")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        SECOND_FACTOR_FAILED = "second_factor_failed", _("Second factor refused")
        SIGN_IN_SLOWED = "sign_in_slowed", _("Sign-in slowed down")
        REQUEST_REFUSED = "request_refused", _("Form refused (no CSRF token)")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")
        DELETED = "deleted", _("Deleted")
        RESTORED = "restored", _("Restored from a revision")
        ROLES_CHANGED = "roles_changed", _("Roles changed")
        PERMISSIONS_CHANGED = "permissions_changed", _("Permissions changed")
        REDIRECT_CHANGED = "redirect_changed", _("Redirect changed")
        IMPORT_RUN = "import_run", _("Import run")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        # The (user, at) index below serves lookups by user.
        db_index=False,
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=Action)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["action", "at"], name="audit_action_at_idx"),
            models.Index(fields=["user", "at"], name="audit_user_at_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_action_display()} {self.username}".rstrip()
