"""The lists read a page at a time in a real browser: the team page's two lists, the audit trail,
the services directory and the notifications, walked forwards with Next and back with Previous;
on a desktop, on a 390 px phone (no sideways scroll) and in Arabic.

Screenshots go to var/screenshots/scale/ (or $BROWSER_SCREENSHOTS) for review.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, User
from needsfirst.web.assistance import selectors
from needsfirst.web.assistance.models import Notification, PlanItem
from needsfirst.web.audit import views as audit_views
from needsfirst.web.cases import services
from needsfirst.web.referrals.models import ServiceProvider
from tests.browser.conftest import DESKTOP, PHONE_390, save_screenshot

pytestmark = pytest.mark.browser

NO_HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


def shot(page: Any, name: str) -> None:
    save_screenshot(page, name, "scale")


def walk(page: Any, rows: str, *, scope: str = "body") -> list[str]:
    """Every row's text, following Next to the end, then Previous back to the start."""
    region = page.locator(scope)
    forwards: list[str] = []
    while True:
        forwards += region.locator(rows).all_inner_texts()
        following = region.get_by_role("link", name="Next")
        if following.count() == 0:
            break
        following.click()
        page.wait_for_load_state()
    backwards = region.locator(rows).all_inner_texts()
    while region.get_by_role("link", name="Previous").count():
        region.get_by_role("link", name="Previous").click()
        page.wait_for_load_state()
        backwards = region.locator(rows).all_inner_texts() + backwards
    assert backwards == forwards
    return forwards


def in_arabic_on_a_phone(page: Any, path: str, name: str) -> None:
    page.locator("form.lang select").select_option("ar")
    with page.expect_navigation():
        page.locator("form.lang button").click()
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.set_viewport_size(PHONE_390)
    assert page.evaluate(NO_HORIZONTAL_SCROLL), f"{path} scrolls sideways in Arabic at 390 px"
    shot(page, f"{name}-arabic-phone")
    following = page.get_by_role("link", name="التالي")
    if following.count():
        following.first.click()
        page.wait_for_load_state()
        assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.set_viewport_size(DESKTOP)
    shot(page, f"{name}-arabic-desktop")


def test_a_supervisor_walks_the_team_lists_and_the_audit_trail(
    open_page: Callable[..., Any],
    caseworker: User,
    supervisor: User,
    sign_in: Callable[[Any, User], None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selectors, "TEAM_PAGE_SIZE", 3)
    monkeypatch.setattr(audit_views, "AUDIT_PAGE_SIZE", 4)
    today = timezone.localdate()
    for n, name in enumerate(["Amina", "Blessing", "Chidi", "Dawit", "Elena"]):
        case = services.case_intake(
            actor=Actor.for_user(caseworker),
            person_data={"first_name": name, "second_name": "Team"},
        )
        for k in range(2):
            PlanItem.objects.create(
                case=case,
                key=f"custom-{k}",
                origin="caseworker",
                domain="legal",
                action=f"Call the lawyer about {name} ({k + 1})",
                role="caseworker",
                due_on=today - timedelta(days=n + 1),
                urgency=4,
                support_plan_type="Legal",
            )
    page = open_page().page
    sign_in(page, supervisor)
    page.goto("/assistance/team/")
    shot(page, "team-1-first-page")
    overdue = walk(page, "tr.team-item", scope="section[aria-labelledby=overdue]")
    assert len(overdue) == 10
    assert "Elena" in overdue[0]  # the longest overdue first
    page.set_viewport_size(PHONE_390)
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the team page scrolls sideways at 390 px"
    shot(page, "team-2-phone")
    page.set_viewport_size(DESKTOP)

    page.goto("/audit/")
    entries = walk(page, "tr.audit-entry")
    assert len(entries) >= 10
    shot(page, "audit-1-desktop")
    page.set_viewport_size(PHONE_390)
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the audit trail scrolls sideways at 390 px"
    shot(page, "audit-2-phone")
    page.set_viewport_size(DESKTOP)
    in_arabic_on_a_phone(page, "/assistance/team/", "team")
    in_arabic_on_a_phone(page, "/audit/", "audit")


@override_settings(NEEDSFIRST_PAGE_SIZE=3)
def test_a_caseworker_walks_the_directory_and_the_notifications(
    open_page: Callable[..., Any],
    caseworker: User,
    other_ngo: Organisation,
    sign_in: Callable[[Any, User], None],
) -> None:
    for n in range(7):
        ServiceProvider.objects.create(
            organisation=other_ngo,
            owner=other_ngo,
            name=f"Legal clinic {n % 3}",
            type="legal",
            domains=["legal"],
            languages=["ar", "fr"],
            country="IT",
            city="Palermo" if n < 4 else "Roma",
        )
    case = services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={"first_name": "Grace", "second_name": "Notified"},
    )
    for n in range(5):
        Notification.objects.create(
            user=caseworker,
            kind="task_due",
            text_code="task_due",
            params={"reference": case.reference, "due": timezone.localdate().isoformat()},
            case=case,
            dedupe_key=f"browser-{n}",
        )
    page = open_page().page
    sign_in(page, caseworker)
    page.goto("/referrals/?need=legal")
    services_seen = walk(page, "li.provider h2")
    assert len(services_seen) == 7
    assert "need=legal" in page.url
    shot(page, "directory-1-desktop")
    page.set_viewport_size(PHONE_390)
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "the directory scrolls sideways at 390 px"
    shot(page, "directory-2-phone")
    page.set_viewport_size(DESKTOP)

    page.goto("/assistance/notifications/")
    seen = walk(page, "li.notification")
    assert len(seen) == 5
    assert all("Grace Notified" in text for text in seen)
    shot(page, "notifications-1-desktop")
    in_arabic_on_a_phone(page, "/referrals/?need=legal", "directory")
    in_arabic_on_a_phone(page, "/assistance/notifications/", "notifications")
