"""A wage claim in a real browser: one period and one fee, computed, saved on the case,
reopened, and its statement downloaded; on a desktop, on a 390 px phone and in Arabic.

Screenshots go to var/screenshots/claim-*.png (or $BROWSER_SCREENSHOTS) for review.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.cases import services
from needsfirst.web.claims.models import WageClaim
from tests.browser.conftest import PHONE_390, save_screenshot, to_arabic

pytestmark = pytest.mark.browser


NO_HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


def shot(page: Any, name: str) -> None:
    save_screenshot(page, f"claim-{name}")


def fill_one_period_and_one_fee(page: Any) -> None:
    """The UK worked example: 4 weeks of 5 days of 8 hours for GBP 1,000, and a GBP 500 fee.
    Period 2 and Fee 2 stay blank (their selects keep their first option)."""
    page.locator("#id_jurisdiction").select_option("GB")
    page.locator("#id_sector").select_option("general")
    page.locator("#id_currency").select_option("GBP")
    page.locator("#id_employer").fill("Clean Homes Ltd")
    page.locator("#id_periods-0-start").fill("2025-04-07")
    page.locator("#id_periods-0-end").fill("2025-05-04")
    page.locator("#id_periods-0-hours_per_day").fill("8")
    page.locator("#id_periods-0-days_per_week").fill("5")
    page.locator("#id_periods-0-paid_amount").fill("1000")
    page.locator("#id_periods-0-paid_per").select_option("period")
    page.locator("#id_fees-0-amount").fill("500")
    page.locator("#id_fees-0-category").select_option("recruitment-fee")


def test_a_caseworker_computes_saves_reopens_and_prints_a_wage_claim(
    open_page: Callable[..., Any],
    caseworker: User,
    sign_in: Callable[[Any, User], None],
) -> None:
    case = services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={"first_name": "Maria", "second_name": "Santos"},
    )
    watched = open_page()
    page = watched.page
    sign_in(page, caseworker)
    page.goto(f"/cases/{case.uuid}/")
    page.get_by_role("link", name="Wage claim").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wage and fee claim")
    assert page.locator("#id_sector option").count() >= 3
    expect(page.locator("#id_sector option[value=domestic]")).to_have_text("Domestic work")
    expect(page.locator("#id_jurisdiction option[value=GB]")).to_have_text("United Kingdom")
    expect(page.locator("#id_currency option[value=GBP]")).to_have_text("Pound Sterling")
    shot(page, "1-empty")

    fill_one_period_and_one_fee(page)
    page.get_by_role("button", name="Compute the claim").click()
    claim = page.locator("section[aria-labelledby=claim]")
    expect(claim).to_contain_text("GBP 1,453.60")
    expect(claim).to_contain_text("Wage and fee claim: United Kingdom, sector general")
    expect(page.locator(".error-summary")).to_have_count(0)
    shot(page, "2-computed")

    page.get_by_role("button", name="Save the claim on the case").click()
    expect(page.get_by_text("The claim was saved on the case.")).to_be_visible()
    assert WageClaim.objects.filter(case=case).count() == 1

    page.goto(f"/cases/{case.uuid}/")
    page.get_by_role("link", name="Wage claim").click()
    expect(page.locator("#id_employer")).to_have_value("Clean Homes Ltd")
    expect(page.locator("#id_periods-0-start")).to_have_value("2025-04-07")
    expect(page.locator("section[aria-labelledby=claim]")).to_contain_text("The claim saved on")
    expect(page.locator("section[aria-labelledby=claim]")).to_contain_text("GBP 1,453.60")
    shot(page, "3-reopened")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the saved claim statement (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    page.set_viewport_size(PHONE_390)
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the claim page scrolls sideways at 390 px"
    shot(page, "4-phone-390")
    assert watched.console_errors == []


def test_the_claim_page_in_arabic_on_a_phone(
    open_page: Callable[..., Any],
    caseworker: User,
    sign_in: Callable[[Any, User], None],
) -> None:
    case = services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={"first_name": "مريم", "second_name": "حداد", "primary_language": "ar"},
    )
    watched = open_page(viewport=PHONE_390)
    page = watched.page
    sign_in(page, caseworker)
    page.goto(f"/claims/cases/{case.uuid}/")
    to_arabic(page)
    fill_one_period_and_one_fee(page)
    page.locator("button[value=compute]").click()
    expect(page.locator("section[aria-labelledby=claim]")).to_contain_text("1,453.60")
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the Arabic claim page scrolls sideways"
    shot(page, "5-arabic-phone")

    with page.expect_download() as download:
        page.locator("button[value=pdf]").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "6-arabic-desktop")
    assert watched.console_errors == []
