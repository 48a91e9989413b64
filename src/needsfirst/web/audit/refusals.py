"""A refused API call is audited like a refused page: one mixin for every API view."""

from __future__ import annotations

from typing import Any, NoReturn

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record


# Mixed in before a DRF view: a signed-in caller refused by a permission leaves an ACCESS_DENIED
# entry naming the view's `audit_type` and, in the detail, the view and method. (A comment, not
# a docstring: drf-spectacular would take a docstring as the description of the views that have
# none of their own.)
class AuditsRefusals:
    audit_type = ""

    def refusal_detail(self, request: Any) -> dict[str, Any]:
        return {"api": type(self).__name__, "method": request.method}

    def permission_denied(
        self, request: Any, message: str | None = None, code: str | None = None
    ) -> NoReturn:
        if request.user.is_authenticated:
            audit_record(
                actor=Actor.from_request(request),
                action=AuditAction.ACCESS_DENIED,
                object_type=self.audit_type,
                detail=self.refusal_detail(request),
            )
        super().permission_denied(request, message=message, code=code)  # type: ignore[misc]
        raise AssertionError("DRF's permission_denied raises")  # never reached
