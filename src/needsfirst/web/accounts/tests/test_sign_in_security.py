"""Sign-in security (issue 13): one's own second factors, an administrator's reset after a lost
phone, account notices for every role, and wrong codes counting toward the lockout."""

from __future__ import annotations

import time

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.lockout import is_locked
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.accounts.reauth import SESSION_KEY as REAUTH_SESSION_KEY
from needsfirst.web.accounts.second_factor import devices_fingerprint, second_factor_reset
from needsfirst.web.assistance.models import Notification, NotificationKind
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import PASSWORD, signed_in

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _notices(user, code: str) -> list[Notification]:
    return list(
        Notification.objects.filter(
            user=user, kind=NotificationKind.ACCOUNT_SECURITY, text_code=code
        )
    )


def _stale(client: Client) -> None:
    """The last authentication is an hour old: sensitive pages ask again."""
    session = client.session
    session[REAUTH_SESSION_KEY] = int(time.time()) - 3600
    session.save()


# --- one's own second factors -------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role.values))
def test_every_role_sees_its_second_factors_and_never_a_code(role, make_user, shelter):
    user = make_user(role, shelter)
    StaticToken.objects.create(
        device=StaticDevice.objects.create(user=user, name="backup codes"), token="k7qp2m4x"
    )
    page = signed_in(user).get(reverse("accounts:security")).content.decode()
    assert "Set up since" in page
    assert "1</bdi> backup code left" in page
    assert "k7qp2m4x" not in page


