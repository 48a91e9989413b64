"""Amina's night in a real browser: sign in with two factors, open a case, find it again by a
misspelt name, and her supervisor sees in the audit trail that she opened it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.cases import services
from needsfirst.web.cases.models import Case

pytestmark = pytest.mark.browser

CASE_URL = re.compile(r"/cases/(?P<uuid>[0-9a-f-]{36})/$")


def open_case_through_intake(page: Any) -> str:
    """Fill the intake form as Amina does; return the new case's identifier."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case")
    page.get_by_label("First name").fill("Mohammed")
    page.get_by_label("Family name").fill("Al-Rashid")
    page.get_by_label("Estimated age").fill("34")
    page.get_by_label("Main language").select_option("ar")
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url(CASE_URL)
    match = CASE_URL.search(page.url)
    assert match is not None
    return match["uuid"]


def test_a_caseworker_opens_a_case_finds_it_by_a_misspelt_name_and_her_supervisor_sees_the_view(
    open_page: Callable[..., Any],
    caseworker: User,
    supervisor: User,
    shoot: Callable[[Any, str], None],
    sign_in: Callable[[Any, User], None],
) -> None:
    amina = open_page()
    sign_in(amina.page, caseworker)
    case_uuid = open_case_through_intake(amina.page)
    expect(amina.page.get_by_role("status")).to_contain_text("opened")
    expect(amina.page.locator(".person-name")).to_have_text("Mohammed Al-Rashid")
    shoot(amina.page, "case-detail")

    amina.page.get_by_role("link", name="Find a person").click()
    amina.page.get_by_label("Name").fill("Muhamad Alrashid")
    amina.page.get_by_role("button", name="Search").click()
    results = amina.page.locator("#results")
    expect(results.get_by_role("heading")).to_have_text("1 person found")
    expect(results).to_contain_text("Mohammed Al-Rashid")
    shoot(amina.page, "search-results")
    results.get_by_role("link").first.click()
    amina.page.wait_for_url(f"**/cases/{case_uuid}/")
    expect(amina.page.locator(".person-name")).to_have_text("Mohammed Al-Rashid")

    giulia = open_page()
    sign_in(giulia.page, supervisor)
    giulia.page.get_by_role("link", name="Audit trail").click()
    reference = Case.objects.get(uuid=case_uuid).reference
    giulia.page.get_by_label("Case reference").fill(reference)
    giulia.page.get_by_role("button", name="Filter").click()
    # The filter travels as a reference, never as a name.
    assert "Al-Rashid" not in giulia.page.url
    newest = giulia.page.locator("tr.audit-entry").first
    expect(newest).to_contain_text(caseworker.username)
    expect(newest).to_contain_text("viewed case")
    expect(newest).to_contain_text(reference)
    # The supervisor of the holding organisation reads who the case is about.
    expect(newest).to_contain_text("Mohammed Al-Rashid")
    expect(newest).not_to_contain_text(case_uuid)
    shoot(giulia.page, "audit")

    for watched in (amina, giulia):
        assert watched.console_errors == []


def test_the_journey_loads_the_stylesheet_and_htmx_and_breaks_no_content_security_policy(
    open_page: Callable[..., Any], caseworker: User, sign_in: Callable[[Any, User], None]
) -> None:
    amina = open_page()
    login = amina.page.goto("/accounts/login/")
    assert login is not None
    policy = login.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    sign_in(amina.page, caseworker)
    open_case_through_intake(amina.page)

    assert amina.status_of("/static/needsfirst/needsfirst.css") == 200
    assert amina.status_of("/static/needsfirst/htmx.min.js") == 200
    # The stylesheet is applied, not just fetched: the header has the accent colour.
    header_colour = amina.page.locator("header.top").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    assert header_colour == "rgb(11, 83, 148)"
    assert amina.page.evaluate("typeof window.htmx") == "object"
    assert amina.csp_violations == []
    assert amina.console_errors == []


def test_the_search_form_answers_through_htmx_without_loading_a_new_page(
    open_page: Callable[..., Any], caseworker: User, sign_in: Callable[[Any, User], None]
) -> None:
    services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={"first_name": "Mohammed", "second_name": "Al-Rashid", "estimated_age": 34},
    )
    amina = open_page()
    sign_in(amina.page, caseworker)
    amina.page.goto("/cases/search/")
    form = amina.page.locator("main form")
    assert form.get_attribute("hx-post") == "/cases/search/"
    amina.page.wait_for_function("() => window.htmx !== undefined")
    # A full page load would forget this mark.
    amina.page.evaluate("() => { window.stillTheSamePage = true; }")

    amina.page.get_by_label("Name").fill("Mohamed Alrasheed")
    with amina.page.expect_request("**/cases/search/") as searched:
        amina.page.get_by_role("button", name="Search").click()
    assert searched.value.method == "POST"
    assert searched.value.headers.get("hx-request") == "true"
    expect(amina.page.locator("#results")).to_contain_text("Mohammed Al-Rashid")

    assert amina.page.evaluate("() => window.stillTheSamePage") is True
    assert amina.page.url.endswith("/cases/search/")
    # The name travelled in the body of a POST, never in the address.
    assert "Moham" not in amina.page.url
    assert amina.csp_violations == []
    assert amina.console_errors == []


def test_a_caseworker_of_another_organisation_can_neither_open_the_case_nor_find_the_person(
    open_page: Callable[..., Any],
    caseworker: User,
    outsider: User,
    sign_in: Callable[[Any, User], None],
) -> None:
    case = services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={"first_name": "Mohammed", "second_name": "Al-Rashid", "estimated_age": 34},
    )
    stranger = open_page()
    sign_in(stranger.page, outsider)

    response = stranger.page.goto(f"/cases/{case.uuid}/")
    assert response is not None
    assert response.status == 404
    expect(stranger.page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(stranger.page.locator("body")).not_to_contain_text("Al-Rashid")
    expect(stranger.page.locator("body")).not_to_contain_text(case.reference)

    stranger.page.goto("/cases/search/")
    stranger.page.get_by_label("Name").fill("Mohammed Al-Rashid")
    stranger.page.get_by_role("button", name="Search").click()
    results = stranger.page.locator("#results")
    expect(results.get_by_role("heading")).to_have_text("0 people found")
    expect(results).not_to_contain_text("Al-Rashid")
