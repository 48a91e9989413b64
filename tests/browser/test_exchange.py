"""An organisation administrator exports the shelter's records (a job, with its progress) and
another organisation's administrator imports them, watching the check and the import progress,
then imports a later export in which the shelter changed a record the other organisation had
also changed (an update and a conflict), at desktop width, at 390 px and in Arabic. The job
queue is stood in for by the test: a request queues the job, the page polls (htmx), and the
test runs the queued job as the worker would."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import Case, Person
from needsfirst.web.exchange import services
from needsfirst.web.exchange.models import ExportJob, ImportJob, JobStatus
from needsfirst.web.screening.services import authority_decision_record
from tests.browser.conftest import (
    DESKTOP,
    PHONE_390,
    WALK_PARAMETERS,
    WALKS,
    Walk,
    make_user,
    sign_in_in_language,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shelter_case(shelter: Organisation) -> Case:
    worker = make_user(Role.CASEWORKER, shelter, "worker")
    actor = Actor.for_user(worker)
    case = case_services.case_intake(
        actor=actor,
        person_data={
            "first_name": "Amina",
            "second_name": "Testperson",
            "birthdate": date(1994, 3, 2),
            "gender": "Feminine",
            "citizenship": ["NP"],
        },
    )
    case_services.event_add(
        actor=actor,
        case=case,
        data={"type": "Recruitment", "date": date(2024, 9, 15), "country": "NP"},
    )
    authority_decision_record(
        actor=actor,
        case=case,
        data={
            "status": "PossibleVictimOfTrafficking",
            "decision_making_org": "NonPoliceGovernmentalOrganization",
            "organisation_name": "Single Competent Authority",
            "decided_on": timezone.localdate() - timedelta(days=1),
        },
    )
    return case


def run_worker(page: Any, job: Callable[[int], None], pk: int) -> None:
    """Run a queued job as the worker would, while the page's polls wait in the browser.

    On SQLite (the tests) a request during the worker's write transaction cannot save its
    session and gets 400; PostgreSQL, in production, has no such lock. So the polls in flight
    finish first, new ones are held, and they go on once the job is done.
    """
    held: list[Any] = []
    page.route("**/progress/", lambda route: held.append(route))
    page.wait_for_timeout(1500)
    job(pk)
    page.unroute("**/progress/")  # the held polls go on
    assert all(route.request.url.endswith("/progress/") for route in held)


@pytest.mark.parametrize(WALK_PARAMETERS, WALKS)
def test_an_administrator_imports_another_organisations_export_and_watches_its_progress(
    name: str,
    viewport: dict[str, int],
    language: str,
    open_page: Callable[..., Any],
    shelter: Organisation,
    other_ngo: Organisation,
    shelter_case: Case,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    queued: list[tuple[Any, int]] = []
    progress: dict[str, int] = {}
    monkeypatch.setattr(services, "enqueue", lambda job, pk: queued.append((job, pk)))
    monkeypatch.setattr(
        "needsfirst.web.exchange.views.progress_get", lambda uuid: progress.get(str(uuid))
    )
    shelter_admin = make_user(Role.ORGANISATION_ADMIN, shelter, "shelter-admin")
    other_admin = make_user(Role.ORGANISATION_ADMIN, other_ngo, "other-admin")

    # The shelter's administrator asks for the spreadsheet, watches it prepared, downloads it.
    first = open_page(viewport)
    page = first.page
    walk = Walk(name, page=page, folder="exchange")
    sign_in_in_language(page, shelter_admin, language)
    page.locator("nav a[href='/exchange/']").click()
    walk.step("exchange-page")
    page.locator("form[action='/exchange/export/xlsx/'] button").click()
    page.wait_for_url(re.compile(r"/exchange/exports/[0-9a-f-]+/$"))
    expect(page.locator("#export-progress[hx-get]")).to_have_count(1)
    ExportJob.objects.update(done=4)  # the worker has read 4 of its 8 steps
    expect(page.locator("#export-bar")).to_have_attribute("value", "50", timeout=5000)
    walk.step("exporting")
    run_worker(page, *queued.pop())  # the worker writes the file
    expect(page.locator("#export-progress[hx-get]")).to_have_count(0, timeout=5000)
    walk.step("exported")
    with page.expect_download() as download:
        page.locator("a[href$='/download/']").click()
    exported = tmp_path / "shelter.xlsx"
    download.value.save_as(exported)
    assert download.value.suggested_filename.endswith(".xlsx")

    # The other organisation's administrator uploads it: the check is queued, the page polls.
    second = open_page(viewport)
    page = second.page
    walk.page = page
    sign_in_in_language(page, other_admin, language)
    page.goto("/exchange/")
    page.locator("#id_file").set_input_files(str(exported))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/exchange/import/[0-9a-f-]+/$"))
    expect(page.locator("#progress[hx-get]")).to_have_count(1)
    walk.step("checking")
    run_worker(page, *queued.pop())  # the worker runs the check
    expect(page.locator("form[action$='/run/'] button")).to_be_visible(timeout=5000)
    assert ImportJob.objects.get().status == JobStatus.READY
    walk.step("valid")

    page.locator("form[action$='/run/'] button").click()
    expect(page.locator("#progress[hx-get]")).to_have_count(1)
    job = ImportJob.objects.get()
    progress[str(job.uuid)] = 2  # the worker reports 2 of its rows written
    expect(page.locator("#import-progress")).to_have_attribute(
        "value", str(round(100 * 2 / job.total)), timeout=5000
    )
    walk.step("importing")
    run_worker(page, *queued.pop())  # the worker writes the rows
    expect(page.locator("#progress[hx-get]")).to_have_count(0, timeout=5000)
    expect(page.locator("#import-progress")).to_have_attribute("value", "100")
    walk.step("imported")

    assert ImportJob.objects.get().status == JobStatus.DONE
    person = Person.objects.get(organisation=other_ngo)
    assert person.first_name == "Amina"
    assert Case.objects.get(organisation=other_ngo).events.count() == 1

    # Later: a caseworker here corrects the city; at the shelter, the city and the phone change.
    person.mailing_city = "Bhaktapur"
    person.save()
    Person.objects.filter(pk=shelter_case.person.pk).update(
        mailing_city="Lalitpur", mobile_phone="+977981111111"
    )
    later = tmp_path / "shelter-later.xlsx"
    later.write_bytes(
        services.export_organisation(
            actor=Actor.for_user(shelter_admin), file_format="xlsx"
        ).content
    )
    page.goto("/exchange/")
    page.locator("#id_file").set_input_files(str(later))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/exchange/import/[0-9a-f-]+/$"))
    run_worker(page, *queued.pop())
    expect(page.locator("form[action$='/run/'] button")).to_be_visible(timeout=5000)
    walk.step("update-checked")
    page.locator("form[action$='/run/'] button").click()
    run_worker(page, *queued.pop())
    expect(page.locator("#progress[hx-get]")).to_have_count(0, timeout=5000)
    expect(page.locator("h3 + table tbody tr")).to_have_count(1)
    expect(page.locator("h3 + table tbody tr")).to_contain_text("prs_MailingCity")
    walk.step("updated-with-a-conflict")
    person.refresh_from_db()
    assert (person.mailing_city, person.mobile_phone) == ("Bhaktapur", "+977981111111")
    assert first.console_errors == []
    assert second.console_errors == []
    assert not walk.problems, "\n".join(walk.problems)


@pytest.mark.parametrize(
    ("name", "viewport", "language"),
    [("rejected-desktop", DESKTOP, "en"), ("rejected-arabic-390", PHONE_390, "ar")],
)
def test_a_file_with_bad_rows_is_refused_and_each_row_is_listed(
    name: str,
    viewport: dict[str, int],
    language: str,
    open_page: Callable[..., Any],
    other_ngo: Organisation,
    tmp_path: Path,
) -> None:
    admin = make_user(Role.ORGANISATION_ADMIN, other_ngo, "other-admin")
    bad = tmp_path / "from-a-partner.json"
    bad.write_text(
        json.dumps(
            {
                "standard": "HTCDS",
                "version": "2.0",
                "tables": {
                    "person": [
                        {"nf_Id": "p1", "prs_Gender": "Woman", "prs_Birthdate": "31/12/1990"}
                    ],
                    "case": [{"nf_Id": "c1", "nf_PersonId": "p2", "cas_Status": "Active"}],
                },
            }
        )
    )
    watched = open_page(viewport)
    page = watched.page
    walk = Walk(name, page=page, folder="exchange")
    sign_in_in_language(page, admin, language)
    page.goto("/exchange/")
    page.locator("#id_file").set_input_files(str(bad))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/exchange/import/[0-9a-f-]+/$"))

    rows = page.locator("div[role=alert] tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("prs_Gender")
    expect(rows.nth(2)).to_contain_text("nf_PersonId")
    walk.step("rejected")
    assert not Person.objects.filter(organisation=other_ngo).exists()
    assert watched.console_errors == []
    assert not walk.problems, "\n".join(walk.problems)
