"""Every signed-in user completes two-factor sign-in before any other page."""

from __future__ import annotations

from collections.abc import Callable

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
