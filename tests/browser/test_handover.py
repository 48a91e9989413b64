"""A case handed over between two organisations in real chromium: the shelter in Italy sends it
with the person's consent, the reintegration centre in Nigeria accepts it and records the
3-month follow-up, and the shelter sees that follow-up because the person consented. At desktop
width, at 390 px and in Arabic; each step is screenshotted and checked with axe-core."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import ConsentKind, EventType, SharingPurpose
from tests.browser.conftest import PHONE_390, assert_no_sideways_scroll, make_user, to_arabic

pytestmark = pytest.mark.browser


@pytest.fixture
def centre(transactional_db: Any) -> Organisation:
    return Organisation.objects.create(
        name="Benin City Reintegration Centre", type=OrganisationType.NGO, country="NG"
    )


@pytest.fixture
def receiver(centre: Organisation) -> User:
    return make_user(Role.CASEWORKER, centre, "osas")


def _consent(user: User, case: Any, recipient: Organisation, purpose: str) -> None:
    case_services.consent_record(
        actor=Actor.for_user(user),
        case=case,
        data={
            "kind": ConsentKind.DATA_SHARING,
            "granted": True,
            "purpose": purpose,
            "recipient": recipient,
            "method": "written",
            "decided_on": timezone.localdate() - dt.timedelta(days=1),
        },
    )


@pytest.fixture
def blessing(caseworker: User) -> Any:
    return case_services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={"first_name": "Blessing", "second_name": "Okoro", "citizenship": ["NG"]},
    )


def _send(caseworker: User, case: Any, centre: Organisation) -> Any:
    """The hand-over sent with the person's consent to the transfer, identity only."""
    from needsfirst.web.handover import services as handover_services

    _consent(caseworker, case, centre, SharingPurpose.TRANSFER)
    return handover_services.handover_send(
        actor=Actor.for_user(caseworker),
        case=case,
        recipient=centre,
        kind="return",
        sections=["identity"],
    )


def _fits_and_shot(page: Any, shoot: Callable[[Any, str], None], name: str) -> None:
    assert_no_sideways_scroll(page, name)
    shoot(page, name)


def _at_390_then_in_arabic(page: Any, shoot: Callable[[Any, str], None], name: str) -> None:
    """The page at 390 px, then in Arabic: it fits the screen both ways and is still read-only."""
    page.set_viewport_size(PHONE_390)
    _fits_and_shot(page, shoot, f"{name}-390")
    to_arabic(page)
    expect(page.locator(".read-only")).to_be_visible()
    _fits_and_shot(page, shoot, f"{name}-arabic-390")


def test_a_case_goes_from_italy_to_nigeria_and_its_follow_up_is_seen_back(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    caseworker: User,
    shelter: Organisation,
    centre: Organisation,
    receiver: User,
    blessing: Any,
) -> None:
    actor, case = Actor.for_user(caseworker), blessing
    case_services.event_add(
        actor=actor,
        case=case,
        data={"type": EventType.RECRUITMENT, "country": "NG", "description": "Recruited in Edo"},
    )
    _consent(caseworker, case, centre, SharingPurpose.TRANSFER)
    _consent(caseworker, case, shelter, SharingPurpose.FOLLOW_UP_BACK)

    # The shelter sends the case.
    sender = open_page()
    page = sender.page
    sign_in(page, caseworker)
    page.goto(f"/cases/{case.uuid}/")
    page.get_by_role("link", name="Hand the case over to another organisation").click()
    page.locator("#id_recipient").select_option(label="Benin City Reintegration Centre (Nigeria)")
    page.get_by_label("Kind of move").select_option("return")
    page.get_by_label("Name and identity").check()
    page.get_by_label("Timeline of events").check()
    page.get_by_label("Message to the receiving organisation").fill("She flies to Lagos on Monday.")
    shoot(page, "1-send-desktop")
    page.get_by_role("button", name="Send the hand-over").click()
    expect(page.locator(".holder")).to_contain_text("Who holds the case now: Browser Test Shelter")
    shoot(page, "2-sent-desktop")
    page.set_viewport_size(PHONE_390)
    assert_no_sideways_scroll(page, "the sent hand-over at 390 px")
    shoot(page, "3-sent-390")

    # The reintegration centre accepts it, at phone width.
    receiving = open_page(PHONE_390)
    other = receiving.page
    sign_in(other, receiver)
    other.goto("/handover/")
    expect(other.locator(".handover-row")).to_contain_text("Shown once you accept the case")
    assert_no_sideways_scroll(other, "the hand-overs list at 390 px")
    shoot(other, "4-incoming-390")
    other.locator(".handover-row a").first.click()
    other.get_by_role("button", name="Accept the case").click()
    expect(other.locator(".holder")).to_contain_text(
        "Who holds the case now: Benin City Reintegration Centre (Nigeria)."
    )
    assert_no_sideways_scroll(other, "the accepted hand-over at 390 px")
    shoot(other, "5-accepted-390")

    # It records the 3-month follow-up, in Arabic.
    to_arabic(other)
    first = other.locator("li.follow-up").first
    first.locator("select").select_option("well")
    first.locator("textarea").fill("Started a tailoring course")
    assert_no_sideways_scroll(other, "the follow-up form in Arabic at 390 px")
    shoot(other, "6-follow-up-arabic-390")
    first.locator("button").click()
    expect(other.locator("li.follow-up").first).to_contain_text("Started a tailoring course")
    shoot(other, "7-follow-up-recorded-arabic-390")

    # The shelter sees who holds the case now and the follow-up the person agreed to share.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    expect(page.locator(".holder")).to_contain_text("Benin City Reintegration Centre (Nigeria)")
    expect(page.locator("li.follow-up").first).to_contain_text("Settled, doing well")
    expect(page.locator("li.follow-up").first).to_contain_text("Started a tailoring course")
    expect(page.locator("li.follow-up form")).to_have_count(0)
    shoot(page, "8-follow-up-seen-back-desktop")
    to_arabic(page)
    page.set_viewport_size(PHONE_390)
    assert_no_sideways_scroll(page, "the sender's hand-over in Arabic at 390 px")
    shoot(page, "9-follow-up-seen-back-arabic-390")
    assert not sender.console_errors
    assert not receiving.console_errors


