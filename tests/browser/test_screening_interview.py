"""Amina's step 4 in a real browser: the guided screening interview inside a case, with the
determination building up beside the form as she answers, then saved with its history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.cases import services

pytestmark = pytest.mark.browser


def test_a_caseworker_runs_the_interview_sees_the_determination_update_saves_and_sees_history(
    open_page: Callable[..., Any],
    caseworker: User,
    shoot: Callable[[Any, str], None],
    sign_in: Callable[[Any, User], None],
) -> None:
    case = services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={"first_name": "Blessing", "estimated_age": 25},
    )
    amina = open_page()
    page = amina.page
    sign_in(page, caseworker)
    page.goto(f"/cases/{case.uuid}/")
    page.get_by_role("link", name="Open the screening interview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening interview")
    panel = page.locator("#determination")
    expect(panel).to_contain_text("No determination yet")
    expect(panel).to_contain_text("never replaces")

    # An adult: the child questions step aside; no border crossing yet: no smuggling questions.
    expect(page.locator("#section-child")).to_be_hidden()
    expect(page.locator("#section-smuggling")).to_be_hidden()
    page.get_by_label("Country where the work or exploitation took place").select_option("ES")
    page.locator("#q-movement__crossed_border").get_by_label("Yes").check()
    expect(page.locator("#section-smuggling")).to_be_visible()
    page.locator("#q-worked").get_by_label("Yes").check()
    pay = page.locator("#section-pay")
    expect(pay).to_be_visible()
    pay.get_by_label("Sector").select_option("agriculture")
    pay.get_by_label("Pay received").fill("5")
    page.locator("#id_work__wage_paid__currency").fill("EUR")
    page.locator("#id_work__wage_paid__period").select_option("day")
    pay.get_by_label("Hours worked per day").fill("10")
    pay.get_by_label("Days worked per week").fill("6")
    # the person agreed; whether she could leave stays unknown
    page.locator("#q-own_view__agreed_to_conditions").get_by_label("Yes").check()
    expect(page.locator("#q-own_view__free_to_leave").get_by_label("Unknown")).to_be_checked()

    expect(panel).to_contain_text("Exploited migrant", timeout=10_000)
    expect(panel).to_contain_text("not saved yet")
    expect(panel).to_contain_text("0.50 EUR per hour")
    expect(panel).to_contain_text("What to ask next")
    shoot(page, "interview-preview")

    page.wait_for_load_state("networkidle")  # let the last preview land before leaving the page
    page.get_by_role("button", name="Save the screening").click()
    expect(page.get_by_role("status")).to_contain_text("Screening saved")
    expect(panel).to_contain_text("Latest saved determination")
    history = page.locator("#history tr.history-row")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text(caseworker.username)
    expect(history.first).to_contain_text("Exploited migrant")

    # A new fact adds a row to the history; the first one stays as it was.
    page.locator("#q-means__deception").get_by_label("Yes").check()
    expect(panel).to_contain_text("not saved yet")
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Save the screening").click()
    expect(page.locator("#history tr.history-row")).to_have_count(2)
    shoot(page, "interview-history")

    assert amina.csp_violations == []
    assert amina.console_errors == [], amina.console_errors
