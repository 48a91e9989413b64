"""Lena, an analyst, reads the dashboard (desktop, 390 px, Arabic), downloads a chart as CSV and
produces a k-anonymous CTDC release for partners; nothing on the way names a person."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.cases import services as cases
from needsfirst.web.cases.models import Consent, ConsentKind, SharingPurpose
from needsfirst.web.screening.models import Screening
from needsfirst.web.statistics.refresh import refresh_case_facts

from .conftest import make_user

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
SURNAME = "Quarrington"


def _cases(caseworker: User) -> None:
    nationalities = ["NP"] * 9 + ["BD"] * 7 + ["ET"] * 6 + ["PH"] * 2
    for number, nationality in enumerate(nationalities):
        case = cases.case_intake(
            actor=Actor.for_user(caseworker),
            person_data={
                "first_name": f"Zenobia{number}",
                "second_name": SURNAME,
                "gender": "Feminine" if number % 4 else "Masculine",
                "citizenship": [nationality],
                "estimated_age": 19 + number % 20,
            },
        )
        Consent.objects.create(
            case=case,
            kind=ConsentKind.DATA_SHARING,
            purpose=SharingPurpose.STATISTICS,
            granted=True,
            method="verbal",
            decided_on=timezone.localdate(),
            recorded_by=caseworker,
        )
        purpose = "ForcedLabour" if number % 3 else "SexualExploitation"
        Screening.objects.create(
            case=case,
            facts={
                "purposes": {purpose: "yes"},
                "work": {"sector": "domestic_work" if number % 2 else "construction"},
                "movement": {"origin_country": nationality, "destination_country": "QA"},
            },
        )
    refresh_case_facts()


def test_lena_reads_the_dashboard_and_releases_a_ctdc_file(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    caseworker: User,
    shelter: Any,
) -> None:
    _cases(caseworker)
    lena = make_user(Role.ANALYST, shelter, "lena")
    watched = open_page()
    page = watched.page
    sign_in(page, lena)
    page.get_by_role("link", name="Statistics").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistics")
    expect(page.get_by_text("Cases counted: 24.")).to_be_visible()
    nationality = page.locator("section#nationality")
    expect(nationality.get_by_role("img")).to_have_accessible_name("By nationality")
    nationality.get_by_text("The numbers as a table").click()
    expect(nationality.get_by_role("cell", name="Nepal")).to_be_visible()
    expect(nationality.get_by_role("cell", name="not shown (small number)").first).to_be_visible()
    assert SURNAME not in page.content()
    shoot(page, "1-dashboard-desktop")

    with page.expect_download() as download:
        nationality.get_by_role("link", name="Download “By nationality” as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("By nationality,cases")
    assert SURNAME not in text

    page.set_viewport_size(PHONE_390)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the dashboard scrolls sideways at 390 px"
    shoot(page, "2-dashboard-390")

    page.locator("form.lang select").select_option("ar")
    with page.expect_navigation():
        page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the Arabic dashboard scrolls sideways"
    shoot(page, "3-dashboard-arabic-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    shoot(page, "4-dashboard-arabic-desktop")
    page.locator("form.lang select").select_option("en")
    with page.expect_navigation():
        page.locator("form.lang button").click()

    page.get_by_role("link", name="Produce a release for partners").click()
    page.get_by_label("What to release").select_option("ctdc")
    page.set_viewport_size(PHONE_390)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), "the release form scrolls sideways at 390 px"
    shoot(page, "5-release-form-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Share of rows that may be left out (0 to 0.2)").fill("0.2")
    page.get_by_role("button", name="Produce the release").click()
    expect(page.locator(".release-statement")).to_contain_text("k-anonymous at k = 11")
    shoot(page, "6-release-report")
    with page.expect_download() as release:
        page.get_by_role("link", name="Download the release (CSV)").click()
    released = Path(release.value.path()).read_text(encoding="utf-8")
    assert released.startswith("yearOfRegistration,gender,ageBroad")
    assert SURNAME not in released
    assert not watched.csp_violations
