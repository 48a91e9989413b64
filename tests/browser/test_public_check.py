"""Sita's journey in a real browser: check a recruiter and an offer on a phone, in Arabic (right
to left), with the page weight measured, no third-party request, no cookie, no script."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from needsfirst.web.accounts.models import Organisation, OrganisationType
from needsfirst.web.recruitment.models import HelpRequest, Licence, Recruiter
from needsfirst.web.recruitment.services import recruiter_name_keys_refresh
from tests.browser.conftest import axe_problems

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _weights(page: Any) -> dict[str, int]:
    sizes: dict[str, int] = {}

    def record(response: Any) -> None:
        try:
            sizes[response.url] = len(response.body())
        except Exception:
            sizes[response.url] = 0

    page.on("response", record)
    return sizes


def _fill_sita(page: Any) -> None:
    page.select_option("#id_country_of_work", "QA")
    page.select_option("#id_sector", "domestic")
    page.fill("#id_recruiter", "Himalayan Manpower")
    page.fill("#id_wage_amount", "800")
    page.fill("#id_wage_currency", "QAR")
    page.fill("#id_hours_per_day", "10")
    page.fill("#id_days_per_week", "6")
    page.fill("#id_weekly_rest_hours", "24")
    page.select_option("#id_fee_category", "recruitment")
    page.fill("#id_fee_amount", "1200")
    page.fill("#id_fee_currency", "QAR")
    page.select_option("#id_passport_held_by", "employer")
    page.select_option("#id_contract_written", "yes")
    page.select_option("#id_contract_language", "no")


def _shoot(page: Any, name: str) -> None:
    """Screenshot the page, and check it with axe-core: no serious or critical WCAG 2.2 AA
    violation (issue 9: the public pages must have none)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"recruit-{name}.png"), full_page=True)
    problems = axe_problems(page, name)
    assert not problems, "\n".join(problems)


def test_sita_checks_an_offer_on_a_phone_in_arabic_in_a_light_page(
    open_page: Callable[..., Any], live_server: Any
) -> None:
    recruiter = Recruiter.objects.create(name="Himalayan Manpower Services")
    recruiter_name_keys_refresh(recruiter=recruiter)
    Licence.objects.create(
        recruiter=recruiter,
        authority="Department of Foreign Employment, Nepal",
        number="1234/070",
        number_key="1234070",
        status="suspended",
        source_title="DoFE list",
        imported_on="2026-11-30",
    )
    watched = open_page(PHONE_390)
    page = watched.page
    sizes = _weights(page)
    page.goto("/check/?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("link", name="اترك هذه الصفحة بسرعة")).to_be_visible()
    _shoot(page, "home-390-ar")
    page.get_by_role("link", name="تحقّق من وكيل توظيف").click()
    page.fill("#id_q", "himalyan manpowr")
    page.keyboard.press("Enter")
    expect(page.get_by_text("الترخيص موقوف: لا تتعامل مع هذا الوكيل")).to_be_visible()
    _shoot(page, "recruiter-390-ar")
    page.goto("/check/offer/?lang=ar")
    _fill_sita(page)
    sizes.clear()
    page.get_by_role("button", name="تحقّق من هذا العرض").click()
    expect(page.get_by_text("يُطلب منك دفع رسوم توظيف")).to_be_visible()
    expect(page.get_by_text("سيحتفظ شخص آخر بجواز سفرك")).to_be_visible()
    expect(page.get_by_text("ترخيص وكيل التوظيف موقوف.")).to_be_visible()
    _shoot(page, "offer-result-390-ar")
    total = sum(sizes.values())
    assert total < 100 * 1024, sizes
    assert all(url.startswith(live_server.url) for url in sizes), sizes
    assert page.context.cookies() == []
    assert page.locator("script").count() == 0
    # She asks for help: only now is anything stored, and only with her consent.
    Organisation.objects.create(name="Doha Migrant Help", type=OrganisationType.NGO, country="QA")
    page.get_by_role("link", name="اطلب المساعدة").click()
    page.select_option("#id_country", "QA")
    page.select_option("#id_channel", "whatsapp")
    page.fill("#id_contact", "+974 5555 0101")
    page.fill("#id_safe_times", "الجمعة بعد الرابعة")
    page.get_by_label("أوافق").check()
    _shoot(page, "help-390-ar")
    page.get_by_role("button", name="أرسل طلبي").click()
    expect(page.get_by_role("heading", name="أُرسل طلبك")).to_be_visible()
    reference = HelpRequest.objects.get().reference
    expect(page.get_by_text(reference)).to_be_visible()
    _shoot(page, "help-sent-390-ar")
    assert not watched.console_errors


def test_the_offer_check_works_on_a_desktop_in_english_by_keyboard(
    open_page: Callable[..., Any],
) -> None:
    watched = open_page()
    page = watched.page
    page.goto("/check/offer/?lang=en")
    _fill_sita(page)
    page.focus("#id_contract_language")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "BUTTON":
            break
    page.keyboard.press("Enter")
    expect(page.get_by_text("Some terms of this offer break the standards below.")).to_be_visible()
    expect(page.get_by_text("below the legal minimum of Qatar")).to_be_visible()
    _shoot(page, "offer-result-desktop-en")
    page.goto("/check/offer/?lang=en")
    _shoot(page, "offer-form-desktop-en")
    page.goto("/check/rights/?lang=ar&country=QA")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_text("يمكنك تغيير صاحب العمل من دون إذن صاحب عملك.")).to_be_visible()
    _shoot(page, "rights-desktop-ar")
    assert not watched.console_errors


