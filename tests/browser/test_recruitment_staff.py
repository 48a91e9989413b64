"""The staff side of fair recruitment in a real browser, at desktop width, at 390 px and in
Arabic: an administrator imports a licensing authority's list from an XLSX workbook, looks a
recruiter up and opens its page; a caseworker names the recruiter in a case, sees it on the case
page, checks the person's job offer and starts the screening from it.

Each step writes a screenshot under var/screenshots/fin9/, is checked with axe-core (no serious or
critical WCAG 2.2 AA violation) and must not scroll sideways.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role
from needsfirst.web.cases import services as case_services
from needsfirst.web.recruitment.models import Licence, Recruiter
from needsfirst.web.screening.models import Screening
from tests.browser.conftest import (
    WALK_PARAMETERS,
    WALKS,
    Walk,
    make_user,
    sign_in_in_language,
)

pytestmark = pytest.mark.browser

MAPPING = "name = Agency Name\nlicence_number = Licence No.\nstatus = Status\nvalid_until = Until"


def _workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Department of Foreign Employment: licensed recruiting agencies"])
    sheet.append(["Agency Name", "Licence No.", "Status", "Until"])
    sheet.append(["Himalayan Manpower Services", "1234/070", "suspended", dt.date(2030, 12, 31)])
    sheet.append(["Everest Overseas", 882075, "active", dt.date(2030, 12, 31)])
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize(WALK_PARAMETERS, WALKS)
def test_the_registry_import_look_up_and_case_journey_is_accessible_and_fits(
    name: str,
    viewport: dict[str, int],
    language: str,
    open_page: Callable[..., Any],
    shelter: Organisation,
    tmp_path: Path,
) -> None:
    admin = make_user(Role.ORGANISATION_ADMIN, shelter, f"admin-{name}")
    caseworker = make_user(Role.CASEWORKER, shelter, f"amina-{name}")
    case = case_services.case_intake(
        actor=Actor.for_user(caseworker), person_data={"first_name": "Sita", "second_name": "Rai"}
    )
    walk = Walk(name, viewport, language, folder="fin9")

    # The administrator imports the authority's workbook.
    walk.page = open_page(viewport).page
    page = walk.page
    sign_in_in_language(page, admin, language)
    page.goto("/recruitment/import/")
    walk.step("import-form")
    page.locator("#id_authority").fill("Department of Foreign Employment, Nepal")
    page.locator("#id_source_title").fill("DoFE list of licensed recruiting agencies")
    page.locator("#id_mapping").fill(MAPPING)
    page.locator("#id_file").set_input_files(str(_workbook(tmp_path / "dofe.xlsx")))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    expect(page.locator("[role=status]")).to_be_visible()
    walk.step("import-done")
    assert Licence.objects.count() == 2

    # Looks the recruiter up by a misspelt name, and opens its page.
    page.goto("/recruitment/")
    page.locator("#id_q").fill("Himalayn Manpower")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    walk.step("registry-results")
    himalayan = Recruiter.objects.get(name="Himalayan Manpower Services")
    page.goto(f"/recruitment/{himalayan.uuid}/")
    walk.step("recruiter-page")

    # The caseworker names it in her case, and sees it on the case page.
    walk.page = open_page(viewport).page
    page = walk.page
    sign_in_in_language(page, caseworker, language)
    page.goto(f"/recruitment/{himalayan.uuid}/")
    page.locator("#id_case_reference").fill(case.reference)
    page.locator("#id_role").select_option("recruiter")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("load")
    walk.step("recruiter-linked")
    page.goto(f"/cases/{case.uuid}/")
    parties = page.locator("section[aria-labelledby=parties]")
    expect(parties).to_contain_text("Himalayan Manpower Services")
    walk.step("case-page-parties")

    # She checks the offer Sita was made and starts the screening from it.
    page.goto(f"/recruitment/case/{case.uuid}/offer/")
    walk.step("case-offer-form")
    page.locator("#id_country_of_work").select_option("QA")
    page.locator("#id_sector").select_option("domestic")
    page.locator("#id_job").fill("housekeeper")
    page.locator("#id_arrival_job").fill("farm labourer")
    page.locator("#id_passport_held_by").select_option("employer")
    page.locator("button[value=check]").click()
    page.wait_for_load_state("load")
    walk.step("case-offer-result")
    page.locator("button[value=screening]").click()
    page.wait_for_load_state("load")
    expect(page.locator("input[name=indicators__D1_nature_of_job][value=yes]")).to_be_checked()
    walk.step("screening-proposed")
    assert Screening.objects.count() == 0
    page.locator("#interview button[value=save]").click()
    page.wait_for_load_state("load")
    walk.step("screening-saved")
    assert Screening.objects.filter(case=case).count() == 1

    assert len(walk.steps) == 10
    assert not walk.problems, "\n".join(walk.problems)
