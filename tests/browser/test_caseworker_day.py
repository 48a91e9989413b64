"""A caseworker's whole day in a real browser (users.md, Amina), at desktop width, at phone
width (390 px) and in Arabic, then her supervisor's audit trail.

Each step writes a screenshot under var/screenshots/ for review, is checked with axe-core (no
serious or critical WCAG 2.2 AA violation) and, at phone width, must not scroll sideways.
Selectors use ids and names, not English words, so the same path runs in Arabic.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, User
from needsfirst.web.assistance import services as assistance_services
from needsfirst.web.assistance.models import PlanItem
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import Case
from needsfirst.web.common.validators import country_name
from needsfirst.web.referrals.models import Referral, ServiceProvider
from tests.browser.conftest import (
    DESKTOP,
    PHONE_390,
    WALK_PARAMETERS,
    WALKS,
    Walk,
    sign_in_in_language,
)

pytestmark = pytest.mark.browser

CASE_URL = re.compile(r"/cases/(?P<uuid>[0-9a-f-]{36})/$")
PHONE_NUMBER = "+974 5555 0101"


@pytest.fixture
def partner(other_ngo: Organisation) -> ServiceProvider:
    return ServiceProvider.objects.create(
        owner=other_ngo,
        organisation=other_ngo,
        in_needsfirst=True,
        name="Casa Sicura women's shelter",
        type="shelter",
        domains=["shelter", "safety"],
        languages=["ar", "en", "it"],
        country="IT",
        city="Palermo",
        eligibility=["women"],
    )


@pytest.fixture
def yesterdays_case(caseworker: User) -> Case:
    """A case from the day before, with an action a week late: the dashboard must say so."""
    case = case_services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={
            "first_name": "Grace",
            "second_name": "Mensah",
            "estimated_age": 31,
            "citizenship": ["GH"],
        },
    )
    assistance_services.assessment_record(
        actor=Actor.for_user(caseworker),
        case=case,
        answers={"injury": "yes"},
        assessed_on=timezone.localdate() - timedelta(days=8),
        jurisdiction="IT",
    )
    PlanItem.objects.filter(case=case).update(due_on=timezone.localdate() - timedelta(days=7))
    return case


def _check_given(page: Any) -> None:
    """Consent given: an explicit choice between given and declined, with no default."""
    page.locator('input[name="granted"][value="given"]').check()


def _the_day(
    day: Walk,
    open_page: Callable[..., Any],
    caseworker: User,
    supervisor: User,
    other_ngo: Organisation,
    partner: ServiceProvider,
    yesterdays_case: Case,
) -> None:
    watched = open_page(day.viewport)
    day.page = page = watched.page
    sign_in_in_language(day.page, caseworker, day.language, day)

    # The dashboard: the person's name, and yesterday's late action marked overdue.
    overdue = page.locator("#overdue-tasks").locator("..")
    expect(overdue).to_contain_text("Grace Mensah")
    expect(overdue.locator(".task.overdue")).not_to_have_count(0)
    day.step("dashboard")

    # Open yesterday's case from the dashboard: its heading is the person's name.
    page.locator("#my-cases").locator("..").locator("li.case-row a").first.click()
    page.wait_for_url(CASE_URL)
    expect(page.locator("h1")).to_have_text("Grace Mensah")
    day.step("open-case")

    # Intake: a name, an age, nationality through the search box, a language, a phone.
    page.goto("/cases/new/")
    page.locator("#id_first_name").fill("Mariam")
    page.locator("#id_second_name").fill("Tesfaye")
    page.locator("#id_estimated_age").fill("27")
    page.locator("#id_sex").select_option("female")
    page.locator("#id_gender").select_option("Feminine")
    page.locator("#id_primary_language").select_option("ti")
    search = page.locator("#id_citizenship-search")
    expect(search).to_be_visible()
    with translation.override(day.language):
        eritrea = country_name("ER")
    search.fill(eritrea[:5].lower())
    search.press("Enter")
    expect(page.locator("#id_citizenship")).to_have_values(["ER"])
    page.locator('select[name="assistance_consent"]').select_option("yes")
    page.locator("main details summary").click()
    page.locator("#id_mobile_phone").fill(PHONE_NUMBER)
    day.step("intake")
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_url(CASE_URL)
    case = Case.objects.get(uuid=CASE_URL.search(page.url)["uuid"])
    expect(page.locator("h1")).to_have_text("Mariam Tesfaye")
    # The phone number keeps its own direction inside right-to-left text.
    phone = page.locator("bdi.phone")
    expect(phone).to_have_text(PHONE_NUMBER)
    assert phone.evaluate("e => getComputedStyle(e).direction") == "ltr"
    day.step("case-opened")

    # Consent to share with the partner for a referral.
    page.goto(f"/cases/{case.uuid}/consents/new/")
    page.locator("#id_kind").select_option("data_sharing")
    _check_given(page)
    page.locator("#id_purpose").select_option("referral")
    page.locator("#id_recipient").select_option(str(other_ngo.pk))
    page.locator("#id_method").select_option("written")
    page.locator("#id_decided_on").fill(timezone.localdate().isoformat())
    day.step("consent")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(CASE_URL)

    # Needs: no safe place tonight and a threat; urgent needs with their reasons.
    page.goto(f"/assistance/cases/{case.uuid}/assess/")
    page.locator('input[name="threat_from_exploiter"][value="yes"]').check()
    page.locator('input[name="no_safe_place_tonight"][value="yes"]').check()
    day.step("needs")
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_url(f"**/assistance/cases/{case.uuid}/")

    # The plan, with no rule id or standard's key in sight.
    main = page.locator("main")
    expect(main).not_to_contain_text("SHELTER-TONIGHT")
    expect(main).not_to_contain_text("SocialCare")
    expect(page.locator("tr.plan-item").first).to_be_visible()
    day.step("plan")

    # Referral from the shelter need to the partner's shelter, named by country, not code.
    page.goto(f"/referrals/cases/{case.uuid}/new/?need=shelter")
    provider = page.locator("#id_provider")
    expect(provider.locator("option", has_text="Palermo")).not_to_contain_text("(IT)")
    option = provider.locator("option", has_text=partner.name)
    provider.select_option(option.get_attribute("value"))
    page.locator('input[name="sections"][value="identity"]').check()
    page.locator("#id_message").fill("A bed tonight, please.")
    day.step("referral")
    page.locator("main form.stack button[type=submit]").click()
    page.wait_for_url(re.compile(r"/referrals/[0-9a-f-]{36}/$"))
    assert Referral.objects.filter(case=case).exists()
    day.step("referral-sent")

    # Search a misspelt name: found, with age, nationality and need.
    page.goto("/cases/search/")
    page.locator("#id_name").fill("Maryam Tesfay")
    page.locator("main form button[type=submit]").click()
    results = page.locator("#results .person-result")
    expect(results.first).to_contain_text("Mariam Tesfaye")
    day.step("search")
    results.first.locator("a").first.click()
    page.wait_for_url(CASE_URL)
    expect(page.locator("h1")).to_have_text("Mariam Tesfaye")
    day.step("case-page")

    # The case list: people, not codes.
    page.goto("/cases/")
    row = page.locator("tr.case-row", has_text="Mariam Tesfaye")
    expect(row).to_be_visible()
    day.step("case-list")
    assert watched.console_errors == []

    # The supervisor: the team's late and urgent items at home, the audit trail by case.
    boss = open_page(day.viewport)
    day.page = page = boss.page
    sign_in_in_language(day.page, supervisor, day.language, day)
    expect(page.locator("#team-urgent").locator("..")).to_contain_text("Grace Mensah")
    day.step("supervisor-home")
    page.goto("/audit/")
    page.locator("#id_case").fill(case.reference)
    page.locator("main form button[type=submit]").click()
    assert "Mariam" not in page.url
    expect(page.locator("tr.audit-entry").first).to_contain_text("Mariam Tesfaye")
    expect(page.locator("tr.audit-entry").first).to_contain_text(case.reference)
    day.step("audit")
    assert boss.console_errors == []


@pytest.mark.parametrize(WALK_PARAMETERS, WALKS)
def test_a_caseworkers_whole_day_is_accessible_and_fits_the_screen(
    name: str,
    viewport: dict[str, int],
    language: str,
    open_page: Callable[..., Any],
    caseworker: User,
    supervisor: User,
    other_ngo: Organisation,
    partner: ServiceProvider,
    yesterdays_case: Case,
) -> None:
    day = Walk(name=f"day-{name}", viewport=viewport, language=language)
    _the_day(day, open_page, caseworker, supervisor, other_ngo, partner, yesterdays_case)
    assert len(day.steps) >= 15
    assert not day.problems, "\n".join(day.problems)


def test_the_intake_is_usable_with_the_keyboard_alone_and_focus_is_visible(
    open_page: Callable[..., Any], caseworker: User, sign_in: Callable[[Any, User], None]
) -> None:
    watched = open_page(DESKTOP)
    page = watched.page
    sign_in(page, caseworker)
    # The first Tab reaches the skip link, which is visible when focused.
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    expect(skip).to_be_focused()
    assert skip.evaluate("e => e.getBoundingClientRect().left >= 0")
    # Tab to "New case" in the navigation and open it with Enter.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('href')") == "/cases/new/":
            break
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cases/new/")
    # Into the first field by Tab (after the skip link, the navigation, the tools).
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "id_first_name":
            break
    page.keyboard.type("Keyboard")
    page.keyboard.press("Tab")
    page.keyboard.type("Only")
    page.keyboard.press("Enter")  # submits the form from a text field
    page.wait_for_url(CASE_URL)
    expect(page.locator("h1")).to_have_text("Keyboard Only")
    assert watched.console_errors == []


def test_nationalities_are_chosen_by_search_and_removed_with_one_click(
    open_page: Callable[..., Any], caseworker: User, sign_in: Callable[[Any, User], None]
) -> None:
    watched = open_page(PHONE_390)
    page = watched.page
    sign_in(page, caseworker)
    page.goto("/cases/new/")
    search = page.locator("#id_citizenship-search")
    for typed in ("nepa", "qata"):
        search.fill(typed)
        search.press("Enter")
    select = page.locator("#id_citizenship")
    expect(select).to_have_values(["NP", "QA"])
    chosen = page.locator(".search-select .chosen button")
    expect(chosen).to_have_count(2)
    chosen.filter(has_text="Nepal").click()
    expect(select).to_have_values(["QA"])
    assert watched.console_errors == []


FOCUS_STYLE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) { return null; }
  e.dataset.reached = "yes";
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  return {tag: e.tagName, id: e.id, name: e.getAttribute('name') || e.textContent.slice(0, 30),
          visible: outline || s.boxShadow !== 'none'};
}"""
CONTROLS_IN_MAIN = """(reached) => {
  // Each visible control in main; a radio group counts once (arrow keys move inside it).
  const all = [...document.querySelectorAll(
    'main a[href], main button, main input:not([type=hidden]), main select, main textarea, '
    + 'main summary'
  )].filter(e => e.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true}));
  const groups = new Map();
  all.forEach((e, i) => {
    const key = e.type === 'radio' ? 'radio:' + e.name : i;
    groups.set(key, (groups.get(key) || false) || e.dataset.reached === 'yes');
  });
  const values = [...groups.values()];
  return reached ? values.filter(Boolean).length : values.length;
}"""


