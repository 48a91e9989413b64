"""An administrator who signed in a while ago creates an API token: the page asks for her
password and code again, then she creates it. At desktop width, at 390 px and in Arabic,
without sideways scrolling and without serious accessibility problems.

Selectors use ids and names, not English words, so the same path runs in Arabic."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.accounts.reauth import SESSION_KEY
from needsfirst.web.api.models import ApiToken

from .conftest import DESKTOP, PASSWORD, current_code, make_user

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def admin(shelter: Organisation) -> User:
    return make_user(Role.ORGANISATION_ADMIN, shelter, "nadia")


def signed_in_eleven_minutes_ago(page: Any) -> None:
    """Age the browser's session as if the sign-in was eleven minutes ago."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[SESSION_KEY] = int(time.time()) - 11 * 60
    session.save()


def next_code(user: User) -> str:
    """The authenticator's next code: the sign-in a moment ago used the current one, and a code
    is accepted once (in real use the confirmation comes minutes later)."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    token = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=1)
    return f"{token:0{device.digits}d}"


def fill_token_form(page: Any) -> None:
    page.locator("#id_name").fill("Shelter case system")
    page.locator("#id_days").fill("90")
    page.locator("form:has(#id_name) button[type=submit]").click()


@pytest.mark.parametrize(
    ("viewport", "language"),
    [(DESKTOP, "en"), (PHONE_390, "en"), (PHONE_390, "ar")],
    ids=["desktop", "390px", "arabic-390px"],
)
def test_an_old_session_confirms_the_password_before_creating_a_token(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    admin: User,
    viewport: dict[str, int],
    language: str,
) -> None:
    page = open_page(viewport).page
    sign_in(page, admin)
    if language != "en":
        page.locator("form.lang select").select_option(language)
        with page.expect_navigation():
            page.locator("form.lang button").click()
    signed_in_eleven_minutes_ago(page)

    page.goto("/api-tokens/")
    fill_token_form(page)
    page.wait_for_url("**/accounts/reauthenticate/**")
    assert not ApiToken.objects.exists()
    if language == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.get_by_role("heading", level=1)).to_have_text("أكّد أنك أنت")
    else:
        expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    shoot(page, "asked")
    assert page.evaluate(OVERFLOW) <= 0, "the confirmation page scrolls sideways"

    page.locator("#id_password").fill("not the password")
    page.locator("#id_otp_token").fill(current_code(admin))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_password")).to_be_visible()
    shoot(page, "refused")

    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_otp_token").fill(next_code(admin))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/api-tokens/")
    fill_token_form(page)
    secret = page.locator("#token-secret").input_value()
    assert secret.startswith("nf_")
    assert ApiToken.objects.count() == 1
    shoot(page, "created")
    assert page.evaluate(OVERFLOW) <= 0, "the token page scrolls sideways"