def test_the_sending_case_is_read_only_after_the_acceptance(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    caseworker: User,
    centre: Organisation,
    receiver: User,
    blessing: Any,
) -> None:
    from needsfirst.web.handover import services as handover_services

    case = blessing
    case_services.note_add(
        actor=Actor.for_user(caseworker),
        case=case,
        body="Flies to Lagos on Monday",
        on=timezone.localdate(),
    )
    handover = _send(caseworker, case, centre)

    sender = open_page()
    page = sender.page
    sign_in(page, caseworker)
    page.goto(f"/cases/{case.uuid}/")
    expect(page.get_by_role("button", name="Add note")).to_be_visible()  # drawn before
    handover_services.handover_accept(actor=Actor.for_user(receiver), handover=handover)

    # The page was drawn before the acceptance: saving the note now is refused, with the reason.
    page.locator("#id_body").fill("Typed while the centre accepted")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This case can no longer be changed")
    expect(page.locator("main")).to_contain_text("which holds it now")
    shoot(page, "1-refused-desktop")
    page.get_by_role("link", name="Back to the case").click()

    # The case reads as before, says it is read-only, and offers no form.
    expect(page.locator(".read-only")).to_contain_text("Read-only: this case was handed over.")
    expect(page.locator("main")).to_contain_text("Flies to Lagos on Monday")
    expect(page.locator("main")).not_to_contain_text("Typed while the centre accepted")
    expect(page.get_by_role("button", name="Add note")).to_have_count(0)
    expect(page.get_by_role("link", name="Change status or caseworker")).to_have_count(0)
    expect(page.get_by_role("link", name="to name it in this case")).to_have_count(0)
    # Why it was closed, from the code stored: in the reader's language, naming where it went.
    expect(page.locator(".closure")).to_contain_text(
        "Handed over to Benin City Reintegration Centre on"
    )
    shoot(page, "2-read-only-desktop")
    _at_390_then_in_arabic(page, shoot, "3-read-only")
    expect(page.locator(".closure")).to_contain_text("سُلّمت إلى Benin City Reintegration Centre")
    page.goto(f"/cases/{case.uuid}/person/")
    expect(page.locator("main h1")).to_be_visible()
    _fits_and_shot(page, shoot, "5-edit-refused-arabic-390")
    assert sender.status_of(f"/cases/{case.uuid}/person/") == 409
    assert not [e for e in sender.console_errors if "409" not in e]


def test_the_plan_and_screening_of_a_handed_over_case_offer_no_form(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    caseworker: User,
    centre: Organisation,
    receiver: User,
    blessing: Any,
) -> None:
    from needsfirst.web.assistance import services as assistance
    from needsfirst.web.assistance.models import Notification
    from needsfirst.web.handover import services as handover_services

    case = blessing
    assistance.assessment_record(
        actor=Actor.for_user(caseworker),
        case=case,
        answers={"no_safe_place_tonight": "yes"},
        assessed_on=timezone.localdate(),
        jurisdiction="IT",
    )
    handover = _send(caseworker, case, centre)
    handover_services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    Notification.objects.create(
        user=caseworker,
        kind="task_due",
        text_code="task_due",
        params={"reference": case.reference, "due": "2026-12-04"},
        case=case,
        dedupe_key="browser-bdi",
    )

    page = open_page().page
    sign_in(page, caseworker)
    page.goto(f"/assistance/cases/{case.uuid}/")
    expect(page.locator(".read-only")).to_contain_text("Read-only: this case was handed over.")
    expect(page.locator("main")).to_contain_text("Needs, most urgent first")
    expect(page.locator("main form")).to_have_count(0)
    expect(page.get_by_role("link", name="Add an action")).to_have_count(0)
    shoot(page, "1-plan-read-only-desktop")
    _at_390_then_in_arabic(page, shoot, "2-plan-read-only")
    page.goto(f"/screening/{case.uuid}/")
    expect(page.locator(".read-only")).to_be_visible()
    expect(page.locator("main form")).to_have_count(0)
    _fits_and_shot(page, shoot, "4-screening-read-only-arabic-390")
    page.goto("/assistance/notifications/")
    expect(page.locator("main bdi", has_text="2026-12-04")).to_have_count(1)
    expect(page.locator("main bdi", has_text=case.reference)).to_have_count(1)
    _fits_and_shot(page, shoot, "5-notifications-arabic-390")
