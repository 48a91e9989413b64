"""What the sign-in pages and the role checks report, for the audit trail to record.

The audit app sits above accounts (its entries point at users), so accounts never imports it:
it sends `account_event`, and the audit app's `ready()` connects the receiver that writes the
entry. The receiver raises if the entry cannot be written, like a direct call would.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.dispatch import Signal

from needsfirst.web.accounts.actor import Actor

# Sent with `actor` (Actor), `event` (AccountEvent), `detail` (dict, no personal data) and,
# for a change to an account, `obj` (the user changed) and `holder_id` (their organisation).
account_event = Signal()


class AccountEvent(StrEnum):
    # The values are the audit trail's action codes.
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    TWO_FACTOR_ENROLLED = "2fa_enrolled"
    ACCESS_DENIED = "denied"
    ACCOUNT_CHANGED = "update"


def account_event_send(
    *,
    actor: Actor,
    event: AccountEvent,
    detail: dict[str, Any] | None = None,
    obj: Any = None,
    holder_id: int | None = None,
) -> None:
    account_event.send(
        sender=Actor, actor=actor, event=event, detail=detail or {}, obj=obj, holder_id=holder_id
    )


# Sent with `user` (whose credential changed), `change` (CredentialChange) and `params` (words
# for the message: a date, a token's name; never a secret). The assistance app's `ready()`
# connects the receiver that notifies the user in the app and by e-mail.
credential_changed = Signal()


class CredentialChange(StrEnum):
    # The values are the notification text codes.
    PASSWORD_CHANGED = "password_changed"
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled"
    API_TOKEN_CREATED = "api_token_created"
    LOCKED_OUT = "locked_out"
    UNLOCKED = "unlocked"
    BACKUP_CODES_REGENERATED = "backup_codes_regenerated"
    AUTHENTICATOR_REPLACED = "authenticator_replaced"
    SECOND_FACTOR_RESET = "second_factor_reset"


def credential_changed_send(
    *, user: Any, change: CredentialChange, key: str, params: dict[str, str] | None = None
) -> None:
    """Tell `user` that a credential of theirs changed. `key` names the event: the same key
    twice (a lockout seen on every refused attempt) notifies once."""
    if getattr(user, "pk", None) is None or not getattr(user, "is_active", False):
        return  # a token's account or a deactivated user has nobody to tell
    credential_changed.send(
        sender=Actor, user=user, change=change, key=f"{change}:{user.pk}:{key}", params=params or {}
    )
