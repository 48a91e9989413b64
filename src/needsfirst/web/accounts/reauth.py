"""Re-authentication before sensitive operations (ASVS 2, V3.7.1 and V4.3.1).

A signed-in session may export personal data, create an API token, merge two people or unlock
an account only if its user gave their password (and their second factor, once enrolled)
within the last `NEEDSFIRST_REAUTHENTICATE_MINUTES` (10 by default). Otherwise the page asks
for them again (`accounts:reauthenticate`) and returns to where the user was.

The time of the last authentication lives in the session: the sign-in sets it when the second
factor is accepted, the re-authentication page when both are given again. A request signed
with an API token carries no session and is not asked: a token is the system's credential,
created by an administrator who re-authenticated to create it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

SESSION_KEY = "authenticated_at"
DEFAULT_MINUTES = 10

View = Callable[..., HttpResponse]


def window_seconds() -> int:
    return int(getattr(settings, "NEEDSFIRST_REAUTHENTICATE_MINUTES", DEFAULT_MINUTES)) * 60


def mark_authenticated(request: HttpRequest) -> None:
    """The user has just given their password and second factor."""
    request.session[SESSION_KEY] = int(time.time())


def recently_authenticated(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    if session is None:
        return False
    at = session.get(SESSION_KEY)
    return isinstance(at, int) and 0 <= time.time() - at <= window_seconds()


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """`candidate` if it is a path of this site, else the start page."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def reauthenticate_url(request: HttpRequest) -> str:
    """Where to confirm the password, coming back to this page (a GET) or to the page that
    held the form (a POST cannot be replayed: the user submits it again)."""
    if request.method in {"GET", "HEAD"}:
        back = request.get_full_path()
    else:
        back = safe_next(request, request.headers.get("Referer"))
        host = f"{request.scheme}://{request.get_host()}"
        back = back.removeprefix(host)
    return f"{reverse('accounts:reauthenticate')}?{urlencode({'next': back})}"


def recent_authentication_required(
    view: View | None = None, *, methods: Collection[str] | None = None
) -> Any:
    """Ask for the password again before `view` runs (for `methods` only, if given), when the
    user's last authentication is older than the window. Put it below the role check."""

    def decorator(inner: View) -> View:
        @wraps(inner)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if (methods is None or request.method in methods) and not recently_authenticated(
                request
            ):
                messages.info(
                    request,
                    _(
                        "This is a sensitive action. Confirm your password to continue, "
                        "then do it again."
                    )
                    if request.method not in {"GET", "HEAD"}
                    else _("This is a sensitive action. Confirm your password to continue."),
                )
                return redirect(reauthenticate_url(request))
            return inner(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator
