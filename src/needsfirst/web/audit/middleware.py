"""Every "not found" answered to a signed-in user by a page leaves an audit entry.

Objects of other organisations answer 404 so their existence is not revealed; an insider
guessing ids must still show on the audit trail (docs/security.md, "The audit trail").
The API does the same in `api.errors.exception_handler`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.services import audit_not_found


class AuditNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, Http404):
            match = request.resolver_match
            audit_not_found(
                actor=Actor.from_request(request),
                where=match.view_name if match else "",
                url_kwargs=match.kwargs if match else {},
            )
