"""An organisation administrator manages the webhooks of a partner system in a real browser: adds
one (a private address refused with a sentence on the field), copies the secret shown once, reads
the last deliveries (type, ids, status, retries; never a name), rotates the secret and disables
the webhook; at desktop width, at 390 px and in Arabic, without sideways scrolling."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.api.models import (
    DeliveryStatus,
    PartnerEvent,
    WebhookDelivery,
    WebhookSubscription,
)

from .conftest import DESKTOP, make_user

pytestmark = pytest.mark.browser

PHONE_390 = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def admin(shelter: Organisation) -> User:
    return make_user(Role.ORGANISATION_ADMIN, shelter, "nadia")


def _deliveries(subscription: WebhookSubscription) -> PartnerEvent:
    """Two events for the partner system: one delivered, one still being retried."""
    delivered = PartnerEvent.objects.create(
        organisation=subscription.organisation,
        type="referral.received",
        object_type="referral",
        object_id="6f1c2b58-0000-4000-8000-000000000001",
        status="sent",
    )
    retried = PartnerEvent.objects.create(
        organisation=subscription.organisation,
        type="referral.answered",
        object_type="referral",
        object_id="6f1c2b58-0000-4000-8000-000000000001",
        status="accepted",
    )
    WebhookDelivery.objects.create(
        subscription=subscription,
        event=delivered,
        status=DeliveryStatus.DELIVERED,
        attempts=1,
        last_status_code=204,
        delivered_at=timezone.now(),
    )
    WebhookDelivery.objects.create(
        subscription=subscription,
        event=retried,
        status=DeliveryStatus.PENDING,
        attempts=3,
        last_status_code=503,
    )
    return retried


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_390], ids=["desktop", "390px"])
def test_an_administrator_adds_reads_rotates_and_disables_a_webhook(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    admin: User,
    viewport: dict[str, int],
    settings: Any,
) -> None:
    page = open_page(viewport).page
    sign_in(page, admin)
    if viewport == PHONE_390:
        page.goto("/api-tokens/webhooks/")
    else:
        page.get_by_role("link", name="Webhooks", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")

    page.get_by_label("Address").fill("https://10.0.0.5/hook")
    page.get_by_label("A referral arrived").check()
    page.get_by_role("button", name="Add the webhook").click()
    expect(page.get_by_text("give a public one").first).to_be_visible()
    shoot(page, "private-refused")
    assert not WebhookSubscription.objects.exists()

    # The test server cannot resolve outside names: private addresses stand in for a partner's.
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    page.get_by_label("Address").fill("https://partner.example.org/needsfirst")
    page.get_by_label("A referral arrived").check()
    page.get_by_label("A referral was answered").check()
    page.get_by_role("button", name="Add the webhook").click()
    expect(page.get_by_role("status")).to_contain_text("shown only this once")
    secret = page.locator("#webhook-secret").input_value()
    subscription = WebhookSubscription.objects.get()
    assert secret == subscription.secret
    assert secret.startswith("whsec_")
    shoot(page, "added")
    assert page.evaluate(OVERFLOW) <= 0, "the webhooks page scrolls sideways"

    retried = _deliveries(subscription)
    page.goto("/api-tokens/webhooks/")
    assert secret not in page.content()
    page.get_by_role("link", name="https://partner.example.org/needsfirst").click()
    rows = page.locator("tr.delivery-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("A referral was answered")
    expect(rows.first).to_contain_text(str(retried.uuid))
    expect(rows.first).to_contain_text("HTTP 503")
    expect(rows.first.locator("td[data-label=Retries]")).to_have_text("2")
    expect(rows.nth(1)).to_contain_text(re.compile(r"Delivered \d"))
    shoot(page, "deliveries")
    assert page.evaluate(OVERFLOW) <= 0, "the deliveries scroll sideways"

    page.get_by_role("button", name="Rotate the signing secret").click()
    expect(page.get_by_role("heading", name="The signing secret is rotated")).to_be_visible()
    rotated = page.locator("#webhook-secret").input_value()
    assert rotated != secret
    subscription.refresh_from_db()
    assert subscription.secret == rotated
    shoot(page, "rotated")

    page.get_by_role("button", name="Disable the webhook").click()
    expect(page.get_by_text("nothing more is sent to this address")).to_be_visible()
    expect(page.locator("tr.webhook-row")).to_contain_text("Disabled on")
    shoot(page, "disabled")
    subscription.refresh_from_db()
    assert subscription.revoked_at is not None


def test_the_webhooks_page_reads_right_to_left_in_arabic_at_390_px(
    open_page: Callable[..., Any],
    sign_in: Callable[[Any, User], None],
    shoot: Callable[[Any, str], None],
    admin: User,
    settings: Any,
) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    page = open_page(PHONE_390).page
    sign_in(page, admin)
    page.locator("form.lang select").select_option("ar")
    with page.expect_navigation():
        page.locator("form.lang button").click()
    page.goto("/api-tokens/webhooks/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("خطافات الويب")
    page.locator("#id_url").fill("https://partner.example.org/needsfirst")
    page.locator("input[name=event_types]").first.check()
    page.locator("form.stack button[type=submit]").click()
    expect(page.locator("#webhook-secret")).to_be_visible()
    shoot(page, "ar-390-added")
    assert page.evaluate(OVERFLOW) <= 0, "the webhooks page scrolls sideways in Arabic"
    _deliveries(WebhookSubscription.objects.get())
    page.goto(f"/api-tokens/webhooks/{WebhookSubscription.objects.get().uuid}/")
    expect(page.locator("tr.delivery-row")).to_have_count(2)
    shoot(page, "ar-390-deliveries")
    assert page.evaluate(OVERFLOW) <= 0, "the deliveries scroll sideways in Arabic"
