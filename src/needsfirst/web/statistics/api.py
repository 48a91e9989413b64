"""REST API v1: the dashboard's aggregates for analysts' systems (counts only, the same
suppression as the page), and releases for partners (`/api/v1/releases/`: create a k-anonymous
CTDC file or DP counts of the organisation's consented cases, list, download) under the same
rules as the release page. A refused call is audited like a refused page."""

from __future__ import annotations

from typing import Any, NoReturn

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from needsfirst.errors import InputError
from needsfirst.release.defaults import DEFAULT_K, DEFAULT_MAX_SUPPRESSION
from needsfirst.release.hierarchies import ReleaseErrorCode
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.accounts.permissions import current_user
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.statistics.counts import Counts, counts, organisation_counts
from needsfirst.web.statistics.models import PartnerRelease, ReleaseKind
from needsfirst.web.statistics.release_services import (
    DIMENSIONS,
    RELEASE_ROLES,
    release_create,
    release_downloaded,
    release_error_message,
    releases_of,
)
from needsfirst.web.statistics.selectors import counted_total, dashboard_charts, min_cell

STATISTICS_ROLES = frozenset({Role.ANALYST, Role.SUPERVISOR})


class IsVerifiedAnalyst(BasePermission):
    """Signed in with two factors, as an analyst or a supervisor."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and user.is_verified()
            and getattr(user, "role", None) in STATISTICS_ROLES
        )


class CellSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField(help_text="the category in the reader's language")
    count = serializers.IntegerField(allow_null=True, help_text="null: not shown (small)")


class ChartSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField()
    total = serializers.IntegerField(allow_null=True)
    cells = CellSerializer(many=True)


class StatisticsSerializer(serializers.Serializer):
    threshold = serializers.IntegerField(help_text="counts under this are not shown")
    counted = serializers.IntegerField(allow_null=True)
    charts = ChartSerializer(many=True)


class StatisticsView(APIView):
    """Counts of the cases whose consent allows statistical use, by chart."""

    permission_classes = [IsVerifiedAnalyst]

    def permission_denied(
        self, request: Request, message: str | None = None, code: str | None = None
    ) -> NoReturn:
        if request.user.is_authenticated:
            audit_record(
                actor=Actor.from_request(request._request),
                action=AuditAction.ACCESS_DENIED,
                object_type="statistics",
                detail={"api": type(self).__name__},
            )
        super().permission_denied(request, message=message, code=code)

    @extend_schema(responses={200: StatisticsSerializer})
    def get(self, request: Request) -> Response:
        # An analyst's own account reads every organisation's aggregates, as on the dashboard;
        # a token acts for the organisation that made it, as its releases do (an administrator
        # who mints an analyst's token must not gain the view across organisations).
        source: Counts = counts
        if request.auth is not None:
            source = organisation_counts(current_user(request._request).organisation_id)
        charts = dashboard_charts(source)
        audit_record(
            actor=Actor.from_request(request._request),
            action=AuditAction.EXPORT,
            object_type="statistics",
            object_id="api",
            detail={"api": True, "aggregate": True, "one_organisation": source is not counts},
        )
        data = {
            "threshold": min_cell(),
            "counted": counted_total(charts, source),
            "charts": [
                {
                    "key": c.key,
                    "title": c.title,
                    "unit": c.unit,
                    "total": c.total,
                    "cells": [{"key": x.key, "name": x.label, "count": x.count} for x in c.cells],
                }
                for c in charts
            ],
        }
        return Response(StatisticsSerializer(data).data)


class IsVerifiedReleaser(BasePermission):
    """Signed in with two factors (or a token), in a role that may produce releases."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and user.is_verified()
            and getattr(user, "role", None) in RELEASE_ROLES
        )


class _AuditedRefusal(APIView):
    def permission_denied(
        self, request: Request, message: str | None = None, code: str | None = None
    ) -> NoReturn:
        if request.user.is_authenticated:
            audit_record(
                actor=Actor.from_request(request._request),
                action=AuditAction.ACCESS_DENIED,
                object_type="release",
                detail={"api": type(self).__name__},
            )
        super().permission_denied(request, message=message, code=code)


class ReleaseRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReleaseKind.choices)
    k = serializers.IntegerField(
        default=DEFAULT_K,
        min_value=2,
        max_value=1000,
        help_text="CTDC file: each released row is shared by at least k people",
    )
    max_suppression = serializers.FloatField(
        default=DEFAULT_MAX_SUPPRESSION,
        min_value=0,
        max_value=0.2,
        help_text="CTDC file: the share of rows that may be left out",
    )
    dimension = serializers.ChoiceField(
        choices=list(DIMENSIONS), required=False, help_text="DP counts: counted by"
    )
    epsilon = serializers.FloatField(
        required=False,
        min_value=0.01,
        max_value=10,
        help_text="DP counts: the privacy budget this release spends",
    )
    bound = serializers.IntegerField(
        default=1, min_value=1, max_value=10, help_text="DP counts: rows counted per person"
    )

    def validate_k(self, value: int) -> int:
        if value < min_cell():
            raise serializers.ValidationError(
                _("k must be at least %(n)s, the smallest count the dashboard shows.")
                % {"n": min_cell()},
                code="k_too_small",
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["kind"] == ReleaseKind.DP_COUNTS:
            missing = {
                name: [_("This field is required for counts with differential privacy.")]
                for name in ("dimension", "epsilon")
                if name not in attrs
            }
            if missing:
                raise serializers.ValidationError(missing, code="required")
        return attrs


class ReleaseSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=ReleaseKind.choices)
    statement = serializers.CharField(help_text="the privacy statement, in the reader's language")
    parameters = serializers.DictField(help_text="what was asked for")
    report = serializers.DictField(help_text="what was lost: levels reached, rows suppressed")
    epsilon_spent = serializers.FloatField(
        allow_null=True, help_text="DP counts: the epsilon recorded in the privacy ledger"
    )
    organisations_spent_on = serializers.IntegerField(
        help_text="how many organisations' privacy ledgers record this release"
    )
    created_at = serializers.DateTimeField()
    download = serializers.CharField(help_text="the address of the file (CSV)")


def _release_data(request: Request, release: PartnerRelease) -> dict[str, Any]:
    spends = [spend.epsilon for spend in release.privacy_spends.all()]
    return {
        "uuid": release.uuid,
        "kind": release.kind,
        "statement": release.statement,
        "parameters": release.parameters,
        "report": release.report,
        "epsilon_spent": spends[0] if spends else None,
        "organisations_spent_on": len(spends),
        "created_at": release.created_at,
        "download": request.build_absolute_uri(
            reverse("release-download", kwargs={"release_uuid": release.uuid})
        ),
    }


class ReleaseList(_AuditedRefusal):
    """Releases produced in your organisation (newest first); POST produces one."""

    permission_classes = [IsVerifiedReleaser]

    @extend_schema(responses={200: ReleaseSerializer(many=True)})
    def get(self, request: Request) -> Response:
        user = Actor.from_request(request._request).staff
        releases = releases_of(user).prefetch_related("privacy_spends")[:100]
        audit_record(
            actor=Actor.from_request(request._request),
            action=AuditAction.VIEW,
            object_type="release",
            detail={"api": True, "list": True},
        )
        return Response(
            ReleaseSerializer([_release_data(request, r) for r in releases], many=True).data
        )

    @extend_schema(
        request=ReleaseRequestSerializer,
        responses={201: ReleaseSerializer, 400: OpenApiTypes.OBJECT},
    )
    def post(self, request: Request) -> Response:
        serializer = ReleaseRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            release = release_create(
                actor=Actor.from_request(request._request), data=dict(serializer.validated_data)
            )
        except InputError as error:
            field = {
                ReleaseErrorCode.BUDGET_EXCEEDED: "epsilon",
                ReleaseErrorCode.CANNOT_MEET_K: "k",
                ReleaseErrorCode.TOO_FEW_ROWS: "k",
            }.get(error.code, "non_field_errors")  # type: ignore[call-overload]
            message = release_error_message(error)
            body: dict[str, Any] = {
                "code": "invalid",
                "detail": message,
                "errors": {field: [message]},
                "error_codes": {field: [str(error.code)]},
            }
            if error.params.get("generalise"):
                body["generalise"] = list(error.params["generalise"])
            if error.code == ReleaseErrorCode.BUDGET_EXCEEDED:
                body["privacy_budget"] = {
                    key: error.params[key]
                    for key in (
                        "budget_epsilon",
                        "period_days",
                        "spent_epsilon",
                        "remaining_epsilon",
                        "releases",
                    )
                }
            return Response(body, status=400)
        return Response(ReleaseSerializer(_release_data(request, release)).data, status=201)


class ReleaseDetail(_AuditedRefusal):
    """One release of your organisation: its statement and what was lost."""

    permission_classes = [IsVerifiedReleaser]

    @extend_schema(responses={200: ReleaseSerializer})
    def get(self, request: Request, release_uuid: str) -> Response:
        user = Actor.from_request(request._request).staff
        release = get_object_or_404(releases_of(user), uuid=release_uuid)
        audit_record(
            actor=Actor.from_request(request._request),
            action=AuditAction.VIEW,
            obj=release,
            detail={"api": True},
        )
        return Response(ReleaseSerializer(_release_data(request, release)).data)


class ReleaseDownload(_AuditedRefusal):
    """The release's file (CSV); audited as an export."""

    permission_classes = [IsVerifiedReleaser]

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request, release_uuid: str) -> HttpResponse:
        user = Actor.from_request(request._request).staff
        release = get_object_or_404(releases_of(user), uuid=release_uuid)
        content = release_downloaded(actor=Actor.from_request(request._request), release=release)
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="needsfirst-release-{release.kind}-{release.uuid}.csv"'
        )
        response["Cache-Control"] = "no-store"
        return response
