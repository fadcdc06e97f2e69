"""A passkey, registered at the first sign-in and then used to sign in, in real Chromium.

Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain)
stands in for a phone or security key: it makes and uses real keys.
"""

import pytest

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def passkey_page(browser):
    """A page whose browser holds a virtual passkey authenticator (user verified)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    devtools = context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    authenticator = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    page.credentials = lambda: devtools.send(
        "WebAuthn.getCredentials", {"authenticatorId": authenticator["authenticatorId"]}
    )["credentials"]
    page.touches_authenticator = lambda touches: devtools.send(
        "WebAuthn.setAutomaticPresenceSimulation",
        {"authenticatorId": authenticator["authenticatorId"], "enabled": touches},
    )
    yield page
    context.close()


def test_register_a_passkey_at_first_sign_in_then_sign_in_with_it_alone(
    live_server, passkey_page, settings
):
    settings.STAFF_2FA = "required"
    UserFactory(username="eddie", is_staff=True, is_superuser=True, first_name="Eddie")
    page = passkey_page
    assert live_server.url.startswith("http://localhost:")  # passkeys need a host name

    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.get_by_role("textbox", name="Username").fill("eddie")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/security/?next=%2Fadmin%2F")
    page.get_by_role("button", name="Add a passkey").click()
    page.wait_for_url(live_server.url + "/admin/")
    assert page.get_by_role("heading", name="Site administration").is_visible()
    assert len(page.credentials()) == 1

    page.get_by_role("button", name="Log out").click()
    # The sign-in page offers the passkey in the username field (the browser's passkey
    # autofill); the virtual authenticator accepts at once: no password, no second step.
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.wait_for_url(live_server.url + "/admin/")
    assert page.get_by_role("heading", name="Site administration").is_visible()

    # With the password, the passkey is the second step (the editor ignores the autofill).
    page.get_by_role("button", name="Log out").click()
    page.touches_authenticator(False)
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.get_by_role("textbox", name="Username").fill("eddie")
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/security/verify/?next=%2Fadmin%2F")
    page.touches_authenticator(True)
    page.get_by_role("button", name="Use my passkey").click()
    page.wait_for_url(live_server.url + "/admin/")
    assert page.get_by_role("heading", name="Site administration").is_visible()