def test_new_backup_codes_are_shown_once_uncached_and_the_old_ones_stop_working(caseworker):
    old = StaticDevice.objects.create(user=caseworker, name="backup codes")
    StaticToken.objects.create(device=old, token="oldcode1")
    client = signed_in(caseworker)
    response = client.post(reverse("accounts:backup_codes"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    codes = set(StaticToken.objects.filter(device__user=caseworker).values_list("token", flat=True))
    assert len(codes) == 10
    assert "oldcode1" not in codes
    assert all(code in response.content.decode() for code in codes)
    page = client.get(reverse("accounts:security")).content.decode()
    assert not any(code in page for code in codes)
    (notice,) = _notices(caseworker, "backup_codes_regenerated")
    assert not any(code in notice.text for code in codes)
    entry = AuditEntry.objects.get(actor=caseworker, action=AuditAction.UPDATE)
    assert entry.detail == {"second_factor": "backup_codes_regenerated", "count": 10}


def test_the_old_backup_code_no_longer_signs_in(caseworker):
    StaticToken.objects.create(
        device=StaticDevice.objects.create(user=caseworker, name="backup codes"), token="oldcode1"
    )
    signed_in(caseworker).post(reverse("accounts:backup_codes"))
    client = Client()
    client.post(reverse("accounts:login"), {"username": caseworker.username, "password": PASSWORD})
    response = client.post(reverse("accounts:two_factor"), {"otp_token": "oldcode1"})
    assert response.status_code == 400


def test_new_backup_codes_need_a_recent_authentication(caseworker):
    client = signed_in(caseworker)
    _stale(client)
    response = client.post(reverse("accounts:backup_codes"))
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert not StaticToken.objects.filter(device__user=caseworker).exists()


def test_two_regenerations_make_two_notices(caseworker):
    client = signed_in(caseworker)
    client.post(reverse("accounts:backup_codes"))
    client.post(reverse("accounts:backup_codes"))
    assert len(_notices(caseworker, "backup_codes_regenerated")) == 2
    assert StaticToken.objects.filter(device__user=caseworker).count() == 10


def test_the_old_authenticator_works_until_the_new_one_is_confirmed(caseworker):
    old = TOTPDevice.objects.get(user=caseworker)
    client = signed_in(caseworker)
    assert client.get(reverse("accounts:authenticator_replace")).status_code == 200
    new = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    wrong = client.post(reverse("accounts:authenticator_replace"), {"otp_token": "000000"})
    assert wrong.status_code == 400
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()
    assert not _notices(caseworker, "authenticator_replaced")
    new.refresh_from_db()
    new.throttle_reset()  # the owner waits the second a wrong code costs
    right = client.post(reverse("accounts:authenticator_replace"), {"otp_token": _code(new)})
    assert right["Location"] == reverse("accounts:security")
    assert list(TOTPDevice.objects.filter(user=caseworker)) == [new]
    assert client.get(reverse("cases:list")).status_code == 200  # still signed in
    (notice,) = _notices(caseworker, "authenticator_replaced")
    assert new.key not in notice.text


def test_another_session_verified_by_the_old_authenticator_must_pass_the_new_one(caseworker):
    elsewhere = signed_in(caseworker)
    client = signed_in(caseworker)
    client.get(reverse("accounts:authenticator_replace"))
    new = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    client.post(reverse("accounts:authenticator_replace"), {"otp_token": _code(new)})
    assert elsewhere.get(reverse("cases:list"))["Location"] == reverse("accounts:two_factor")


def test_replacing_the_authenticator_needs_a_recent_authentication(caseworker):
    client = signed_in(caseworker)
    _stale(client)
    response = client.get(reverse("accounts:authenticator_replace"))
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=False).exists()


# --- an administrator's reset ---------------------------------------------------------------


@pytest.fixture
def admin(make_user, shelter):
    return make_user(Role.ORGANISATION_ADMIN, shelter)


def _reset(client: Client, member, devices: str | None = None):
    return client.post(
        reverse("accounts:member_second_factor_reset", args=[member.uuid]),
        {"devices": devices if devices is not None else devices_fingerprint(member)},
    )


def test_an_administrator_resets_a_members_second_factor_after_a_lost_phone(admin, caseworker):
    member_session = signed_in(caseworker)
    StaticToken.objects.create(
        device=StaticDevice.objects.create(user=caseworker, name="backup codes"), token="k7qp2m4x"
    )
    page = signed_in(admin).get(reverse("accounts:members_second_factor")).content.decode()
    assert caseworker.username in page
    assert admin.username not in page.split("<h1>")[1]
    response = _reset(signed_in(admin), caseworker)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert not StaticDevice.objects.filter(user=caseworker).exists()
    assert member_session.get(reverse("cases:list"))["Location"].startswith(
        reverse("accounts:login")
    )
    entry = AuditEntry.objects.get(actor=admin, action=AuditAction.UPDATE)
    assert entry.detail["second_factor"] == "second_factor_reset"
    assert len(_notices(caseworker, "second_factor_reset")) == 1
    again = Client()
    again.post(reverse("accounts:login"), {"username": caseworker.username, "password": PASSWORD})
    assert again.get(reverse("accounts:two_factor"))["Location"] == reverse(
        "accounts:two_factor_setup"
    )


def test_another_organisations_member_is_not_found(admin, make_user, other_ngo):
    stranger = make_user(Role.CASEWORKER, other_ngo)
    assert _reset(signed_in(admin), stranger).status_code == 404
    assert TOTPDevice.objects.filter(user=stranger).exists()


def test_an_administrator_cannot_reset_their_own_second_factor(admin):
    assert _reset(signed_in(admin), admin).status_code == 404
    assert TOTPDevice.objects.filter(user=admin).exists()


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.CASEWORKER, Role.ANALYST])
def test_other_roles_cannot_reset(role, make_user, shelter, caseworker):
    boss = make_user(role, shelter, f"boss-{role}")
    assert _reset(signed_in(boss), caseworker).status_code == 403
    assert TOTPDevice.objects.filter(user=caseworker).exists()
    assert AuditEntry.objects.filter(actor=boss, action=AuditAction.ACCESS_DENIED).exists()


def test_a_member_moved_to_another_organisation_after_the_page_is_not_found(
    admin, caseworker, other_ngo
):
    client = signed_in(admin)
    devices = devices_fingerprint(caseworker)
    client.get(reverse("accounts:members_second_factor"))
    caseworker.organisation = other_ngo
    caseworker.save()
    assert _reset(client, caseworker, devices).status_code == 404
    assert TOTPDevice.objects.filter(user=caseworker).exists()


def test_a_replayed_reset_changes_nothing_even_after_the_member_enrolled_again(admin, caseworker):
    client = signed_in(admin)
    devices = devices_fingerprint(caseworker)
    _reset(client, caseworker, devices)
    _reset(client, caseworker, devices)  # the same POST again
    TOTPDevice.objects.create(user=caseworker, name="new phone", confirmed=True)
    _reset(client, caseworker, devices)
    assert TOTPDevice.objects.filter(user=caseworker).count() == 1
    assert len(_notices(caseworker, "second_factor_reset")) == 1
    assert AuditEntry.objects.filter(actor=admin, action=AuditAction.UPDATE).count() == 1


