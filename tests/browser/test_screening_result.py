"""The screening result on a phone and in Arabic: the summary first, the result one tap away
from the top of the interview, the latest result on the case page. Screenshots are written
to var/screenshots/engine-*.png for review."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.cases import services
from needsfirst.web.screening import services as screening_services

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
FACTS = {
    "schema_version": "1",
    "as_of": "2024-06-01",
    "jurisdiction": "IT",
    "person": {"age": 24, "citizenship": ["NG"], "migrant": "yes"},
    "movement": {"crossed_border": "yes", "entry": "regular"},
    "acts": {"recruitment": "yes"},
    "means": {"deception": "yes"},
    "indicators": {
        "D5.debt_bondage": "yes",
        "D5.isolation_confinement_surveillance": "yes",
        "D5.threats_of_violence": "yes",
    },
    "work": {
        "sector": "agriculture",
        "wage_paid": {"amount": 5, "currency": "EUR", "period": "day"},
        "hours_per_day": 11,
        "days_per_week": 7,
        "documents_held_by": "employer",
    },
    "own_view": {"free_to_leave": "no"},
}


def _open(browser: Any, live_server: Any, locale: str, width: int) -> Any:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 844}, locale=locale
    )
    return context, context.new_page()


@pytest.mark.parametrize(("locale", "width"), [("ar", 390), ("en-GB", 390), ("ar", 1280)])
def test_the_result_is_reachable_on_a_phone_and_shows_its_summary_in_the_readers_language(
    browser: Any,
    live_server: Any,
    caseworker: User,
    sign_in: Callable[[Any, User], None],
    locale: str,
    width: int,
) -> None:
    case = services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={"first_name": "Blessing", "estimated_age": 24},
    )
    screening_services.screening_save(
        actor=Actor.for_user(caseworker), case=case, facts=FACTS, expected_version=0
    )
    context, page = _open(browser, live_server, "en-GB", width)
    try:
        sign_in(page, caseworker)  # through the English forms the helper reads
        language = locale.split("-")[0]
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        tag = f"{locale.split('-')[0]}-{width}"
        page.goto(f"/cases/{case.uuid}/")
        block = page.locator(".screening-latest")
        expect(block.locator(".screening-summary")).to_be_visible()
        page.screenshot(path=str(SHOTS / f"engine-case-{tag}.png"), full_page=True)
        page.goto(f"/screening/{case.uuid}/")
        jump = page.locator(".jump-to-result a")
        if width < 900:
            expect(jump).to_be_visible()
            jump.click()
            expect(page.locator("#determination .screening-summary")).to_be_in_viewport()
            page.screenshot(path=str(SHOTS / f"engine-result-{tag}.png"))
        overflow = page.evaluate(
            "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"the page scrolls sideways by {overflow} px"
        summary = page.locator("#determination .screening-summary")
        expect(summary).to_be_visible()
        if locale == "ar":
            assert page.locator("html").get_attribute("dir") == "rtl"
            assert summary.inner_text() != summary.inner_text().encode("ascii", "ignore").decode()
        page.screenshot(path=str(SHOTS / f"engine-interview-{tag}.png"), full_page=True)
    finally:
        context.close()
