"""The screening form walked three ways (desktop, 390 px, Arabic): empty, with the errors of a
bad save, and reopened with the saved answers. Each step is a screenshot, checked with axe-core
and for sideways scrolling (the questions are written in Python, screening/interview_html.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.cases import services

from .conftest import WALK_PARAMETERS, WALKS, Walk, sign_in_in_language

pytestmark = pytest.mark.browser


def _save(page: Any) -> None:
    page.wait_for_load_state("networkidle")  # the last preview lands before the page is left
    page.locator("button[name=action][value=save]").click()
    page.wait_for_load_state("load")


@pytest.mark.parametrize(WALK_PARAMETERS, WALKS)
def test_the_screening_form_empty_with_errors_and_reopened_reads_well(
    name: str,
    viewport: dict[str, int],
    language: str,
    open_page: Callable[..., Any],
    caseworker: User,
) -> None:
    case = services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={"first_name": "Blessing", "estimated_age": 25},
    )
    watched = open_page(viewport)
    page = watched.page
    walk = Walk(name, viewport, language, page, folder="screening-form")
    sign_in_in_language(page, caseworker, language)
    page.goto(f"/screening/{case.uuid}/")
    walk.step("form")

    page.locator("#id_worked_1").check()  # worked: yes, so the pay questions show
    page.locator("#id_work__wage_paid__amount").fill("5")  # an amount without its currency
    _save(page)
    currency = page.locator("#q-work__wage_paid__currency")
    expect(currency.locator(".errorlist")).to_be_visible()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_work__wage_paid__amount")).to_have_value("5")
    walk.step("errors")

    page.locator("#id_work__wage_paid__currency").fill("EUR")
    page.locator("#id_work__wage_paid__period").select_option("day")
    page.locator("#id_movement__crossed_border_1").check()
    page.locator("#q-movement__crossed_border details.note summary").click()
    page.locator("#id_movement__crossed_border__note").fill("Came by boat at night")
    _save(page)
    expect(page.locator("#history tr.history-row")).to_have_count(1)
    page.goto(f"/screening/{case.uuid}/")
    expect(page.locator("#id_work__wage_paid__currency")).to_have_value("EUR")
    expect(page.locator("#id_movement__crossed_border_1")).to_be_checked()
    expect(page.locator("#q-movement__crossed_border details.note")).to_have_attribute("open", "")
    walk.step("reopened")

    assert walk.problems == []
    assert watched.csp_violations == []
    # The bad save answers 400 on purpose (the browser logs it); nothing else may complain.
    unexpected = [error for error in watched.console_errors if "status of 400" not in error]
    assert unexpected == [], unexpected
