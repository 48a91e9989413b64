"""The national referral mechanism in a real browser: a first responder refers a presumed victim
with her consent, the competent authority's coordinator finds the referral in the queue, decides
on reasonable grounds and then conclusively, and the decision letter downloads in the person's
language. At desktop width, at 390 px and in Arabic; axe-core and the sideways-scroll check on
every step. Selectors use ids and names, so the same path runs in Arabic."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import Case
from needsfirst.web.nrm.models import CompetentAuthority, NrmReferral
from needsfirst.web.screening.models import AuthorityDecision
from tests.browser.conftest import (
    SCREENSHOTS,
    WALK_PARAMETERS,
    WALKS,
    Walk,
    make_user,
    sign_in_in_language,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def authority(transactional_db: Any) -> CompetentAuthority:
    org = Organisation.objects.create(
        name="Single Competent Authority", type=OrganisationType.COMPETENT_AUTHORITY, country="GB"
    )
    return CompetentAuthority.objects.create(organisation=org, jurisdiction="GB-ENG")


@pytest.fixture
def case_with_consent(caseworker: User, authority: CompetentAuthority) -> Case:
    case = case_services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={
            "first_name": "أمل",
            "second_name": "حداد",
            "citizenship": ["SY"],
            "primary_language": "ar",
            "estimated_age": 29,
        },
    )
    case_services.consent_record(
        actor=Actor.for_user(caseworker),
        case=case,
        data={
            "kind": "data_sharing",
            "granted": True,
            "purpose": "referral",
            "recipient": authority.organisation,
            "method": "written",
            "decided_on": timezone.localdate(),
        },
    )
    return case


def decide(walk: Walk, page: Any, label: str) -> None:
    page.locator('input[name="positive"][value="yes"]').check()
    page.locator("#id_evidence").fill("The first responder's account; a phone interview.")
    page.locator("#id_reasons").fill("The account is detailed and consistent with the indicators.")
    page.locator("form[action$='/decide/'] button[type=submit]").click()
    page.wait_for_load_state("load")
    expect(page.locator("[role=status]").first).to_be_visible()
    walk.step(label, page)


@pytest.mark.parametrize(WALK_PARAMETERS, WALKS)
def test_a_first_responder_refers_and_the_authority_decides_both_stages(
    name: str,
    viewport: dict[str, int],
    language: str,
    open_page: Callable[..., Any],
    caseworker: User,
    authority: CompetentAuthority,
    case_with_consent: Case,
) -> None:
    walk = Walk(name, viewport, language, folder="nrm")
    coordinator = make_user(Role.SUPERVISOR, authority.organisation, "coordinator")

    responder = open_page(viewport)
    page = responder.page
    sign_in_in_language(page, caseworker, language)
    page.goto(f"/nrm/cases/{case_with_consent.uuid}/")
    walk.step("responder-form", page)
    page.locator("#id_authority").select_option(str(authority.pk))
    page.locator("#id_exploitation").select_option("labour")
    page.locator("#id_account").fill("Sixteen-hour days in a car wash; passport kept by the boss.")
    page.locator('button[name="action"][value="refer"]').click()
    page.wait_for_url(f"**/nrm/cases/{case_with_consent.uuid}/")
    expect(page.locator("section.nrm-referral")).to_have_count(1)
    walk.step("responder-referred", page)

    boss = open_page(viewport)
    authority_page = boss.page
    sign_in_in_language(authority_page, coordinator, language)
    authority_page.goto("/nrm/queue/")
    expect(authority_page.locator("tr.nrm-row")).to_contain_text("أمل حداد")
    walk.step("queue", authority_page)
    authority_page.locator("tr.nrm-row a").first.click()
    authority_page.wait_for_url(re.compile(r"/nrm/[0-9a-f-]{36}/$"))
    walk.step("referral", authority_page)
    decide(walk, authority_page, "first-decision")

    # As if the referral had come 40 days ago and the first decision 35: past day 30.
    referral = NrmReferral.objects.get()
    NrmReferral.objects.filter(pk=referral.pk).update(
        received_on=timezone.localdate() - timedelta(days=40)
    )
    AuthorityDecision.objects.update(decided_on=timezone.localdate() - timedelta(days=35))
    authority_page.reload()
    decide(walk, authority_page, "conclusive-decision")

    links = authority_page.locator("a[href$='letter.pdf']")
    expect(links).to_have_count(2)
    with authority_page.expect_download() as download:
        links.last.click()
    letter = Path(SCREENSHOTS / "nrm" / f"{name}-letter.pdf")
    download.value.save_as(letter)
    assert letter.read_bytes().startswith(b"%PDF")

    page.reload()
    expect(page.locator("section.nrm-referral .decision")).to_have_count(2)
    expect(page.locator("section.nrm-referral ul.cards li").first).to_be_visible()
    walk.step("responder-entitlements", page)

    assert responder.console_errors == []
    assert boss.console_errors == []
    assert not walk.problems, "\n".join(walk.problems)
