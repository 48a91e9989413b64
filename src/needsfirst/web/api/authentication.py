"""Token authentication for systems, and the API's throttles.

`BearerTokenAuthentication` is the first of DRF's default authentication classes, so every API
view (the apps' own `api.py` modules too) accepts a token beside the browser session without
saying so. It reads the `Authorization: Bearer <secret>` header only: a secret in the address
would be written to every proxy's and server's log, so a request that carries one there is
refused outright.

A token acts as its service account (`api.models`); the account passes the same role checks as
a person in that role. A token is a credential of 256 random bits held by a system, not a
person's password: it is taken as the second factor's equal, so `is_verified()` is true for the
request it authenticates (and only for it).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.api.models import ApiToken
from needsfirst.web.api.tokens import SECRET_MARK, token_for_secret, token_used
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record

KEYWORD = b"bearer"


def _verified() -> bool:
    return True


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        if any(str(value).startswith(SECRET_MARK) for value in request.query_params.values()):
            raise exceptions.AuthenticationFailed(
                _(
                    "Send the token in the Authorization header, never in the address. "
                    "Revoke this token: the address may be kept in logs."
                ),
                code="token_in_url",
            )
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != KEYWORD:
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header is 'Bearer' and the token, with one space between."),
                code="malformed_token",
            )
        try:
            secret = words[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid."), code="invalid_token"
            ) from error
        token = token_for_secret(secret)
        if token is None:
            audit_record(
                # The Django request: DRF's own would authenticate again to give its user.
                actor=Actor.from_request(request._request),
                action=AuditAction.LOGIN_FAILED,
                detail={"api": "token", "reason": "unknown, expired or revoked"},
            )
            raise exceptions.AuthenticationFailed(
                _("The token is unknown, expired or revoked."), code="invalid_token"
            )
        account = token.account
        account.is_verified = _verified  # type: ignore[method-assign]
        if request.method not in SAFE_METHODS and not token.writes:
            audit_record(
                actor=Actor.for_user(
                    account,
                    address=request.META.get("REMOTE_ADDR"),
                    user_agent=str(request.META.get("HTTP_USER_AGENT", "")),
                ),
                action=AuditAction.ACCESS_DENIED,
                object_type="apitoken",
                object_id=str(token.uuid),
                detail={"api": request.path[:200], "method": request.method, "scope": "read"},
            )
            raise exceptions.PermissionDenied(
                _("This token may only read: it was created with the read scope."),
                code="token_scope",
            )
        token_used(token)
        return account, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) to a missing or bad token, with the scheme to use.
        return 'Bearer realm="api"'


class TokenRateThrottle(SimpleRateThrottle):
    """Calls per token (a system), whatever the address it calls from."""

    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}


class StaffRateThrottle(UserRateThrottle):
    """Calls per signed-in person (browser session); tokens have their own rate."""

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken):
            return None
        return super().get_cache_key(request, view)
