"""Role checks for views: a refused request is a 403 and leaves an audit entry (through
`accounts.signals`, which the audit app records)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import AUDIT_ROLES, CASE_ROLES, Role, User
from needsfirst.web.accounts.signals import AccountEvent, account_event_send

View = Callable[..., HttpResponse]


def roles_required(roles: Collection[str]) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if getattr(request.user, "role", None) not in roles:
                account_event_send(
                    actor=Actor.from_request(request),
                    event=AccountEvent.ACCESS_DENIED,
                    detail={"view": view.__name__},
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


case_roles_required = roles_required(CASE_ROLES)
audit_roles_required = roles_required(AUDIT_ROLES)
statistics_roles_required = roles_required({Role.ANALYST, Role.SUPERVISOR})


def current_user(request: HttpRequest) -> User:
    """The signed-in staff user of a request that passed `roles_required`."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
