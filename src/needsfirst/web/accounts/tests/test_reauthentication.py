"""Sensitive actions ask for the password (and the second factor) again when the last
authentication is older than NEEDSFIRST_REAUTHENTICATE_MINUTES: exports, releases, API tokens,
webhooks made from a browser session, merges and unlocks. A system's API token is not asked."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.accounts.reauth import SESSION_KEY
from needsfirst.web.api.models import ApiToken, WebhookSubscription
from needsfirst.web.api.tokens import token_create
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import Case
from needsfirst.web.conftest import PASSWORD, signed_in
from needsfirst.web.exchange.models import ExportJob
from needsfirst.web.statistics.models import PartnerRelease

pytestmark = pytest.mark.django_db

ELEVEN_MINUTES = 11 * 60


def stale(client: Client) -> Client:
    """The session of someone who signed in eleven minutes ago."""
    session = client.session
    session[SESSION_KEY] = int(time.time()) - ELEVEN_MINUTES
    session.save()
    return client


def code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def sent_to_reauthenticate(response, back: str) -> bool:
    if response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    return location.path == reverse("accounts:reauthenticate") and parse_qs(location.query)[
        "next"
    ] == [back]


@pytest.fixture
def admin(make_user: Callable[..., User], shelter: Organisation) -> User:
    return make_user(Role.ORGANISATION_ADMIN, shelter, "admin")


@pytest.fixture
def analyst(make_user: Callable[..., User], shelter: Organisation) -> User:
    return make_user(Role.ANALYST, shelter, "analyst")


def test_a_case_export_after_ten_minutes_asks_for_the_password_and_exports_nothing(
    caseworker: User, open_case: Callable[..., Case]
) -> None:
    case = open_case("Amina", "Yusuf")
    url = reverse("cases:export_json", args=[case.uuid])
    client = stale(signed_in(caseworker))
    response = client.get(url)
    assert sent_to_reauthenticate(response, url)
    assert b"Amina" not in response.content
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_password_and_the_code_given_again_lead_back_to_the_export(
    caseworker: User, open_case: Callable[..., Case]
) -> None:
    case = open_case("Amina", "Yusuf")
    url = reverse("cases:export_json", args=[case.uuid])
    client = stale(signed_in(caseworker))
    page = client.get(reverse("accounts:reauthenticate"), {"next": url})
    assert page.status_code == 200
    assert set(page.context["form"].fields) == {"password", "otp_token"}
    response = client.post(
        reverse("accounts:reauthenticate"),
        {"password": PASSWORD, "otp_token": code(caseworker), "next": url},
    )
    assert response.status_code == 302
    assert response["Location"] == url
    exported = client.get(url)
    assert exported.status_code == 200
    assert "Amina" in exported.content.decode()
    assert AuditEntry.objects.filter(
        actor=caseworker, action=AuditAction.LOGIN, detail__step="reauthenticate"
    ).exists()


def test_the_password_alone_is_not_enough_once_a_second_factor_is_enrolled(
    caseworker: User,
) -> None:
    client = stale(signed_in(caseworker))
    response = client.post(
        reverse("accounts:reauthenticate"), {"password": PASSWORD, "otp_token": "000000"}
    )
    assert response.status_code == 400
    assert "not right" in str(response.context["form"].non_field_errors())
    assert client.session[SESSION_KEY] < time.time() - 600
    assert 'value="000000"' not in response.content.decode()
    assert AuditEntry.objects.filter(
        action=AuditAction.LOGIN_FAILED, detail__step="reauthenticate"
    ).exists()


def test_a_wrong_password_is_refused_even_with_the_right_code(caseworker: User) -> None:
    client = stale(signed_in(caseworker))
    response = client.post(
        reverse("accounts:reauthenticate"),
        {"password": "not-the-password", "otp_token": code(caseworker)},
    )
    assert response.status_code == 400
    assert client.session[SESSION_KEY] < time.time() - 600


def test_five_wrong_codes_sign_the_user_out_and_lock_the_address(caseworker: User) -> None:
    client = stale(signed_in(caseworker))
    for _ in range(5):
        response = client.post(
            reverse("accounts:reauthenticate"), {"password": PASSWORD, "otp_token": "000000"}
        )
    assert response.status_code == 429  # the lockout page: wrong codes count like passwords
    assert client.get(reverse("cases:list")).status_code == 302


def test_wrong_passwords_here_count_towards_the_sign_in_lockout(caseworker: User) -> None:
    client = stale(signed_in(caseworker))
    for _ in range(3):
        client.post(
            reverse("accounts:reauthenticate"), {"password": "guess", "otp_token": "000000"}
        )
    attempt = AccessAttempt.objects.get(username="caseworker")
    assert attempt.failures_since_start == 3


def test_the_page_never_sends_the_user_to_another_site(caseworker: User) -> None:
    client = stale(signed_in(caseworker))
    response = client.post(
        reverse("accounts:reauthenticate"),
        {"password": PASSWORD, "otp_token": code(caseworker), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_a_fresh_sign_in_sets_the_time_of_authentication(caseworker: User) -> None:
    client = Client()
    client.post(reverse("accounts:login"), {"username": "caseworker", "password": PASSWORD})
    client.post(reverse("accounts:two_factor"), {"otp_token": code(caseworker)})
    assert time.time() - client.session[SESSION_KEY] < 60


def test_an_erasure_is_not_done_without_the_password_again(
    supervisor: User, open_case: Callable[..., Case]
) -> None:
    case = open_case("Amina", "Yusuf")
    url = reverse("cases:erase", args=[case.uuid])
    client = stale(signed_in(supervisor))
    assert client.get(url).status_code == 200
    response = client.post(url, {"confirm": case.reference}, HTTP_REFERER=f"http://testserver{url}")
    assert sent_to_reauthenticate(response, url)
    case.person.refresh_from_db()
    assert case.person.anonymised_at is None


def test_the_htcds_export_asks_again(admin: User) -> None:
    url = reverse("exchange:export", args=["json"])
    home = reverse("exchange:home")
    response = stale(signed_in(admin)).post(url, HTTP_REFERER=f"http://testserver{home}")
    assert sent_to_reauthenticate(response, home)
    assert not ExportJob.objects.exists()
    response = signed_in(admin).post(url)
    assert response.status_code == 302
    assert ExportJob.objects.count() == 1


def test_a_release_is_not_made_without_the_password_again_but_its_page_opens(
    analyst: User,
) -> None:
    url = reverse("statistics:release")
    client = stale(signed_in(analyst))
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "counts"}, HTTP_REFERER=f"http://testserver{url}")
    assert sent_to_reauthenticate(response, url)
    assert not PartnerRelease.objects.exists()


def test_an_api_token_is_not_created_without_the_password_again(admin: User) -> None:
    url = reverse("api_tokens:list")
    client = stale(signed_in(admin))
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Case system", "scope": "read"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_a_merge_and_its_undo_ask_before_looking_anything_up(caseworker: User) -> None:
    client = stale(signed_in(caseworker))
    for url in (
        reverse("dedup:merge", args=[uuid.uuid4()]),
        reverse("dedup:undo", args=[uuid.uuid4()]),
    ):
        assert client.post(url, {"keep": "a"}).status_code == 302
        assert signed_in(caseworker).post(url, {"keep": "a"}).status_code == 404


def test_an_unlock_asks_again(supervisor: User, caseworker: User) -> None:
    url = reverse("accounts:unlock", args=[caseworker.uuid])
    response = stale(signed_in(supervisor)).post(url)
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert not AuditEntry.objects.filter(detail__unlocked=True).exists()


WEBHOOK = {"url": "https://hooks.example.org/needsfirst", "event_types": ["referral.received"]}


def test_a_webhook_made_from_an_old_browser_session_is_refused_with_a_clear_code(
    supervisor: User, settings
) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    response = stale(signed_in(supervisor)).post(
        "/api/v1/webhooks/", WEBHOOK, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"
    assert not WebhookSubscription.objects.exists()
    fresh = signed_in(supervisor).post(
        "/api/v1/webhooks/", WEBHOOK, content_type="application/json"
    )
    assert fresh.status_code == 201


def test_a_system_with_a_token_is_never_asked_for_a_password(admin: User, settings) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    secret = token_create(
        actor=Actor.for_user(admin), name="Partner system", scope="write", role=Role.CASEWORKER
    ).secret
    response = Client().post(
        "/api/v1/webhooks/",
        WEBHOOK,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201


def test_the_window_is_a_setting(
    caseworker: User, open_case: Callable[..., Case], settings
) -> None:
    settings.NEEDSFIRST_REAUTHENTICATE_MINUTES = 30
    case = open_case()
    url = reverse("cases:export_json", args=[case.uuid])
    assert stale(signed_in(caseworker)).get(url).status_code == 200


def test_a_webhook_is_not_added_on_the_page_without_the_password_again(
    admin: User, settings
) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    url = reverse("api_tokens:webhooks")
    client = stale(signed_in(admin))
    assert client.get(url).status_code == 200, "the page itself opens"
    response = client.post(url, WEBHOOK, HTTP_REFERER=f"http://testserver{url}")
    assert sent_to_reauthenticate(response, url)
    assert not WebhookSubscription.objects.exists()
    assert signed_in(admin).post(url, WEBHOOK).status_code == 200
    assert WebhookSubscription.objects.count() == 1


def test_a_webhook_secret_is_not_rotated_without_the_password_again(admin: User, settings) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    signed_in(admin).post(reverse("api_tokens:webhooks"), WEBHOOK)
    subscription = WebhookSubscription.objects.get()
    secret = subscription.secret
    url = reverse("api_tokens:webhook_rotate", args=[subscription.uuid])
    response = stale(signed_in(admin)).post(url)
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    subscription.refresh_from_db()
    assert subscription.secret == secret, "the secret is unchanged"
    assert signed_in(admin).post(url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.secret != secret