def test_an_administrator_imports_a_licence_list_and_a_caseworker_looks_a_recruiter_up(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, Any], None],
    shelter: Any,
    caseworker: Any,
    tmp_path: Path,
) -> None:
    from tests.browser.conftest import make_user

    admin = make_user("organisation_admin", shelter, "registrar")
    listing = tmp_path / "dofe.csv"
    listing.write_text(
        "Agency,Licence No.,Status,Until\n"
        "Himalayan Manpower Services,1234/070,active,2030-12-31\n"
        "Everest Overseas,88/2075,suspended,\n",
        encoding="utf-8",
    )
    watched = open_page()
    page = watched.page
    sign_in(page, admin)
    page.goto("/recruitment/import/")
    page.fill("#id_authority", "Department of Foreign Employment, Nepal")
    page.fill("#id_source_title", "DoFE list of licensed agencies")
    page.fill(
        "#id_mapping",
        "name = Agency\nlicence_number = Licence No.\nstatus = Status\nvalid_until = Until",
    )
    page.set_input_files("#id_file", str(listing))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("Imported: 2 new, 0 changed, 0 unchanged.")).to_be_visible()
    _shoot(page, "import-desktop-en")
    other = open_page(PHONE_390)
    sign_in(other.page, caseworker)
    other.page.goto("/recruitment/?q=everest+overseas")
    expect(other.page.get_by_role("cell", name="Suspended")).to_be_visible()
    _shoot(other.page, "registry-390-en")
    assert not watched.console_errors


def test_sita_checks_her_offer_in_nepali_on_a_phone(open_page: Callable[..., Any]) -> None:
    watched = open_page(PHONE_390)
    page = watched.page
    sizes = _weights(page)
    page.goto("/check/offer/?lang=ne")
    expect(page.locator("html")).to_have_attribute("lang", "ne")
    expect(page.get_by_text("मातृभाषी वक्ताको समीक्षा बिना अनुवाद")).to_be_visible()
    _fill_sita(page)
    sizes.clear()
    page.get_by_role("button", name="यो प्रस्ताव जाँच्नुहोस्").click()
    expect(page.get_by_text("तपाईंलाई भर्ती शुल्क QAR 1,200.00 तिर्न भनिएको छ।")).to_be_visible()
    expect(page.get_by_text("तपाईंको राहदानी अरू कसैले राख्नेछ।")).to_be_visible()
    _shoot(page, "offer-result-390-ne")
    assert sum(sizes.values()) < 100 * 1024, sizes
    assert page.context.cookies() == []
    assert not watched.console_errors


@pytest.mark.parametrize(
    ("lang", "unreviewed", "button", "passport"),
    [
        (
            "id",
            "Halaman ini diterjemahkan tanpa diperiksa",
            "Periksa tawaran ini",
            "Orang lain akan menyimpan paspor Anda.",
        ),
        (
            "tl",
            "Isinalin ang pahinang ito nang hindi sinuri",
            "Suriin ang alok na ito",
            "Iba ang hahawak ng iyong pasaporte.",
        ),
    ],
)
def test_sita_checks_her_offer_in_indonesian_or_tagalog_on_a_phone(
    lang: str, unreviewed: str, button: str, passport: str, open_page: Callable[..., Any]
) -> None:
    watched = open_page(PHONE_390)
    page = watched.page
    sizes = _weights(page)
    page.goto(f"/check/offer/?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_text(unreviewed)).to_be_visible()
    _shoot(page, f"offer-form-390-{lang}")
    _fill_sita(page)
    sizes.clear()
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text(passport, exact=False)).to_be_visible()
    _shoot(page, f"offer-result-390-{lang}")
    assert sum(sizes.values()) < 100 * 1024, sizes
    assert page.context.cookies() == []
    assert not watched.console_errors
