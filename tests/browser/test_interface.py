"""The interface in a real browser: languages and direction, a small phone, the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from needsfirst.web.accounts.models import User

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
ARABIC_CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "ar" / "LC_MESSAGES" / "django.mo"
NO_HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


def switch_language(page: Any, code: str) -> None:
    # By its place, not its label: the label is in the language being left.
    page.locator("form.lang select").select_option(code)
    with page.expect_navigation():
        page.locator("form.lang button").click()


def test_switching_to_arabic_turns_the_page_right_to_left_and_to_french_back(
    open_page: Callable[..., Any],
    caseworker: User,
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
) -> None:
    watched = open_page()
    page = watched.page
    sign_in(page, caseworker)
    page.goto("/cases/new/")

    switch_language(page, "ar")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert page.url.endswith("/cases/new/")
    if ARABIC_CATALOGUE.exists():
        with translation.override("ar"):
            heading = translation.gettext("Open a case")
        assert heading != "Open a case"
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    # Right to left for real: the brand sits on the right edge of the header.
    brand = page.locator(".brand").bounding_box()
    assert brand is not None
    assert brand["x"] > page.viewport_size["width"] / 2
    shoot(page, "intake-arabic-desktop")
    page.set_viewport_size(PHONE)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    shoot(page, "intake-arabic-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    switch_language(page, "fr")
    expect(html).to_have_attribute("lang", "fr")
    expect(html).to_have_attribute("dir", "ltr")
    shoot(page, "intake-french")
    assert watched.console_errors == []


def test_a_caseworker_opens_a_case_on_a_phone_without_scrolling_sideways(
    open_page: Callable[..., Any],
    caseworker: User,
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
) -> None:
    watched = open_page(viewport=PHONE)
    page = watched.page
    sign_in(page, caseworker)
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the start page scrolls sideways"
    shoot(page, "home-phone")

    page.get_by_role("link", name="New case").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case")
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the intake form scrolls sideways"
    page.get_by_label("First name").fill("Blessing")
    page.get_by_label("Estimated age").fill("19")
    page.get_by_label("Main language").select_option("en")
    page.get_by_label("Consent to assistance").select_option("yes")
    shoot(page, "intake-phone")
    submit = page.get_by_role("button", name="Open the case")
    submit.scroll_into_view_if_needed()
    box = submit.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    submit.click()

    expect(page.locator(".person-name")).to_have_text("Blessing")
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the case page scrolls sideways"
    shoot(page, "case-phone")
    for path in ("/cases/", "/cases/search/"):
        page.goto(path)
        shoot(page, path.strip("/").replace("/", "-") + "-phone")
        assert page.evaluate(NO_HORIZONTAL_SCROLL), f"{path} scrolls sideways"
    assert watched.console_errors == []


def test_the_skip_link_is_the_first_stop_of_the_keyboard_and_moves_focus_to_the_content(
    open_page: Callable[..., Any],
    caseworker: User,
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
) -> None:
    watched = open_page()
    page = watched.page
    sign_in(page, caseworker)
    page.goto("/cases/new/")

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.textContent]"
    )
    assert focused == ["skip", "Skip to content"]
    skip = page.locator("a.skip").bounding_box()
    assert skip is not None
    assert skip["x"] >= 0, "the focused skip link is off screen"
    shoot(page, "skip-link-focused")

    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next stop is the first field of the form, not the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")
    assert watched.console_errors == []
