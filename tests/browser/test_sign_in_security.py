"""Sign-in security in a real browser: a caseworker makes new backup codes and replaces her
authenticator app; an organisation administrator resets the second step of a member who lost
her phone. Each page at desktop width, at 390 px and in Arabic, without sideways scrolling and
without serious accessibility problems.

Selectors use ids, names and URLs, not English words, so the same path runs in Arabic."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from needsfirst.web.accounts.models import Organisation, Role, User

from .conftest import PASSWORD, assert_no_sideways_scroll, make_user, save_screenshot, walk

PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.browser


def code_for_key(secret: str) -> str:
    """What an authenticator app given `secret` (the key shown on the page) shows now."""
    return f"{totp(base64.b32decode(secret)):06d}"


def back_to_english(page: Any) -> None:
    page.locator("form.lang select").select_option("en")
    with page.expect_navigation():
        page.locator("form.lang button").click()


def test_a_caseworker_makes_new_backup_codes_and_replaces_her_authenticator(
    open_page: Callable[..., Any], sign_in: Callable[..., None], shoot: Any, caseworker: User
) -> None:
    page = open_page().page
    sign_in(page, caseworker)
    page.locator("a[href='/accounts/security/']").click()
    page.locator("a[href='/accounts/security/backup-codes/']").click()
    page.locator("main form button[type=submit]").click()
    codes = page.locator("ol.backup-codes li")
    expect(codes).to_have_count(10)
    assert set(codes.all_inner_texts()) == set(
        StaticToken.objects.filter(device__user=caseworker).values_list("token", flat=True)
    )
    shoot(page, "backup-codes-shown-once")
    old = TOTPDevice.objects.get(user=caseworker)
    page.goto("/accounts/security/authenticator/")
    secret = page.locator("code.secret").inner_text()
    page.locator("#id_otp_token").fill(code_for_key(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/security/")
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()
    for label in walk(page, "/accounts/security/"):
        expect(page.locator("main ul.cards li")).to_have_count(2)  # the two notices
        shoot(page, f"security-{label}")
    back_to_english(page)
    for label in walk(page, "/accounts/security/authenticator/"):
        shoot(page, f"replace-{label}")


@pytest.fixture
def admin(shelter: Organisation) -> User:
    return make_user(Role.ORGANISATION_ADMIN, shelter, "nadia")


def test_an_administrator_resets_the_second_step_of_a_member_who_lost_her_phone(
    open_page: Callable[..., Any],
    sign_in: Callable[..., None],
    shoot: Any,
    admin: User,
    caseworker: User,
    outsider: User,
) -> None:
    page = open_page().page
    sign_in(page, admin)
    for label in walk(page, "/accounts/members/second-factor/"):
        expect(page.locator("main ul.cards > li")).to_have_count(1)  # not herself, no outsider
        shoot(page, f"members-{label}")
    page.locator(
        f"form[action$='/accounts/members/{caseworker.uuid}/second-factor/reset/'] button"
    ).click()
    page.wait_for_url("**/accounts/members/second-factor/")
    expect(page.locator(".messages li")).to_be_visible()
    shoot(page, "members-after-reset-arabic")
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert TOTPDevice.objects.filter(user=outsider).exists()


def test_the_second_step_in_arabic_at_390_px_shows_the_hint_clear_of_the_code_field(
    open_page: Callable[..., Any], caseworker: User
) -> None:
    """A previous walk saw the hint under "Code" half hidden behind the input at 390 px."""
    page = open_page(PHONE).page
    page.goto("/accounts/login/")
    page.locator("#language").select_option("ar")
    page.locator("form.lang button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.locator("#id_username").fill(caseworker.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/two-factor/")
    save_screenshot(page, "second-step-arabic-390", "sign-in-security")
    field = page.locator("#id_otp_token").bounding_box()
    hint = page.locator("#id_otp_token_helptext").bounding_box()
    assert field is not None
    assert hint is not None
    # the hint sits between the label and the field (the project's forms), never under it
    assert hint["y"] + hint["height"] <= field["y"], (field, hint)
    assert_no_sideways_scroll(page, "second step, Arabic, 390 px")
