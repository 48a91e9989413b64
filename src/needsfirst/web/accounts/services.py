"""Two-factor devices: enrolment, verification; unlocking an account."""

from __future__ import annotations

import base64
import re
import uuid
from typing import Any

import segno
from axes.models import AccessAttempt
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.credentials import when
from needsfirst.web.accounts.lockout import is_locked
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.accounts.signals import (
    AccountEvent,
    CredentialChange,
    account_event_send,
    credential_changed_send,
)

AUTHENTICATOR_CODE = re.compile(r"^\d{6}$")
# Who may unlock a member of their own organisation (a system administrator: anyone).
UNLOCKERS = frozenset({Role.ORGANISATION_ADMIN, Role.SUPERVISOR})


def has_confirmed_device(user: User | AbstractBaseUser) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def totp_enrolment_device(user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created once and kept until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def authenticator_key(device: TOTPDevice) -> dict[str, str]:
    """What a page shows to set up an authenticator app: the QR code and the key as text."""
    return {
        "qr_data_uri": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
        "secret": base64.b32encode(device.bin_key).decode("ascii"),
    }


def totp_confirm(device: TOTPDevice, token: str) -> bool:
    if device.verify_token(token):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return True
    return False


def verify_second_factor(user: User, token: str) -> Any:
    """The device that accepts the code, checked against the devices of its kind only.

    A six-digit code goes to the authenticator, anything else to the backup codes: each kind
    keeps its own django-otp throttle, so wrong authenticator codes typed by someone holding
    the password do not delay the owner's backup codes (docs/security.md, "Locked out").
    """
    token = token.replace(" ", "").strip()
    kind = TOTPDevice if AUTHENTICATOR_CODE.match(token) else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if isinstance(device, kind) and device.verify_token(token):
                return device
    return None


def throttled_devices(user: User) -> list[Any]:
    """The user's devices that refuse codes for now after wrong ones (django-otp throttling)."""
    return [
        device
        for device in devices_for_user(user, confirmed=True)
        if not device.verify_is_allowed()[0]
    ]


def needs_unlock(user: User) -> bool:
    return is_locked(user.username) or bool(throttled_devices(user))


def check_unlocker(by: User, user: User) -> None:
    if by.role == Role.SYSTEM_ADMIN:
        return
    if by.role not in UNLOCKERS or by.organisation_id is None:
        raise PermissionDenied
    if user.organisation_id != by.organisation_id or user.role == Role.SYSTEM_ADMIN:
        raise PermissionDenied


@transaction.atomic
def account_unlock(*, actor: Actor, user: User, via: str = "page") -> dict[str, int]:
    """Clear the sign-in lockout of `user` (every address) and the throttles of their second
    factor, on the record. The actor is the system only from the command line (a system
    administrator on the server). The password is not changed here: if someone else holds it,
    change it."""
    if actor.user is not None:
        check_unlocker(actor.user, user)
    elif not actor.name:
        raise PermissionDenied  # nobody signed in, and not the system either
    attempts, _ = AccessAttempt.objects.filter(username=user.username).delete()
    devices = 0
    for device in devices_for_user(user, confirmed=True):
        if getattr(device, "throttling_failure_count", 0):
            device.throttle_reset()
            devices += 1
    account_event_send(
        actor=actor,
        event=AccountEvent.ACCOUNT_CHANGED,
        obj=user,
        holder_id=user.organisation_id,
        detail={"unlocked": True, "via": via, "attempts": attempts, "devices": devices},
    )
    credential_changed_send(
        user=user, change=CredentialChange.UNLOCKED, key=uuid.uuid4().hex, params=when()
    )
    return {"attempts": attempts, "devices": devices}
