"""An organisation administrator sets the privacy budget on its page: a figure below what the
period already spent is refused on the field, a good one is saved; the ledger and the release
log (a k-anonymous release in it, spending no epsilon) are shown; an analyst reads the page
without the form (desktop, 390 px, Arabic). Screenshots under BROWSER_SCREENSHOTS."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.statistics.models import PrivacyBudget
from needsfirst.web.statistics.refresh import refresh_case_facts
from needsfirst.web.statistics.release_services import release_create

from .conftest import make_user
from .test_analyst_dashboard import NO_SIDEWAYS_SCROLL, PHONE_390, SURNAME, _cases

pytestmark = pytest.mark.browser

DP = {"kind": "dp_counts", "dimension": "gender", "epsilon": 1.5, "bound": 1}
CTDC = {"kind": "ctdc", "k": 5, "max_suppression": 0.2}


def test_the_administrator_sets_the_budget_and_sees_every_release(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    caseworker: User,
    shelter: Any,
) -> None:
    _cases(caseworker)
    refresh_case_facts()
    admin = make_user(Role.ORGANISATION_ADMIN, shelter, "amal")
    release_create(actor=Actor.for_user(admin), data=DP)
    release_create(actor=Actor.for_user(admin), data=CTDC)
    watched = open_page()
    page = watched.page
    sign_in(page, admin)
    page.goto("/statistics/privacy-budget/")
    expect(page.get_by_role("heading", name="Release log", exact=True)).to_be_visible()
    expect(page.get_by_text("none (k-anonymous)")).to_be_visible()

    page.get_by_label("Total epsilon that releases may spend in the period").fill("1")
    page.get_by_label("Period, in days").fill("365")
    page.get_by_role("button", name="Save the budget").click()
    expect(page.locator("#id_epsilon_error")).to_contain_text("1.5 in the last 365 days")
    assert not PrivacyBudget.objects.exists()
    shoot(page, "1-below-spent-desktop")

    page.get_by_label("Total epsilon that releases may spend in the period").fill("4")
    page.get_by_role("button", name="Save the budget").click()
    expect(page.get_by_text("The privacy budget is saved.")).to_be_visible()
    expect(page.locator("td[data-label='Left']")).to_have_text("2.5")
    assert PrivacyBudget.objects.get().epsilon == 4.0
    assert SURNAME not in page.content()
    shoot(page, "2-saved-desktop")

    page.set_viewport_size(PHONE_390)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the budget page scrolls sideways at 390 px"
    shoot(page, "3-saved-390")

    page.locator("form.lang select").select_option("ar")
    with page.expect_navigation():
        page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="سجلّ الإصدارات", exact=True)).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the Arabic budget page scrolls sideways"
    shoot(page, "4-arabic-390")
    assert not watched.csp_violations


def test_an_analyst_reads_the_budget_without_the_form(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    shelter: Any,
) -> None:
    analyst = make_user(Role.ANALYST, shelter, "lena")
    watched = open_page(PHONE_390)
    page = watched.page
    sign_in(page, analyst)
    page.goto("/statistics/privacy-budget/")
    expect(
        page.get_by_text("Only your organisation's administrator can change the budget.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Save the budget")).to_have_count(0)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    shoot(page, "analyst-390")
