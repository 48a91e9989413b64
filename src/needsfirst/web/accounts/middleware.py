"""Every signed-in user completes two-factor sign-in before any other page; sessions end after
an idle timeout without a write at every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

OPEN_PREFIXES = ("/static/", "/i18n/", "/healthz")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._is_open(request.path):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Complete two-factor sign-in first.")}, status=403)
            return redirect("accounts:two_factor")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        allowed = (
            reverse("accounts:two_factor"),
            reverse("accounts:two_factor_setup"),
            reverse("accounts:logout"),
            reverse("accounts:login"),
        )
        return path in allowed or path.startswith(OPEN_PREFIXES)


# The key, in the session's data, of the moment (Unix seconds) its expiry was last pushed back.
RENEWED_AT = "_needsfirst_renewed_at"


class IdleTimeoutSessionMiddleware(SessionMiddleware):
    """Django's session middleware, the idle timeout renewed at most once a minute.

    Saving the session at every request (`SESSION_SAVE_EVERY_REQUEST`) made every page, a read
    included, write the session's row and commit a transaction: a round trip and a disk flush
    of the database per request. The expiry (`SESSION_COOKIE_AGE` from the save) is now pushed
    back when it was last pushed back `SESSION_RENEWAL_SECONDS` ago or more, or when the
    session changed; so a session left idle expires as before or up to that many seconds
    earlier, never later.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            due = now - int(session.get(RENEWED_AT, 0)) >= settings.SESSION_RENEWAL_SECONDS
            if session.modified or due:
                session[RENEWED_AT] = now
        return super().process_response(request, response)
