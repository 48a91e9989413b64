"""API errors: a JSON body that names the field of every problem; never a traceback."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from needsfirst.errors import InputError
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.services import audit_not_found
from needsfirst.web.cases.services import ConcurrentEditError
from needsfirst.web.common.errors import as_validation_error

logger = logging.getLogger(__name__)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, InputError):
        exc = as_validation_error(exc)
    if isinstance(exc, DjangoValidationError):
        return Response({"errors": as_serializer_error(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ConcurrentEditError):
        return Response(
            {"errors": {"version": ["The record was changed by someone else; reload it."]}},
            status=status.HTTP_409_CONFLICT,
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
    if response is not None and response.status_code == 400:
        response.data = {"errors": response.data}
    return response
