"""REST API v1: a case's claims taken to a forum (deadline, follow-up). The same services and
selectors as the pages; errors name the field. (The inspectorate's API is
`needsfirst.web.inspection.api`.)"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from needsfirst.wages.remedies import RemedyInputError, remedy_facts_from_mapping
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.permissions import current_user
from needsfirst.web.audit.actor_record import audit_actor
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.refusals import AuditsRefusals
from needsfirst.web.claims import selectors as claims
from needsfirst.web.claims import services as claim_services
from needsfirst.web.claims.models import ClaimMatter, MatterOutcome, MatterStage
from needsfirst.web.common.errors import input_error_message


class RemedyFactsSerializer(serializers.Serializer):
    jurisdiction = serializers.CharField(max_length=2)
    forum = serializers.CharField(max_length=60)
    first_unpaid = serializers.DateField()
    last_unpaid = serializers.DateField()
    employment_ended = serializers.DateField(required=False, allow_null=True)
    conciliation_started = serializers.DateField(required=False, allow_null=True)
    conciliation_ended = serializers.DateField(required=False, allow_null=True)
    immigration_status = serializers.ChoiceField(
        choices=["regular", "irregular", "unknown"], default="unknown"
    )
    willful = serializers.BooleanField(default=False)


class ClaimMatterSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = ClaimMatter
        fields = [
            "id",
            "jurisdiction",
            "forum",
            "deadline",
            "last_deadline",
            "stage",
            "filed_on",
            "hearing_on",
            "decided_on",
            "outcome",
            "currency",
            "awarded",
            "recovered",
        ]
        read_only_fields = fields


class FollowUpSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=MatterStage.values)
    filed_on = serializers.DateField(required=False, allow_null=True)
    hearing_on = serializers.DateField(required=False, allow_null=True)
    decided_on = serializers.DateField(required=False, allow_null=True)
    outcome = serializers.ChoiceField(choices=["", *MatterOutcome.values], default="")
    currency = serializers.CharField(max_length=3, default="", allow_blank=True)
    awarded = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )
    recovered = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )


class AuditedAPIView(AuditsRefusals, APIView):
    """A refused call is audited like a refused page."""


def _owned_case(request: Request, case_id: str) -> Any:
    case, access = claims.claim_case_get_for(current_user(request), case_id)
    if not access.owner:
        raise Http404
    return case


class ClaimMatterList(AuditedAPIView):
    """A case's claims taken to a forum; POST takes the claim to a forum with its dates."""

    audit_type = "claimmatter"

    @extend_schema(
        responses={200: ClaimMatterSerializer(many=True)}, operation_id="claim_matters_list"
    )
    def get(self, request: Request, case_id: str) -> Response:
        case = _owned_case(request, case_id)
        matters = list(claims.claim_matters_of(case))
        audit_actor(
            actor=Actor.from_request(request._request),
            action=AuditAction.VIEW,
            obj=case,
            detail={"api": "claim_matters"},
        )
        return Response(ClaimMatterSerializer(matters, many=True).data)

    @extend_schema(
        request=RemedyFactsSerializer,
        responses={201: ClaimMatterSerializer},
        operation_id="claim_matters_create",
    )
    def post(self, request: Request, case_id: str) -> Response:
        return _claim_matter_open(request, _owned_case(request, case_id))


def _claim_matter_open(request: Request, case: Any) -> Response:
    """Take the claim to a forum; errors name the field."""
    actor = Actor.from_request(request._request)
    serializer = RemedyFactsSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    forum = data.pop("forum")
    events = {
        key: data.pop(key).isoformat()
        for key in ("conciliation_started", "conciliation_ended")
        if data.get(key)
    }
    data.pop("conciliation_started", None)
    data.pop("conciliation_ended", None)
    raw = {
        **{
            key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in data.items()
        },
        "events": events,
    }
    try:
        facts = remedy_facts_from_mapping(raw)
        matter = claim_services.claim_matter_open(
            actor=actor,
            case=case,
            facts=facts,
            forum=forum,
            wage_claim=claims.wage_claim_latest(case),
        )
    except RemedyInputError as error:
        raise ValidationError({error.field: [input_error_message(error)]}) from error
    except claim_services.MatterError as error:
        raise ValidationError({error.field: [str(error.message)]}) from error
    return Response(ClaimMatterSerializer(matter).data, status=status.HTTP_201_CREATED)


class ClaimMatterDetail(AuditedAPIView):
    """Record where the matter stands: filed, hearing, decided, paid in full."""

    audit_type = "claimmatter"

    @extend_schema(request=FollowUpSerializer, responses={200: ClaimMatterSerializer})
    def patch(self, request: Request, case_id: str, matter_id: str) -> Response:
        return _follow_up(request, _owned_case(request, case_id), matter_id)


def _follow_up(request: Request, case: Any, matter_id: str) -> Response:
    matter = claims.claim_matter_get(case, matter_id)
    serializer = FollowUpSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        matter = claim_services.claim_matter_follow_up(
            actor=Actor.from_request(request._request), matter=matter, **serializer.validated_data
        )
    except claim_services.MatterError as error:
        raise ValidationError({error.field: [str(error.message)]}) from error
    return Response(ClaimMatterSerializer(matter).data)
