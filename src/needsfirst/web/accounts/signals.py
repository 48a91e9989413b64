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
