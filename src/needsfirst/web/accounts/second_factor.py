"""The life of a user's second factor after enrolment: what is enrolled, new backup codes, a new
authenticator, and an organisation administrator's reset after a lost phone.

Each change is on the record (an audit entry through `account_event`) and told to the user (a
notice through `credential_changed`, keyed so that it is sent once, with the time only: never a
code or a key).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.credentials import when
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.accounts.services import totp_confirm
from needsfirst.web.accounts.signals import (
    AccountEvent,
    CredentialChange,
    account_event_send,
    credential_changed_send,
)

BACKUP_CODE_COUNT = 10
BACKUP_DEVICE_NAME = "backup codes"


@dataclass(frozen=True)
class SecondFactors:
    """What a user has enrolled, without any secret."""

    authenticator_since: datetime | None
    backup_codes_left: int


def second_factors(user: User) -> SecondFactors:
    authenticator = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-created_at").first()
    )
    left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return SecondFactors(
        authenticator_since=authenticator.created_at if authenticator else None,
        backup_codes_left=left,
    )


def devices_fingerprint(user: User) -> str:
    """Names the second factors a page showed: a POST made from that page acts only if they
    are still the same (a replayed or stale reset changes nothing)."""
    ids = sorted(
        [f"totp:{pk}" for pk in TOTPDevice.objects.filter(user=user).values_list("pk", flat=True)]
        + [
            f"static:{pk}"
            for pk in StaticDevice.objects.filter(user=user).values_list("pk", flat=True)
        ]
    )
    return hashlib.sha256(f"{user.pk}|{'|'.join(ids)}".encode()).hexdigest()[:32]


def _record(actor: Actor, user: User, change: CredentialChange, **detail: object) -> None:
    account_event_send(
        actor=actor,
        event=AccountEvent.ACCOUNT_CHANGED,
        obj=user,
        holder_id=user.organisation_id,
        detail={"second_factor": str(change), **detail},
    )
    credential_changed_send(user=user, change=change, key=uuid.uuid4().hex, params=when())


@transaction.atomic
def backup_codes_regenerate(*, actor: Actor) -> list[str]:
    """New backup codes for the actor; the old ones stop working in the same transaction.
    The codes are returned once, to be shown once: only django-otp's copy is kept."""
    user = actor.staff
    device, _ = StaticDevice.objects.select_for_update().get_or_create(
        user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True}
    )
    StaticToken.objects.filter(device__user=user).delete()
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    device.throttle_reset()
    _record(actor, user, CredentialChange.BACKUP_CODES_REGENERATED, count=len(codes))
    return codes


@transaction.atomic
def authenticator_replace(*, actor: Actor, device: TOTPDevice, token: str) -> bool:
    """Confirm the new authenticator `device` with a code it shows; only then are the user's
    other authenticators removed. A wrong code changes nothing (the old one keeps working)."""
    user = actor.staff
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    if not totp_confirm(device, token):
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    _record(actor, user, CredentialChange.AUTHENTICATOR_REPLACED)
    return True


def resettable_members(by: User) -> QuerySet[User]:
    """Whose second factor `by` may reset: an organisation administrator, the active members
    of their own organisation, never themselves (that would skip the factor they hold) nor a
    system administrator. Anyone else: nobody."""
    if by.role != Role.ORGANISATION_ADMIN or by.organisation_id is None:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True, organisation_id=by.organisation_id)
        .exclude(pk=by.pk)
        .exclude(role=Role.SYSTEM_ADMIN)
        .order_by("username")
    )


def sessions_end(user: User) -> int:
    """Delete every session of `user` (the database session store: each is decoded)."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def second_factor_reset(*, actor: Actor, member: User) -> int:
    """Remove every second factor of `member` and end their sessions: at the next sign-in
    they enrol a new authenticator. Returns the number of devices removed."""
    # As the member is now, not as the page saw them (moved to another organisation since?).
    locked = resettable_members(actor.staff).select_for_update().filter(pk=member.pk).first()
    if locked is None:
        raise PermissionDenied
    member = locked
    devices = 0
    for kind in (TOTPDevice, StaticDevice):
        found = kind.objects.filter(user=member)
        devices += found.count()
        found.delete()
    sessions = sessions_end(member)
    _record(actor, member, CredentialChange.SECOND_FACTOR_RESET, devices=devices, sessions=sessions)
    return devices