def test_a_reset_needs_the_administrator_to_reauthenticate(admin, caseworker):
    client = signed_in(admin)
    _stale(client)
    response = _reset(client, caseworker)
    assert response["Location"].startswith(reverse("accounts:reauthenticate"))
    assert TOTPDevice.objects.filter(user=caseworker).exists()


def test_a_reset_ends_only_the_members_sessions(admin, caseworker, supervisor):
    signed_in(caseworker)
    signed_in(supervisor)
    before = Session.objects.count()
    _reset(signed_in(admin), caseworker)
    assert Session.objects.count() == before  # the member's one ended, the admin's began


# --- notices for every role ------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ORGANISATION_ADMIN])
def test_roles_without_case_notifications_read_their_account_notices(role, make_user, shelter):
    user = make_user(role, shelter)
    client = signed_in(user)
    client.post(reverse("accounts:backup_codes"))
    page = client.get(reverse("accounts:security")).content.decode()
    assert "New backup codes for your sign-in were made" in page
    assert client.get(reverse("assistance:notifications")).status_code == 403


def test_the_security_page_shows_account_notices_and_no_case_notification(caseworker, open_case):
    case = open_case()
    Notification.objects.create(
        user=caseworker,
        kind=NotificationKind.TASK_DUE,
        text_code="task_due",
        params={"reference": case.reference, "due": "2026-12-01"},
        case=case,
        dedupe_key="task",
    )
    page = signed_in(caseworker).get(reverse("accounts:security")).content.decode()
    assert case.reference not in page


# --- brute force counts toward the lockout ---------------------------------------------------


def test_wrong_backup_codes_over_many_sign_ins_lock_the_account(caseworker):
    for _round in range(2):
        client = Client()
        client.post(
            reverse("accounts:login"),
            {"username": caseworker.username, "password": PASSWORD},
            REMOTE_ADDR="10.6.6.6",
        )
        for _ in range(3):
            client.post(
                reverse("accounts:two_factor"), {"otp_token": "wrongcode"}, REMOTE_ADDR="10.6.6.6"
            )
    assert is_locked(caseworker.username)
    refused = Client().post(
        reverse("accounts:login"),
        {"username": caseworker.username, "password": PASSWORD},
        REMOTE_ADDR="10.6.6.6",
    )
    assert refused.status_code != 302
    assert len(_notices(caseworker, "locked_out")) == 1


def test_wrong_codes_at_reauthentication_count_toward_the_lockout(caseworker):
    for _round in range(2):
        client = signed_in(caseworker)
        for _ in range(3):
            client.post(
                reverse("accounts:reauthenticate"),
                {"password": PASSWORD, "otp_token": "wrongcode"},
                REMOTE_ADDR="10.7.7.7",
            )
    assert is_locked(caseworker.username)


def test_wrong_passwords_at_reauthentication_count_toward_the_lockout(caseworker):
    client = signed_in(caseworker)
    for _ in range(4):
        client.post(
            reverse("accounts:reauthenticate"),
            {"password": "not-the-password", "otp_token": "123456"},
            REMOTE_ADDR="10.8.8.8",
        )
    client = signed_in(caseworker)
    client.post(
        reverse("accounts:reauthenticate"),
        {"password": "not-the-password", "otp_token": "123456"},
        REMOTE_ADDR="10.8.8.8",
    )
    assert is_locked(caseworker.username)


def test_a_full_sign_in_clears_the_count_of_a_few_wrong_codes(caseworker):
    client = Client()
    client.post(reverse("accounts:login"), {"username": caseworker.username, "password": PASSWORD})
    for _ in range(3):
        client.post(reverse("accounts:two_factor"), {"otp_token": "wrongcode"})
    device = TOTPDevice.objects.get(user=caseworker)
    device.throttle_reset()
    client.post(reverse("accounts:two_factor"), {"otp_token": _code(device)})
    assert not is_locked(caseworker.username)
    assert not AccessAttempt.objects.filter(username=caseworker.username).exists()


def test_the_reset_checks_the_member_again_as_they_are_when_it_runs(admin, caseworker, other_ngo):
    User.objects.filter(pk=caseworker.pk).update(organisation=other_ngo)  # moved meanwhile
    with pytest.raises(PermissionDenied):
        second_factor_reset(actor=Actor.for_user(admin), member=caseworker)
    assert TOTPDevice.objects.filter(user=caseworker).exists()
