"""The staff sign-in form and the second step's code form."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.hashers import make_password
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from . import throttling
from .codes import verify_code
from .signals import second_factor_failed, sign_in_slowed

CODE_HELP = _(
    "Only if signing in to your account is being slowed down after failed attempts: "
    "a code from your authenticator app, or a recovery code."
)


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            max_length=32,
            strip=True,
            widget=forms.TextInput(
                attrs={
                    "autocomplete": "one-time-code",
                    "autocapitalize": "off",
                    "spellcheck": "false",
                }
            ),
            **kwargs,
        )

    def to_python(self, value):
        return "".join(super().to_python(value).split())


class StaffSignInForm(AdminAuthenticationForm):
    """The admin's sign-in, which knows that a username may be slowed down.

    Every refusal, whatever its reason (no such user, wrong password,
    slowed down, wrong code), is the same message after the same work (a
    password hash), so none tells whether a username exists.
    """

    code = CodeField(label=_("Code"), required=False, help_text=CODE_HELP)

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        code = self.cleaned_data.get("code")
        if username and password and not code and not throttling.may_check_password(username):
            make_password(password)  # the work a check would have done
            sign_in_slowed.send(sender=type(self), username=username, request=self.request)
            self.refuse(username)
        cleaned = super().clean()
        if code and self.user_cache is not None:
            device = verify_code(self.user_cache, code, request=self.request)
            if device is None:
                second_factor_failed.send(
                    sender=type(self), user=self.user_cache, request=self.request, device=None
                )
                self.refuse(username)
            # django-otp marks the session verified when Django logs the user in.
            self.user_cache.otp_device = device
        return cleaned

    def refuse(self, username):
        user_login_failed.send(
            sender=__name__, credentials={"username": username}, request=self.request
        )
        raise self.get_invalid_login_error()


class CodeForm(forms.Form):
    code = CodeField(label=_("Code"))
