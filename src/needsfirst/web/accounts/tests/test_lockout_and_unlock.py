"""Lockout per address and per account, and the owner's ways back in (issue 8, item 10)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from needsfirst.web.accounts.lockout import is_locked
from needsfirst.web.accounts.models import Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.audit.selectors import audit_entries_visible_to
from needsfirst.web.conftest import PASSWORD, signed_in

pytestmark = pytest.mark.django_db


def _password(client: Client, username: str, password: str, address: str):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def _wrong_passwords(username: str, addresses: int, each: int) -> None:
    for n in range(addresses):
        client = Client()
        for _ in range(each):
            _password(client, username, "wrong-password-123", f"10.0.0.{n + 1}")


def _signs_in_with_password(username: str, address: str = "10.9.9.9") -> bool:
    response = _password(Client(), username, PASSWORD, address)
    return response.status_code == 302 and response["Location"] == reverse("accounts:two_factor")


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _second_factor(client: Client, code: str, address: str = "127.0.0.1"):
    return client.post(reverse("accounts:two_factor"), {"otp_token": code}, REMOTE_ADDR=address)


def test_wrong_passwords_spread_over_many_addresses_lock_the_account_everywhere(caseworker):
    _wrong_passwords(caseworker.username, addresses=5, each=4)
    assert is_locked(caseworker.username)
    response = _password(Client(), caseworker.username, PASSWORD, "10.9.9.9")
    assert response.status_code in (403, 429)
    assert "Too many failed attempts" in response.content.decode()


def test_a_few_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(caseworker):
    _wrong_passwords(caseworker.username, addresses=4, each=4)
    assert _signs_in_with_password(caseworker.username)


def test_five_wrong_passwords_from_one_address_lock_that_address_only(caseworker):
    _wrong_passwords(caseworker.username, addresses=1, each=5)
    assert not _signs_in_with_password(caseworker.username, "10.0.0.1")
    assert _signs_in_with_password(caseworker.username, "10.0.0.2")


def test_a_supervisor_unlocks_a_locked_account_and_the_unlock_is_audited(caseworker, supervisor):
    _wrong_passwords(caseworker.username, addresses=5, each=4)
    boss = signed_in(supervisor)
    page = boss.get(reverse("accounts:locked"))
    assert caseworker.username in page.content.decode()
    response = boss.post(reverse("accounts:unlock", args=[caseworker.uuid]))
    assert response.status_code == 302
    assert not is_locked(caseworker.username)
    assert _signs_in_with_password(caseworker.username)
    entry = AuditEntry.objects.get(actor=supervisor, object_id=str(caseworker.uuid))
    assert entry.detail["unlocked"] is True
    assert "No account is locked." in boss.get(reverse("accounts:locked")).content.decode()


def test_a_caseworker_cannot_unlock_anyone(caseworker, make_user, shelter):
    colleague = make_user(Role.CASEWORKER, shelter, "colleague")
    _wrong_passwords(colleague.username, addresses=5, each=4)
    response = signed_in(caseworker).post(reverse("accounts:unlock", args=[colleague.uuid]))
    assert response.status_code == 403
    assert is_locked(colleague.username)


def test_an_administrator_of_another_organisation_cannot_unlock_and_is_on_the_record(
    caseworker, make_user, other_ngo, supervisor
):
    _wrong_passwords(caseworker.username, addresses=5, each=4)
    stranger = make_user(Role.ORGANISATION_ADMIN, other_ngo, "stranger-admin")
    response = signed_in(stranger).post(reverse("accounts:unlock", args=[caseworker.uuid]))
    assert response.status_code == 404
    assert is_locked(caseworker.username)
    refusal = AuditEntry.objects.get(actor=stranger, action=AuditAction.ACCESS_DENIED)
    assert refusal in audit_entries_visible_to(supervisor)


def test_a_user_moved_to_another_organisation_is_unlocked_by_the_new_one_only(
    caseworker, supervisor, make_user, other_ngo
):
    caseworker.organisation = other_ngo
    caseworker.save()
    _wrong_passwords(caseworker.username, addresses=5, each=4)
    old_boss = signed_in(supervisor)
    assert old_boss.post(reverse("accounts:unlock", args=[caseworker.uuid])).status_code == 404
    new_boss = signed_in(make_user(Role.SUPERVISOR, other_ngo, "new-boss"))
    assert new_boss.post(reverse("accounts:unlock", args=[caseworker.uuid])).status_code == 302


def test_the_unlock_command_clears_the_lockout_and_is_audited(caseworker, capsys):
    _wrong_passwords(caseworker.username, addresses=5, each=4)
    call_command("unlock_account", caseworker.username)
    assert "changepassword" in capsys.readouterr().out
    assert _signs_in_with_password(caseworker.username)
    entry = AuditEntry.objects.get(object_id=str(caseworker.uuid), detail__via="command")
    assert entry.holder == caseworker.organisation


def test_the_unlock_command_names_an_unknown_user():
    with pytest.raises(CommandError, match="No user named"):
        call_command("unlock_account", "nobody-here")


@pytest.fixture
def backup_code(caseworker) -> str:
    device = StaticDevice.objects.create(user=caseworker, name="backup codes")
    StaticToken.objects.create(device=device, token="k7qp2m4x")
    return "k7qp2m4x"


def _throttle_authenticator(username: str) -> None:
    """Someone holding the password types wrong authenticator codes, signing in again and again
    from a new address each time (wrong codes count toward the lockout, so one address would be
    locked after five; twelve from three addresses stay below the account's limit)."""
    for round_ in range(3):
        client = Client()
        address = f"10.6.6.{round_ + 1}"
        _password(client, username, PASSWORD, address)
        for _ in range(4):
            _second_factor(client, "000000", address)


def test_wrong_codes_from_someone_holding_the_password_throttle_the_authenticator(caseworker):
    _throttle_authenticator(caseworker.username)
    owner = Client()
    _password(owner, caseworker.username, PASSWORD, "10.1.1.1")
    device = TOTPDevice.objects.get(user=caseworker)
    assert _second_factor(owner, _code(device)).status_code == 400


def test_the_owner_gets_back_in_with_a_backup_code_while_the_authenticator_is_throttled(
    caseworker, backup_code
):
    _throttle_authenticator(caseworker.username)
    owner = Client()
    _password(owner, caseworker.username, PASSWORD, "10.1.1.1")
    response = _second_factor(owner, backup_code)
    assert response.status_code == 302
    assert owner.get(reverse("cases:list")).status_code == 200


def test_an_unlock_resets_the_throttle_and_the_owner_signs_in_with_the_authenticator(
    caseworker, supervisor
):
    _throttle_authenticator(caseworker.username)
    boss = signed_in(supervisor)
    assert caseworker.username in boss.get(reverse("accounts:locked")).content.decode()
    boss.post(reverse("accounts:unlock", args=[caseworker.uuid]))
    owner = Client()
    _password(owner, caseworker.username, PASSWORD, "10.1.1.1")
    device = TOTPDevice.objects.get(user=caseworker)
    assert _second_factor(owner, _code(device)).status_code == 302
