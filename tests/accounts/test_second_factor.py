"""A password alone never opens the admin: staff confirm with a passkey, an app or a code."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import devices
from accounts.signals import (
    recovery_code_used,
    request_refused,
    second_factor_enrolled,
    second_factor_failed,
    second_factor_removed,
)

from .conftest import current_code, sign_in

pytestmark = pytest.mark.django_db

SECURITY = reverse("accounts:security")
VERIFY = reverse("accounts:verify")
APP = reverse("accounts:authenticator_app")
CODES = reverse("accounts:recovery_codes")


@pytest.fixture
def sent():
    """The second-factor signals sent, as (signal name, username) pairs."""
    received = []
    signals = {
        "enrolled": second_factor_enrolled,
        "removed": second_factor_removed,
        "recovery": recovery_code_used,
        "failed": second_factor_failed,
    }
    receivers = {}
    for name, signal in signals.items():

        def receiver(sender, user=None, name=name, **kwargs):
            received.append((name, user.username if user else None))

        receivers[name] = receiver
        signal.connect(receiver)
    yield received
    for name, signal in signals.items():
        signal.disconnect(receivers[name])


def enrolled_with_app(user):
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def test_a_first_sign_in_must_enrol_before_anything_else(client, editor):
    response = sign_in(client)
    assert response["Location"] == "/admin/"
    for page in ("/admin/", "/admin/posts/post/", "/admin/auth/user/"):
        response = client.get(page)
        assert (response.status_code, response["Location"]) == (
            302,
            f"{SECURITY}?next={page.replace('/', '%2F')}",
        )
    page = client.get(SECURITY)
    assert page.status_code == 200
    assert "Before you can use the admin, add a second way to prove it is you" in page.text
    assert page.text.index("Add a passkey") < page.text.index("Set up an authenticator app")


def test_enrolling_an_authenticator_app(client, editor, sent):
    sign_in(client)
    setup = client.get(APP)
    assert setup.context["qr_code"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert setup.context["secret_key"] in device.config_url

    wrong = client.post(APP, {"code": "000000"})
    assert "That code is not right" in wrong.text
    confirmed = client.post(APP, {"code": current_code(device), "next": "/admin/"})

    assert confirmed["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert sent == [("enrolled", "eddie")]
    assert [message.subject for message in mail.outbox] == [
        "Free Iran: A second factor was added to your account"
    ]
    assert mail.outbox[0].to == ["eddie@example.org"]


def test_an_enrolled_user_confirms_with_a_code_after_the_password(client, editor, sent):
    device = enrolled_with_app(editor)
    assert sign_in(client)["Location"] == "/admin/"
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"

    assert "That code is not right" in client.post(VERIFY, {"code": "123456"}).text
    assert (
        client.post(VERIFY, {"code": current_code(device), "next": "/admin/"})["Location"]
        == "/admin/"
    )
    assert client.get("/admin/").status_code == 200
    assert sent == [("failed", "eddie")]


def test_a_code_cannot_be_used_twice(client, editor):
    device = enrolled_with_app(editor)
    code = current_code(device)
    sign_in(client)
    assert client.post(VERIFY, {"code": code})["Location"] == "/admin/"

    other = Client()
    sign_in(other)
    replayed = other.post(VERIFY, {"code": code})
    assert replayed.status_code == 200
    assert "That code is not right, or it was used already" in replayed.text
    assert other.get("/admin/")["Location"].startswith(VERIFY)


def test_a_password_alone_cannot_add_or_remove_devices(client, editor):
    device = enrolled_with_app(editor)
    sign_in(client)
    remove = reverse("accounts:remove_device", args=[device.persistent_id])
    for response in (
        client.get(APP),
        client.post(CODES),
        client.post(remove),
        client.get(SECURITY),
    ):
        assert (response.status_code, response["Location"].split("?")[0]) == (302, VERIFY)
    assert list(devices.confirmed_devices(editor)) == [device]
    assert not StaticDevice.objects.exists()


def test_recovery_codes_let_in_once_each_and_ask_for_a_stronger_device(client, editor, sent):
    sign_in(client)
    codes = client.post(CODES).context["codes"]
    assert len(codes) == len(set(codes)) == 10
    client.post(reverse("admin:logout"))
    mail.outbox.clear()
    sent.clear()

    sign_in(client)
    assert client.post(VERIFY, {"code": codes[0]})["Location"] == "/admin/"
    index = client.get("/admin/")
    assert "You signed in with a recovery code." in index.text
    assert sent == [("recovery", "eddie")]
    assert (
        mail.outbox[0].subject == "Free Iran: A recovery code was used to sign in to your account"
    )

    again = Client()
    sign_in(again)
    assert "That code is not right" in again.post(VERIFY, {"code": codes[0]}).text
    assert again.post(VERIFY, {"code": codes[1]})["Location"] == "/admin/"


def test_an_operator_can_bring_a_locked_out_editor_back(client, editor):
    """``manage.py addstatictoken`` (django-otp) is the recovery path: the editor signs in
    with the code and is asked to add a passkey or an app."""
    enrolled_with_app(editor).delete()
    out = StringIO()
    call_command("addstatictoken", "eddie", stdout=out)
    code = out.getvalue().strip()

    sign_in(client)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": code})["Location"] == "/admin/"
    assert "Add a passkey or an authenticator app" in client.get("/admin/").text


def test_spending_the_last_recovery_code_does_not_reopen_enrolment(client, editor):
    """The operator's one code is spent by its sign-in; if the editor leaves without adding
    a passkey or app, a password alone must not then add the thief's device: the second step
    asks for a code again, and another code from the operator still lets the editor in."""
    out = StringIO()
    call_command("addstatictoken", "eddie", stdout=out)
    sign_in(client, code=out.getvalue().strip())
    client.post(reverse("admin:logout"))

    thief = Client()
    sign_in(thief)
    assert thief.get("/admin/")["Location"].startswith(VERIFY)
    assert thief.get(APP)["Location"].startswith(VERIFY)
    assert "With a code" in thief.get(VERIFY).text
    assert not TOTPDevice.objects.exists()

    out = StringIO()
    call_command("addstatictoken", "eddie", stdout=out)
    sign_in(client)
    assert client.post(VERIFY, {"code": out.getvalue().strip()})["Location"] == "/admin/"


def test_removing_a_device_tells_its_owner(client, editor, sent):
    device = enrolled_with_app(editor)
    spare = TOTPDevice.objects.create(user=editor, name="Old phone", confirmed=True)
    sign_in(client)
    client.post(VERIFY, {"code": current_code(device)})

    response = client.post(reverse("accounts:remove_device", args=[spare.persistent_id]))

    assert response["Location"] == SECURITY
    assert list(TOTPDevice.objects.values_list("name", flat=True)) == ["Phone"]
    assert sent == [("removed", "eddie")]
    assert mail.outbox[0].subject == "Free Iran: A second factor was removed from your account"


def test_another_users_device_cannot_be_removed(client, editor):
    device = enrolled_with_app(editor)
    other = TOTPDevice.objects.create(
        user=type(editor).objects.create_user("someone"), name="Theirs", confirmed=True
    )
    sign_in(client)
    client.post(VERIFY, {"code": current_code(device)})
    assert (
        client.post(reverse("accounts:remove_device", args=[other.persistent_id])).status_code
        == 404
    )
    assert TOTPDevice.objects.filter(pk=other.pk).exists()


def test_optional_mode_asks_nothing(client, editor, settings):
    settings.STAFF_2FA = "optional"
    sign_in(client)
    assert client.get("/admin/").status_code == 200


def test_new_views_refuse_posts_without_a_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    for url in (APP, CODES):  # enrolling
        assert client.post(url, {"code": "123456"}).status_code == 403
    enrolled_with_app(editor)
    assert client.post(VERIFY, {"code": "123456"}).status_code == 403
    assert not StaticDevice.objects.exists()


def test_new_views_refuse_visitors_and_staff_of_no_account(client):
    for url in (SECURITY, VERIFY, APP):
        response = client.get(url)
        assert (response.status_code, response["Location"].split("?")[0]) == (
            302,
            reverse("admin:login"),
        )
    assert client.get(CODES).status_code == 302


def test_a_form_without_its_csrf_token_is_refused_plainly_and_noted(editor):
    noted = []

    def receiver(sender, request, reason, **kwargs):
        noted.append((request.path, reason))

    request_refused.connect(receiver)
    try:
        response = Client(enforce_csrf_checks=True).post(
            reverse("admin:login"), {"username": "eddie", "password": "x"}
        )
    finally:
        request_refused.disconnect(receiver)
    assert response.status_code == 403
    assert "This form has expired" in response.text
    assert noted == [("/admin/login/", "CSRF cookie not set.")]
