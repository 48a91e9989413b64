"""REST API v1: the dashboard's aggregates for analysts' systems (counts only, the same
suppression as the page). A refused call is audited like a refused page."""

from __future__ import annotations

from typing import Any, NoReturn

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
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
        charts = dashboard_charts()
        audit_record(
            actor=Actor.from_request(request._request),
            action=AuditAction.EXPORT,
            object_type="statistics",
            object_id="api",
            detail={"api": True, "aggregate": True},
        )
        data = {
            "threshold": min_cell(),
            "counted": counted_total(charts),
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
