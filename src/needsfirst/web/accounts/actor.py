"""Who acts: the one argument every service and audited write takes instead of a request.

A view builds the actor once from its request (`Actor.from_request`); a command, a job or a test
builds it from a user (`Actor.for_user`) or as the system (`Actor.system`), so the services run
the same way without a fake request. The organisation and the role are read once, when the actor
is built: what the audit records is who acted at that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from needsfirst.web.accounts.models import User

USER_AGENT_LENGTH = 200  # the audit's column


@dataclass(frozen=True)
class Actor:
    user: User | None
    organisation_id: int | None = None
    role: str = ""
    address: str | None = None
    user_agent: str = ""
    # For an actor without a user: what acted ("system", a command or job name).
    name: str = ""

    @classmethod
    def for_user(cls, user: User, *, address: str | None = None, user_agent: str = "") -> Actor:
        """A staff member acting (from a page, the API, a command or a test)."""
        return cls(
            user=user,
            organisation_id=user.organisation_id,
            role=user.role,
            address=address or None,
            user_agent=user_agent[:USER_AGENT_LENGTH],
        )

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        """No person: a scheduled job, a management command, a migration."""
        return cls(user=None, name=name)

    @classmethod
    def from_request(cls, request: Any) -> Actor:
        """The signed-in user of a request (or nobody, before sign-in) and where it came from.

        REMOTE_ADDR only: a forwarded header is set by the client and proves nothing, unless a
        trusted proxy rewrites REMOTE_ADDR (see docs/operations.md).
        """
        meta = getattr(request, "META", {})
        address = meta.get("REMOTE_ADDR") or None
        user_agent = str(meta.get("HTTP_USER_AGENT", ""))
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.is_authenticated:
            return cls.for_user(user, address=address, user_agent=user_agent)
        return cls(user=None, address=address, user_agent=user_agent[:USER_AGENT_LENGTH])

    @property
    def staff(self) -> User:
        """The staff member acting; PermissionDenied when nobody is signed in."""
        if self.user is None:
            raise PermissionDenied
        return self.user

    @property
    def username(self) -> str:
        return self.user.username if self.user is not None else ""
