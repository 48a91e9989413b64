"""API errors: one JSON shape for every refusal, never a traceback.

    {"code": "invalid", "detail": "…", "errors": {"field": ["message"]},
     "error_codes": {"field": ["code"]}}

`code` names the kind of refusal (see docs/api.md: invalid, not_authenticated, invalid_token,
token_scope, permission_denied, not_found, method_not_allowed, conflict, throttled, and the
duplicate review's refusals: other_organisation, erased, already_merged, decided, same_person,
already_undone, changed, person_required, …);
`detail` says it in words; a 400 adds `errors` (the message for each field, in the reader's
language) and `error_codes` (a stable code for each, the core's `InputError` code where the
core refused).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from needsfirst.errors import InputError
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.services import audit_not_found
from needsfirst.web.cases.services import ConcurrentEditError
from needsfirst.web.common.errors import as_validation_error
from needsfirst.web.dedup.services import MergeRefused
from needsfirst.web.dedup.texts import refusal_text
from needsfirst.web.screening.services import ConcurrentEditError as ScreeningConflict

logger = logging.getLogger(__name__)

INVALID_DETAIL = gettext_lazy("The request has invalid fields: see errors.")
CONFLICT_DETAIL = gettext_lazy("The record was changed by someone else; reload it.")


def _codes(errors: Any) -> Any:
    """Field -> codes, from DRF's ErrorDetail values (nested like the messages)."""
    if isinstance(errors, dict):
        return {field: _codes(value) for field, value in errors.items()}
    if isinstance(errors, list):
        return [_codes(value) for value in errors]
    return getattr(errors, "code", None) or "invalid"


def _invalid(errors: Any, codes: Any) -> dict[str, Any]:
    return {
        "code": "invalid",
        "detail": str(INVALID_DETAIL),
        "errors": errors,
        "error_codes": codes,
    }


def _django_codes(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            field: [error.code or "invalid" for error in errors]
            for field, errors in exc.error_dict.items()
        }
    return {"non_field_errors": [error.code or "invalid" for error in exc.error_list]}


def _whole_input_key(errors: Any, codes: Any) -> tuple[Any, Any]:
    """A service's refusal of the whole input (Django's `__all__`) under DRF's own key, so
    that one key names it whichever layer refused."""
    for found in (errors, codes):
        if isinstance(found, dict) and NON_FIELD_ERRORS in found:
            found.setdefault("non_field_errors", [])
            found["non_field_errors"] = [*found["non_field_errors"], *found.pop(NON_FIELD_ERRORS)]
    return errors, codes


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, InputError):
        exc = as_validation_error(exc)
    if isinstance(exc, DjangoValidationError):
        return Response(
            _invalid(*_whole_input_key(as_serializer_error(exc), _django_codes(exc))),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, (ConcurrentEditError, ScreeningConflict)):
        return Response(
            {
                "code": "conflict",
                "detail": str(CONFLICT_DETAIL),
                "errors": {"version": [str(CONFLICT_DETAIL)]},
                "error_codes": {"version": ["conflict"]},
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, MergeRefused):
        # The duplicate review's refusals (already decided, changed since read, another
        # organisation's person, …): the reason in words, as on the page, its code stable.
        return Response(
            {"code": exc.code, "detail": refusal_text(exc.code)}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, (Http404, NotFound)) and context.get("request") is not None:
        # Another organisation's id, or a guessed one: refused, and on the record like a page.
        view = context.get("view")
        audit_not_found(
            actor=Actor.from_request(context["request"]),
            where=f"api:{getattr(view, 'basename', '')}-{getattr(view, 'action', '')}",
            url_kwargs=context.get("kwargs") or {},
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if response.status_code == 400:
        data = response.data
        if isinstance(data, dict) and "errors" in data and "code" in data:
            return response  # already in the shape (a view that answered it itself)
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = _invalid(errors, _codes(errors))
        return response
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    code = getattr(detail, "code", None)
    if code is None and isinstance(exc, APIException):
        code = exc.default_code
    response.data = {"code": code or "error", "detail": str(detail)}
    return response
