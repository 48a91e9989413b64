"""Sign-in lockout (django-axes) per address and per account, and the way back in.

Two limits, counted over the cool-off window (`AXES_COOLOFF_TIME`):
- `NEEDSFIRST_LOCKOUT_PER_ADDRESS` wrong passwords for one user name from one address lock that
  user name from that address;
- `NEEDSFIRST_LOCKOUT_PER_ACCOUNT` wrong passwords for one user name from any addresses lock the
  account from everywhere, so guessing from many addresses is stopped too.

axes counts one figure, the largest over its lockout parameters (here the account's total), and
compares it with one limit. `failure_limit` gives it the limit that applies to this request: the
per-address limit once this address has reached it, else the per-account one.

A wrong second-factor code (an authenticator code or a backup code, at sign-in or at a
re-authentication) counts as one failure too (`second_factor_failed`), and only a sign-in that
passes both steps clears the count (`failures_clear`): someone holding the password cannot
sign in again and again to get new guesses at the codes.

Anyone can lock an account by typing its user name with wrong passwords; holding the password,
anyone can also delay its second factor (django-otp throttling). `account_unlock` in
`services.py` clears both, on the record (docs/security.md, "Locked out").
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import QuerySet, Sum
from django.utils import timezone


def per_address_limit() -> int:
    return int(settings.NEEDSFIRST_LOCKOUT_PER_ADDRESS)


def per_account_limit() -> int:
    return int(settings.NEEDSFIRST_LOCKOUT_PER_ACCOUNT)


def _window_start(request: Any = None) -> datetime:
    if request is not None and getattr(request, "axes_attempt_time", None) is not None:
        return get_cool_off_threshold(request)
    return timezone.now() - (get_cool_off() or timedelta(0))


def _failures(attempts: QuerySet[AccessAttempt]) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


def failure_limit(request: Any, credentials: Any = None) -> int:
    """The limit axes compares the account's failures with, for this request (see above)."""
    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None)
    from_here = AccessAttempt.objects.filter(
        username=username, ip_address=address, attempt_time__gte=_window_start(request)
    )
    return (
        per_address_limit() if _failures(from_here) >= per_address_limit() else per_account_limit()
    )


def account_failures(username: str) -> tuple[int, int]:
    """(wrong passwords for the account within the window, the most from one address)."""
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=_window_start())
    total = _failures(attempts)
    worst = max(
        (
            row["n"] or 0
            for row in attempts.values("ip_address").annotate(n=Sum("failures_since_start"))
        ),
        default=0,
    )
    return total, int(worst)


def is_locked(username: str) -> bool:
    """Locked from everywhere, or from at least one address."""
    total, worst = account_failures(username)
    return total >= per_account_limit() or worst >= per_address_limit()


def second_factor_failed(request: Any, username: str) -> bool:
    """Count a wrong code like a wrong password (axes records it from the auth signal).
    True when the account is now locked for this request (axes then answers the lockout page)."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return bool(getattr(request, "axes_locked_out", False))


def failures_clear(username: str) -> None:
    """Both steps succeeded: the owner is back, the count starts again."""
    AccessAttempt.objects.filter(username=username).delete()
