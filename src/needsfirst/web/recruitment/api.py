"""The API of the recruitment area: the offer check and the registry look-up, for staff signed in
with two factors in any role (a pre-departure counsellor, a labour inspector, a caseworker)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from needsfirst.recruitment import OfferInputError, check_offer, offer_from_mapping
from needsfirst.recruitment.render import check_to_data
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.common.errors import input_error_message
from needsfirst.web.recruitment import selectors


class IsVerifiedUser(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_verified())


class _Audited(APIView):
    permission_classes = [IsVerifiedUser]

    def permission_denied(
        self, request: Request, message: str | None = None, code: str | None = None
    ) -> Any:
        if request.user.is_authenticated:
            audit_record(
                actor=Actor.from_request(request),
                action=AuditAction.ACCESS_DENIED,
                detail={"api": type(self).__name__},
            )
        super().permission_denied(request, message=message, code=code)


class OfferCheckView(_Audited):
    @extend_schema(
        request={"application/json": {"type": "object"}},
        responses={200: {"type": "object"}, 400: {"type": "object"}},
        description="Check an offer's terms (the JSON of `needsfirst offer`); nothing is stored.",
    )
    def post(self, request: Request) -> Response:
        try:
            offer = offer_from_mapping(request.data, on=timezone.localdate())
        except OfferInputError as error:
            return Response(
                {"errors": {error.field: [input_error_message(error)]}, "code": error.code.value},
                status=status.HTTP_400_BAD_REQUEST,
            )
        registry = selectors.recruiter_status_for_offer(
            name=offer.recruiter, licence=offer.recruiter_licence, on=offer.on
        )
        return Response(check_to_data(check_offer(offer, registry=registry)))


class RecruiterLookupView(_Audited):
    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True)],
        responses={200: {"type": "object"}, 400: {"type": "object"}},
        description="Recruiters by licence number or name, with their status today.",
    )
    def get(self, request: Request) -> Response:
        query = str(request.query_params.get("q", "")).strip()
        if not query:
            return Response(
                {
                    "code": "invalid",
                    "detail": "The request has invalid fields: see errors.",
                    "errors": {"q": ["A name or licence number is required."]},
                    "error_codes": {"q": ["required"]},
                },
                status=400,
            )
        today = timezone.localdate()
        results = selectors.recruiter_lookup(query=query, on=today)
        return Response(
            {
                "as_of": today.isoformat(),
                "results": [
                    {
                        "uuid": str(item.recruiter.uuid),
                        "name": item.recruiter.name,
                        "kind": item.recruiter.kind,
                        "transliterations": item.recruiter.transliterations,
                        "status": item.status.value,
                        "score": round(item.score, 3),
                        "licences": [
                            {
                                "number": entry.licence.number,
                                "authority": entry.licence.authority,
                                "listed_status": entry.licence.status,
                                "status_today": entry.status.value,
                                "valid_from": entry.licence.valid_from,
                                "valid_until": entry.licence.valid_until,
                                "source": entry.licence.source_title,
                            }
                            for entry in item.licences
                        ],
                        "counts": item.event_counts,
                    }
                    for item in results
                ],
            }
        )
