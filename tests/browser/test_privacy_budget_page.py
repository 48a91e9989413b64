"""An organisation administrator releases counts with differential privacy until the privacy
budget runs out: the page shows the budget, the ledger, and refuses the release that would go
over it with what is left (desktop, 390 px, Arabic)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from needsfirst.web.accounts.models import Role, User
from needsfirst.web.statistics.models import PrivacyBudget, PrivacySpend

from .conftest import make_user
from .test_analyst_dashboard import NO_SIDEWAYS_SCROLL, PHONE_390, SURNAME, _cases

pytestmark = pytest.mark.browser


def test_the_release_page_tracks_the_privacy_budget(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    caseworker: User,
    shelter: Any,
) -> None:
    _cases(caseworker)
    PrivacyBudget.objects.create(organisation=shelter, epsilon=1.0, period_days=365)
    admin = make_user(Role.ORGANISATION_ADMIN, shelter, "amal")
    watched = open_page()
    page = watched.page
    sign_in(page, admin)
    page.goto("/statistics/release/")
    expect(page.get_by_role("heading", name="Privacy budget")).to_be_visible()
    shoot(page, "1-budget-untouched")

    for epsilon in ("0.5", "0.4"):
        page.goto("/statistics/release/")
        page.get_by_label("What to release").select_option("dp_counts")
        page.get_by_label("Counts by (differential privacy)").select_option("gender")
        page.get_by_label("Privacy budget epsilon (smaller is more private)").fill(epsilon)
        page.get_by_role("button", name="Produce the release").click()
        expect(page.locator(".release-statement")).to_contain_text(f"epsilon = {epsilon}")
    assert PrivacySpend.objects.count() == 2

    page.goto("/statistics/release/")
    page.get_by_label("What to release").select_option("dp_counts")
    page.get_by_label("Privacy budget epsilon (smaller is more private)").fill("0.5")
    page.get_by_role("button", name="Produce the release").click()
    expect(page.locator("#id_epsilon_error")).to_contain_text(
        "only 0.1 of the privacy budget is left"
    )
    left = page.locator("td[data-label='Left']")
    expect(left).to_have_text("0.1")
    assert SURNAME not in page.content()
    shoot(page, "2-refused-desktop")

    page.set_viewport_size(PHONE_390)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the release page scrolls sideways at 390 px"
    shoot(page, "3-refused-390")

    page.locator("form.lang select").select_option("ar")
    with page.expect_navigation():
        page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="ميزانية الخصوصية")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the Arabic release page scrolls sideways"
    shoot(page, "4-arabic-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, "5-arabic-desktop")
    assert not watched.csp_violations
