from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from needsfirst.web.accounts.models import CASE_ROLES
from needsfirst.web.accounts.reauth import recently_authenticated


class IsVerifiedStaff(BasePermission):
    """Signed in with two factors and in a role that works on cases."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and user.is_verified()
            and getattr(user, "role", None) in CASE_ROLES
        )


class IsVerifiedAnyRole(BasePermission):
    """Signed in with two factors (or a token), in any role: for what holds no personal data."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_verified())


def require_recent_session_authentication(request: Request) -> None:
    """A sensitive call made with a browser session (not a token) needs a password given in
    the last minutes, as the pages do (accounts.reauth); a token is never asked."""
    if request.auth is None and not recently_authenticated(request._request):
        raise PermissionDenied(
            detail=_("Confirm your password at /accounts/reauthenticate/ first, then call again."),
            code="reauthentication_required",
        )