MISSED = """() => [...document.querySelectorAll(
  'main a[href], main button, main input:not([type=hidden]):not([type=radio]), main select, '
  + 'main textarea, main summary'
)].filter(e => e.checkVisibility() && e.dataset.reached !== "yes")
  .map(e => e.tagName + '#' + (e.id || e.getAttribute('name') || e.textContent.slice(0, 20)))"""


def test_every_control_of_the_days_forms_is_reached_by_tab_with_a_visible_focus(
    open_page: Callable[..., Any],
    caseworker: User,
    sign_in: Callable[[Any, User], None],
    yesterdays_case: Case,
) -> None:
    watched = open_page(DESKTOP)
    page = watched.page
    sign_in(page, caseworker)
    pages = [
        "/",
        "/cases/new/",
        f"/cases/{yesterdays_case.uuid}/consents/new/",
        f"/assistance/cases/{yesterdays_case.uuid}/",
    ]
    for path in pages:
        page.goto(path)
        expected = page.evaluate(CONTROLS_IN_MAIN, False)
        for _ in range(expected + 40):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS_STYLE)
            if focused is not None:
                assert focused["visible"], f"{path}: no visible focus on {focused}"
        reached = page.evaluate(CONTROLS_IN_MAIN, True)
        missed = page.evaluate(MISSED)
        assert reached == expected, f"{path}: {reached} of {expected} reached by Tab; not {missed}"
