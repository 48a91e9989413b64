from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from needsfirst.web.accounts.middleware import RENEWED_AT
from needsfirst.web.accounts.models import Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def sign_in_with_password(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_a_password_alone_does_not_open_any_page(caseworker):
    client = Client()
    response = sign_in_with_password(client, caseworker.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor")
    for path in (reverse("cases:list"), reverse("home"), "/api/v1/cases/"):
        blocked = client.get(path)
        assert blocked.status_code in (302, 403)
        if blocked.status_code == 302:
            assert blocked["Location"] == reverse("accounts:two_factor")


def test_the_right_code_completes_sign_in_and_is_audited(caseworker):
    client = Client()
    sign_in_with_password(client, caseworker.username)
    device = TOTPDevice.objects.get(user=caseworker)
    response = client.post(reverse("accounts:two_factor"), {"otp_token": current_code(device)})
    assert response.status_code == 302
    assert client.get(reverse("cases:list")).status_code == 200
    assert AuditEntry.objects.filter(actor=caseworker, action=AuditAction.LOGIN).exists()


def test_a_wrong_code_is_refused_with_a_message_on_the_field(caseworker):
    client = Client()
    sign_in_with_password(client, caseworker.username)
    response = client.post(reverse("accounts:two_factor"), {"otp_token": "000000"})
    assert response.status_code == 400
    assert "otp_token" in response.context["form"].errors
    assert client.get(reverse("cases:list")).status_code == 302


def test_five_wrong_codes_sign_the_user_out_and_lock_the_address(caseworker):
    client = Client()
    sign_in_with_password(client, caseworker.username)
    for _ in range(5):
        response = client.post(reverse("accounts:two_factor"), {"otp_token": "000000"})
    assert response.status_code == 429  # the lockout page: wrong codes count like passwords
    assert client.get(reverse("accounts:two_factor")).status_code == 302


def test_a_user_without_an_authenticator_must_enrol_one(shelter, django_user_model):
    user = django_user_model.objects.create_user(
        username="newcomer", password=PASSWORD, role=Role.CASEWORKER, organisation=shelter
    )
    client = Client()
    response = sign_in_with_password(client, user.username)
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor_setup")
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = client.post(reverse("accounts:two_factor_setup"), {"otp_token": current_code(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(actor=user, action=AuditAction.TWO_FACTOR_ENROLLED).exists()


def test_repeated_wrong_passwords_lock_the_account(caseworker):
    client = Client()
    for _ in range(5):
        sign_in_with_password(client, caseworker.username, "wrong-password")
    locked = sign_in_with_password(client, caseworker.username)
    assert locked.status_code in (403, 429)
    assert "Too many failed attempts" in locked.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).count() >= 5


def session_row(client: Client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def session_writes_of(client: Client, path: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return [
        query["sql"]
        for query in captured.captured_queries
        if "django_session" in query["sql"] and not query["sql"].startswith("SELECT")
    ]


def test_sessions_expire_after_the_idle_timeout(settings, caseworker_client):
    caseworker_client.get(reverse("home"))
    assert caseworker_client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 30 * 60
    idle_until = session_row(caseworker_client).expire_date
    assert idle_until > timezone.now() + timedelta(minutes=29)

    Session.objects.filter(pk=caseworker_client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = caseworker_client.get(reverse("cases:list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_page_within_a_minute_of_the_last_renewal_writes_no_session(caseworker_client):
    caseworker_client.get(reverse("home"))
    assert session_writes_of(caseworker_client, reverse("cases:list")) == []


def test_a_page_a_minute_after_the_last_renewal_pushes_the_idle_timeout_back(caseworker_client):
    caseworker_client.get(reverse("home"))
    session = caseworker_client.session
    session[RENEWED_AT] = int(time.time()) - 61
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=5)
    )
    assert session_writes_of(caseworker_client, reverse("cases:list"))
    assert session_row(caseworker_client).expire_date > timezone.now() + timedelta(minutes=29)


def test_a_visitor_who_is_not_signed_in_leaves_no_session_row():
    Client().get(reverse("accounts:login"))
    assert not Session.objects.exists()


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from needsfirst.web.config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_an_empty_sign_in_post_names_the_missing_fields():
    response = Client().post(reverse("accounts:login"), {})
    assert response.status_code == 200
    assert {"username", "password"} <= set(response.context["form"].errors)


def test_an_empty_code_post_names_the_code_field(caseworker):
    client = Client()
    sign_in_with_password(client, caseworker.username)
    response = client.post(reverse("accounts:two_factor"), {})
    assert "otp_token" in response.context["form"].errors
