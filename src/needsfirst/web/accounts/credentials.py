"""Where a user's credentials change, the user is told (accounts.signals.credential_changed):
a new password, a second factor enrolled, an API token created with their account, their
account locked out or unlocked. A message says what and when, never the secret itself."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models.signals import post_save
from django.utils import timezone

from needsfirst.web.accounts.models import User
from needsfirst.web.accounts.signals import CredentialChange, credential_changed_send


def when() -> dict[str, str]:
    return {"when": timezone.now().strftime("%Y-%m-%d %H:%M UTC")}


def _password_saved(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    # Django keeps the new raw password in `_password` until the save that stores its hash
    # has run (then it calls the validators' `password_changed`): a set means a change.
    if created or getattr(instance, "_password", None) is None:
        return
    credential_changed_send(
        user=instance,
        change=CredentialChange.PASSWORD_CHANGED,
        key=uuid.uuid4().hex,
        params=when(),
    )


def _locked_out(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    user = User.objects.filter(username=username).first() if username else None
    if user is None:
        return
    # Every refused attempt while locked reports the lockout again: one message an hour.
    credential_changed_send(
        user=user,
        change=CredentialChange.LOCKED_OUT,
        key=timezone.now().strftime("%Y%m%d%H"),
        params=when(),
    )


def connect() -> None:
    from axes.signals import user_locked_out

    post_save.connect(_password_saved, sender=User, dispatch_uid="credential-password")
    user_locked_out.connect(_locked_out, dispatch_uid="credential-lockout")
