"""An organisation administrator gives a partner's system a token, in a real browser: creates it
(the secret shown once), sees the system use it, revokes it; at desktop width, at 390 px and in
Arabic, without sideways scrolling and without serious accessibility problems."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from needsfirst.web.accounts.models import Organisation, Role, User

from .conftest import DESKTOP, make_user

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def admin(shelter: Organisation) -> User:
    return make_user(Role.ORGANISATION_ADMIN, shelter, "nadia")


def _create_token(page: Any, name: str) -> str:
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Scope").select_option("read")
    page.get_by_label("Expires after (days)").fill("90")
    page.get_by_role("button", name="Create the token").click()
    secret = page.locator("#token-secret").input_value()
    assert secret.startswith("nf_")
    return secret


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "390px"])
def test_an_administrator_creates_sees_used_and_revokes_a_token(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    admin: User,
    viewport: dict[str, int],
) -> None:
    page = open_page(viewport).page
    sign_in(page, admin)
    secret = _create_token(page, "Shelter case system")
    expect(page.get_by_role("status")).to_contain_text("shown only this once")
    shoot(page, "created")
    assert page.evaluate(OVERFLOW) <= 0, "the token page scrolls sideways"

    # The system calls the API with it (a bare request: no browser session).
    api = page.context.request
    called = api.get("/api/v1/cases/", headers={"Authorization": f"Bearer {secret}"})
    assert called.status == 200
    refused = api.post(
        "/api/v1/cases/",
        headers={"Authorization": f"Bearer {secret}"},
        data={"first_name": "Amina"},
    )
    assert refused.status == 403
    assert refused.json()["code"] == "token_scope"

    # Shown once: after a reload the page names the token but never shows the secret again.
    page.goto("/api-tokens/")
    expect(page.locator("#token-secret")).to_have_count(0)
    assert secret not in page.content()
    row = page.locator("tr.token-row", has_text="Shelter case system")
    expect(row).to_contain_text("In force")
    expect(row).not_to_contain_text("Never")  # it was used: "last used" has a time
    shoot(page, "listed")

    row.get_by_role("button", name="Revoke Shelter case system").click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    expect(page.locator("tr.token-row", has_text="Shelter case system")).to_contain_text(
        "Revoked on"
    )
    shoot(page, "revoked")
    after = api.get("/api/v1/cases/", headers={"Authorization": f"Bearer {secret}"})
    assert after.status == 401


def test_the_token_page_reads_right_to_left_in_arabic_at_390_px(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    admin: User,
) -> None:
    page = open_page(PHONE_390).page
    sign_in(page, admin)
    _create_token(page, "نظام الملفات")
    page.locator("form.lang select").select_option("ar")
    with page.expect_navigation():
        page.locator("form.lang button").click()
    page.goto("/api-tokens/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("رموز واجهة البرمجة")
    expect(page.locator("tr.token-row")).to_contain_text("نظام الملفات")
    shoot(page, "ar-390")
    assert page.evaluate(OVERFLOW) <= 0, "the token page scrolls sideways in Arabic at 390 px"
