"""Second factors in the admin: the second step of signing in, and managing one's devices.

Every view here is for a signed-in staff member and acts on their own
account only. Adding or removing a device needs a session that passed its
second step already, unless the account has no device yet (a first
enrolment): a stolen password alone can never add the thief's device.
"""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login

from . import devices
from .codes import verify_code
from .forms import CodeForm
from .signals import (
    request_refused,
    second_factor_enrolled,
    second_factor_failed,
    second_factor_removed,
)

REFUSED = _("That code is not right, or it was used already. Try again, or use another way.")


def staff_view(view):
    return staff_member_required(never_cache(view))


def safe_next(request, default="admin:index"):
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def may_change_devices(request):
    """Whether this session may add or remove devices (see the module docstring)."""
    return request.user.is_verified() or not devices.is_enrolled(request.user)


@staff_view
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in: a passkey first, or a code (app or recovery)."""
    if request.user.is_verified():
        return redirect(safe_next(request))
    if not devices.is_enrolled(request.user):
        return redirect("accounts:security")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = verify_code(request.user, form.cleaned_data["code"], request=request)
        if device is not None:
            otp_login(request, device)
            return redirect(safe_next(request))
        second_factor_failed.send(sender=CodeForm, user=request.user, request=request, device=None)
        form.add_error("code", REFUSED)
    kinds = devices.enrolled_kinds(request.user)
    return render(
        request,
        "accounts/verify.html",
        {
            "form": form,
            "has_passkey": "passkey" in kinds,
            "has_code": bool(kinds - {"passkey"}),
            "next": safe_next(request),
            "title": _("Confirm it is you"),
        },
    )


@staff_view
@require_http_methods(["GET"])
def security(request):
    """One's second factors: what is there, and adding one (the first one at first sign-in)."""
    if not may_change_devices(request):
        return redirect(f"{reverse('accounts:verify')}?{REDIRECT_FIELD_NAME}={request.path}")
    confirmed = devices.confirmed_devices(request.user)
    return render(
        request,
        "accounts/security.html",
        {
            "devices": [(device, devices.kind_of(device)) for device in confirmed],
            "enrolled": bool(confirmed),
            "next": safe_next(request),
            "title": _("Sign-in security"),
        },
    )


@staff_view
@require_http_methods(["GET", "POST"])
def authenticator_app(request):
    """Set up an authenticator app: scan the code, then prove it with the first code."""
    if not may_change_devices(request):
        return redirect("accounts:verify")
    device = devices.unconfirmed_authenticator_app(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "GET" or device is None:
        device = devices.start_authenticator_app(request.user)
        form = CodeForm()
    elif form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            enrolled(request, device)
            return redirect(safe_next(request, "accounts:security"))
        form.add_error("code", REFUSED)
    return render(
        request,
        "accounts/authenticator_app.html",
        {
            "form": form,
            "qr_code": devices.qr_code(device),
            "secret_key": devices.secret_key(device),
            "next": safe_next(request, "accounts:security"),
            "title": _("Set up an authenticator app"),
        },
    )


@staff_view
@require_POST
def recovery_codes(request):
    """A new set of recovery codes, shown once (the previous set stops working)."""
    if not may_change_devices(request):
        return redirect("accounts:verify")
    device, codes = devices.new_recovery_codes(request.user)
    enrolled(request, device)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": safe_next(request), "title": _("Your recovery codes")},
    )


@staff_view
@require_POST
def remove_device(request, persistent_id):
    """Remove one of one's own devices (a session past its second step only)."""
    if not request.user.is_verified():
        return redirect("accounts:verify")
    device = next(
        (
            d
            for d in devices_for_user(request.user, confirmed=None)
            if d.persistent_id == persistent_id
        ),
        None,
    )
    if device is None:
        raise Http404(_("No such device."))
    kind = devices.kind_of(device)
    device.delete()
    second_factor_removed.send(
        sender=type(device), user=request.user, request=request, device=device
    )
    messages.success(request, _("The %(kind)s was removed.") % {"kind": kind})
    return redirect("accounts:security")


def csrf_refused(request, reason=""):
    """Django's CSRF failure page, plainer: a form sent without its token (or a stale one,
    after signing in again elsewhere) is refused, said so, and noted for the audit log."""
    request_refused.send(sender=csrf_refused, request=request, reason=reason)
    response = render(request, "403_csrf.html", status=403)
    response["Cache-Control"] = "no-store"
    return response


def enrolled(request, device):
    second_factor_enrolled.send(
        sender=type(device), user=request.user, request=request, device=device
    )
    if not request.user.is_verified():
        otp_login(request, device)  # a first device also verifies this session
