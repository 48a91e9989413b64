"""In a real browser at 390 px: the recruiter registry, a recruiter's page and the inspection list
never scroll sideways; the public /check/ pages pass axe in Arabic; in Arabic, the dates and
references in the headings of the inspection and remedy pages sit in their own <bdi>."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User
from needsfirst.web.cases import services as cases
from needsfirst.web.inspection import services as inspection
from needsfirst.web.recruitment.models import Licence, Recruiter
from needsfirst.web.recruitment.services import recruiter_name_keys_refresh

from .conftest import PHONE_390, make_user, to_arabic

pytestmark = pytest.mark.browser

SCROLL_WIDTH = "() => document.documentElement.scrollWidth"


@pytest.fixture
def kofi(transactional_db: Any) -> User:
    inspectorate = Organisation.objects.create(
        name="Labour Inspectorate", type=OrganisationType.CENTRAL_GOVERNMENT, country="GB"
    )
    return make_user(Role.LABOUR_INSPECTOR, inspectorate, "kofi")


def _recruiter_with_long_rows() -> Recruiter:
    recruiter = Recruiter.objects.create(
        name="Himalayan Manpower Services International Overseas Employment Private Limited",
        transliterations=["हिमालयन म्यानपावर सर्भिसेज", "Himalayan Manpawar Sarbhises"],
        countries=["QA", "SA", "AE", "KW", "MY"],
    )
    recruiter_name_keys_refresh(recruiter=recruiter)
    for number in ("1234/070-071-DOFE-KATHMANDU", "5678/075-076-DOFE-KATHMANDU"):
        Licence.objects.create(
            recruiter=recruiter,
            authority="Department of Foreign Employment, Government of Nepal, Kathmandu",
            number=number,
            number_key=number.replace("/", "").replace("-", ""),
            status="active",
            valid_from="2024-01-01",
            valid_until="2030-12-31",
            source_title="DoFE list of licensed foreign employment agencies, November 2026",
            source_url="https://dofe.gov.np/licensed-agencies/list-of-licensed-agencies.html",
            imported_on="2026-11-30",
        )
    return recruiter


def test_the_registry_a_recruiter_and_the_inspection_list_never_scroll_sideways_at_390_px(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    caseworker: User,
    kofi: User,
) -> None:
    recruiter = _recruiter_with_long_rows()
    inspection.workplace_register(
        actor=Actor.for_user(kofi),
        data={"name": "Green Valley Farm", "jurisdiction": "GB", "area": "Fenland", "isic": "A01"},
    )
    page = open_page(PHONE_390).page
    sign_in(page, caseworker)
    page.goto("/recruitment/?q=himalayan+manpower")
    expect(page.locator("table.stack-cards td[data-label]").first).to_be_visible()
    shoot(page, "registry-390")
    assert page.evaluate(SCROLL_WIDTH) <= 390, "the registry scrolls sideways at 390 px"
    page.goto(f"/recruitment/{recruiter.uuid}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Himalayan Manpower")
    assert page.title() == (
        "Himalayan Manpower Services International Overseas Employment Private Limited · needsfirst"
    ), "the title holds the name only, never the event form"
    shoot(page, "recruiter-390")
    assert page.evaluate(SCROLL_WIDTH) <= 390, "a recruiter's page scrolls sideways at 390 px"

    inspector = open_page(PHONE_390).page
    sign_in(inspector, kofi)
    inspector.goto("/inspection/")
    expect(inspector.get_by_role("link", name="Green Valley Farm")).to_be_visible()
    shoot(inspector, "inspection-list-390")
    assert inspector.evaluate(SCROLL_WIDTH) <= 390, "the inspection list scrolls sideways"


@pytest.mark.parametrize(
    "path",
    [
        "/check/",
        "/check/recruiter/",
        "/check/offer/",
        "/check/rights/",
        "/check/pay/",
        "/check/help/",
    ],
)
def test_the_public_check_pages_pass_axe_in_arabic_at_390_px(
    open_page: Callable[..., Any],
    shoot: Callable[[Any, str], None],
    transactional_db: Any,
    path: str,
) -> None:
    page = open_page(PHONE_390).page
    page.goto(f"{path}?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    shoot(page, "ar-390")
    assert page.evaluate(SCROLL_WIDTH) <= 390, f"{path} scrolls sideways at 390 px in Arabic"


def _heading_bdi(page: Any) -> list[str]:
    return page.locator("h1 bdi").all_inner_texts()


def test_in_arabic_the_visit_date_and_the_case_reference_in_headings_are_isolated(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    caseworker: User,
    kofi: User,
) -> None:
    actor = Actor.for_user(kofi)
    workplace = inspection.workplace_register(
        actor=actor,
        data={"name": "Green Valley Farm", "jurisdiction": "GB", "area": "Fenland", "isic": "A01"},
    )
    page = open_page(PHONE_390).page
    sign_in(page, kofi)
    page.goto(f"/inspection/workplaces/{workplace.uuid}/")
    page.locator("#id_planned_on").fill(timezone.localdate().isoformat())
    page.get_by_label("Police").check()
    page.get_by_role("button", name="Plan the visit").click()
    to_arabic(page)
    isolated = _heading_bdi(page)
    assert len(isolated) == 2, f"the visit heading isolates the date and the name: {isolated}"
    assert "Green Valley Farm" in isolated
    shoot(page, "visit-heading-ar-390")

    case = cases.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={"first_name": "Maria", "second_name": "Santos"},
    )
    worker = open_page(PHONE_390).page
    sign_in(worker, caseworker)
    worker.goto(f"/claims/cases/{case.uuid}/remedy/")
    to_arabic(worker)
    assert _heading_bdi(worker) == [case.reference], "the case reference is not isolated"
    shoot(worker, "remedy-heading-ar-390")
