"""Two-factor devices: enrolment, verification."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from needsfirst.web.accounts.models import User


def has_confirmed_device(user: User | AbstractBaseUser) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def totp_enrolment_device(user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created once and kept until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def totp_confirm(device: TOTPDevice, token: str) -> bool:
    if device.verify_token(token):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return True
    return False


def verify_second_factor(user: User, token: str) -> Any:
    return match_token(user, token.replace(" ", ""))
