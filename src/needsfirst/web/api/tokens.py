"""API tokens: create (the secret is returned once), list, revoke, and find by secret."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.credentials import when
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.accounts.signals import CredentialChange, credential_changed_send
from needsfirst.web.api.models import ApiToken, TokenScope
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record

# "nf_" marks the secret as ours (secret scanners can look for it); the next 8 characters are
# the look-up prefix, the rest is the random part. 32 random bytes = 256 bits.
SECRET_MARK = "nf_"
PREFIX_LENGTH = 8
# The roles a token may act in. Never an administrator or a supervisor: a system does the work
# of a caseworker (the organisation's cases), of a labour inspector (its inspectorate's
# workplaces) or of an analyst (aggregates and releases for partners; a token's releases count
# its own organisation's cases only), nothing that changes users, erases records or overrides
# consent.
TOKEN_ROLES = (Role.CASEWORKER, Role.LABOUR_INSPECTOR, Role.ANALYST)
TOKEN_ADMINS = frozenset({Role.ORGANISATION_ADMIN})
# How often "last used" is written: not on every call, so a busy token does not write a row
# per request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _administrator(actor: Actor) -> tuple[User, int]:
    """The organisation administrator acting, and their organisation's id."""
    user = actor.staff
    if user.role not in TOKEN_ADMINS or user.organisation_id is None:
        raise PermissionDenied
    return user, user.organisation_id


def tokens_of(actor: Actor) -> QuerySet[ApiToken]:
    """The tokens of the administrator's organisation, newest first."""
    _, organisation_id = _administrator(actor)
    return ApiToken.objects.filter(organisation_id=organisation_id).select_related(
        "created_by", "revoked_by"
    )


@transaction.atomic
def token_create(
    *,
    actor: Actor,
    name: str,
    scope: str,
    role: str = Role.CASEWORKER,
    expires_at: dt.datetime | None = None,
) -> NewToken:
    admin, organisation_id = _administrator(actor)
    if scope not in TokenScope.values or role not in TOKEN_ROLES:
        raise PermissionDenied
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    while ApiToken.objects.filter(prefix=prefix).exists():  # pragma: no cover (2**32 values)
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    secret = f"{SECRET_MARK}{prefix}{secrets.token_urlsafe(32)}"
    account = User(
        username=f"api-token:{prefix}",
        organisation_id=organisation_id,
        role=role,
        is_active=False,  # the sign-in form refuses inactive users: never a person's account
    )
    account.set_unusable_password()
    account.save()
    token = ApiToken.objects.create(
        organisation_id=organisation_id,
        name=name,
        scope=scope,
        account=account,
        prefix=prefix,
        secret_hash=_hash(secret),
        created_by=admin,
        expires_at=expires_at,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=token,
        detail={"scope": scope, "role": role},
    )
    credential_changed_send(
        user=admin,
        change=CredentialChange.API_TOKEN_CREATED,
        key=str(token.uuid),
        params={**when(), "name": name, "prefix": prefix},
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    admin, organisation_id = _administrator(actor)
    if token.organisation_id != organisation_id:
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = admin
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=token, detail={"revoked": True})
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The token in force that this secret opens, or None.

    Looked up by its prefix, then the hash compared in constant time, so the time taken does not
    tell how much of a guessed secret was right."""
    if not secret.startswith(SECRET_MARK) or len(secret) > 100:
        return None
    prefix = secret[len(SECRET_MARK) : len(SECRET_MARK) + PREFIX_LENGTH]
    token = ApiToken.objects.select_related("account", "organisation").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    if not token.in_force():
        return None
    if token.account.organisation_id != token.organisation_id:
        # Its service account was moved to another organisation (by hand, in the admin): the
        # token would act there. It belongs to one organisation, so it opens nothing.
        return None
    return token


def token_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
