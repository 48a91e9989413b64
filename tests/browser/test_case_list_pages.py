"""The case list a page at a time in a real browser: Next and Previous walk the cases without a
page count, the filters stay on every page; on a desktop, on a 390 px phone and in Arabic.

Screenshots go to var/screenshots/scale/ (or $BROWSER_SCREENSHOTS) for review.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.cases import services
from tests.browser.conftest import PHONE_390, save_screenshot, to_arabic

pytestmark = pytest.mark.browser


NO_HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


def shot(page: Any, name: str) -> None:
    save_screenshot(page, f"case-list-{name}", "scale")


@override_settings(NEEDSFIRST_PAGE_SIZE=3)
def test_a_caseworker_walks_the_case_list_forwards_and_back(
    open_page: Callable[..., Any],
    caseworker: User,
    sign_in: Callable[[Any, User], None],
) -> None:
    names = ["Amina", "Blessing", "Chidi", "Dawit", "Elena", "Fatima", "Grace"]
    for name in names:
        services.case_intake(
            actor=Actor.for_user(caseworker),
            person_data={"first_name": name, "second_name": "Paged"},
        )
    page = open_page().page
    sign_in(page, caseworker)
    page.goto("/cases/")
    rows = page.locator("tr.case-row")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Grace Paged")  # the newest first
    expect(page.get_by_role("link", name="Previous")).to_have_count(0)
    shot(page, "1-first-page")

    seen: list[str] = []
    while True:
        seen += [text.split(" Paged")[0].strip() for text in rows.all_inner_texts()]
        following = page.get_by_role("link", name="Next")
        if following.count() == 0:
            break
        following.click()
        page.wait_for_load_state()
    assert [name.split()[-1] for name in seen] == list(reversed(names))
    expect(page.locator("nav.pagination")).not_to_contain_text("Page")
    shot(page, "2-last-page")

    page.get_by_role("link", name="Previous").click()
    expect(rows.first).to_contain_text("Dawit Paged")

    page.set_viewport_size(PHONE_390)
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the case list scrolls sideways at 390 px"
    shot(page, "3-phone")

    to_arabic(page)
    page.goto("/cases/?status=not_closed")
    expect(rows).to_have_count(3)
    page.get_by_role("link", name="التالي").click()
    assert "status=not_closed" in page.url
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the Arabic case list scrolls sideways"
    shot(page, "4-arabic-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "5-arabic-desktop")
