"""REST API v1. It mirrors the case pages and calls the same services and selectors."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.permissions import current_user
from needsfirst.web.api.resources import UPDATED_SINCE, Cursor, filtered_by_choice, updated_since
from needsfirst.web.api.serializers import (
    CaseSerializer,
    CaseUpdateSerializer,
    PersonSerializer,
    SearchSerializer,
)
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.refusals import AuditsRefusals
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases import selectors, services
from needsfirst.web.cases.models import Case, CaseStatus


class CaseCursor(Cursor):
    # Newest case first; the id breaks ties between cases opened in the same instant.
    ordering = ("-opened_at", "-id")


class CaseViewSet(
    AuditsRefusals, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = CaseSerializer
    audit_type = "case"
    pagination_class = CaseCursor
    lookup_field = "uuid"
    lookup_url_kwarg = "case_id"
    lookup_value_regex = "[0-9a-f-]{36}"

    def refusal_detail(self, request: Request) -> dict[str, Any]:
        return {"api": self.action or (request.method or "").lower()}

    def get_queryset(self):
        cases = selectors.cases_visible_to(current_user(self.request))
        # The API returns whole records, so it serves only the organisation that holds them.
        cases = cases.filter(organisation=current_user(self.request).organisation)
        if self.action == "list":
            cases = updated_since(self.request, cases)
            cases = filtered_by_choice(self.request, cases, "status", CaseStatus.values)
        return cases.order_by("-opened_at", "-id")

    @extend_schema(
        parameters=[
            UPDATED_SINCE,
            OpenApiParameter("status", str, enum=CaseStatus.values),
        ]
    )
    def list(self, request: Request, *args: object, **kwargs: object) -> Response:
        response = super().list(request, *args, **kwargs)
        audit_record(
            actor=Actor.from_request(request),
            action=AuditAction.VIEW,
            object_type="case",
            detail={"api": "list", "count": len(response.data.get("results", []))},
        )
        return response

    def retrieve(self, request: Request, *args: object, **kwargs: object) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        audit_record(
            actor=Actor.from_request(request),
            action=AuditAction.VIEW,
            object_type="case",
            object_id=str(kwargs.get("case_id")),
            detail={"api": "retrieve"},
        )
        return response

    @extend_schema(request=PersonSerializer, responses={201: CaseSerializer})
    def create(self, request: Request) -> Response:
        serializer = PersonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case = services.case_intake(
            actor=Actor.from_request(request),
            person_data=dict(serializer.validated_data),
        )
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseUpdateSerializer, responses={200: CaseSerializer})
    def partial_update(self, request: Request, case_id: str) -> Response:
        serializer = CaseUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case: Case = self.get_object()
        data = {"status": serializer.validated_data["status"]}
        if "closure_reason" in serializer.validated_data:
            data["closure_reason"] = serializer.validated_data["closure_reason"]
        case = services.case_update(
            actor=Actor.from_request(request),
            case=case,
            data=data,
            expected_version=serializer.validated_data["version"],
        )
        return Response(CaseSerializer(case).data)

    @extend_schema(request=SearchSerializer, responses={200: CaseSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def search(self, request: Request) -> Response:
        serializer = SearchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        people = selectors.people_search(current_user(request), serializer.validated_data["name"])
        cases = self.get_queryset().filter(person__in=people)
        # Paginated like the list (docs/openapi.yaml): a common name must not return every case.
        page = self.paginate_queryset(cases)
        audit_record(
            actor=Actor.from_request(request),
            action=AuditAction.SEARCH,
            object_type="person",
            detail={"api": True, "results": len(people)},
        )
        return self.get_paginated_response(CaseSerializer(page, many=True).data)

    def get_object(self):
        try:
            return super().get_object()
        except (ValueError, Case.DoesNotExist) as error:
            raise Http404 from error
