"""REST API v1 of the inspectorate: workplaces (ranked), visits, findings, sanctions and
back-pay orders with their payments. Labour inspectors only, for their own organisation's
records (another organisation's id answers 404, audited by the API's error handler); the same
services and selectors as the pages, so the same checks and audit entries; errors answer 400
naming the field. Authentication is the API's default (`REST_FRAMEWORK`); the permission adds
the role."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from needsfirst.i18n import render
from needsfirst.inspection.household import ilo_indicators
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.audit.actor_record import audit_actor
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.refusals import AuditsRefusals
from needsfirst.web.common.validators import country_choices
from needsfirst.web.inspection import selectors, services
from needsfirst.web.inspection.errors import InspectionError
from needsfirst.web.inspection.forms import ISIC
from needsfirst.web.inspection.models import (
    Finding,
    JointPartner,
    Sanction,
    Visit,
    Workplace,
)


class IsVerifiedInspector(BasePermission):
    """Signed in with two factors, as a labour inspector."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and user.is_verified()
            and getattr(user, "role", None) == Role.LABOUR_INSPECTOR
        )


class _InspectionAPIView(AuditsRefusals, APIView):
    """Inspectors only; a refused call is audited like a refused page; a refused write answers
    400 naming the field."""

    permission_classes = [IsVerifiedInspector]

    def actor(self, request: Request) -> Actor:
        return Actor.from_request(request._request)


def _refused(error: InspectionError) -> ValidationError:
    return ValidationError({error.field: [str(error.message)]})


# Workplaces ---------------------------------------------------------------------------------


class ReasonSerializer(serializers.Serializer):
    feature = serializers.CharField()
    points = serializers.IntegerField()
    reason = serializers.CharField()
    legal_basis = serializers.CharField()


class RankedWorkplaceSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    id = serializers.UUIDField()
    name = serializers.CharField()
    area = serializers.CharField()
    isic = serializers.CharField()
    points = serializers.IntegerField()
    alert = serializers.BooleanField()
    reasons = ReasonSerializer(many=True)


class WorkplaceSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    employer_registry = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=120
    )
    registry_recruiters = serializers.ListField(
        child=serializers.CharField(max_length=120), write_only=True, required=False, max_length=20
    )
    recruiters = serializers.ListField(child=serializers.DictField(), required=False, max_length=20)
    jurisdiction = serializers.ChoiceField(choices=[])
    migrant_share = serializers.IntegerField(min_value=0, max_value=100, default=0)

    class Meta:
        model = Workplace
        fields = [
            "id",
            "name",
            "jurisdiction",
            "area",
            "address",
            "isic",
            "employer",
            "employer_registry",
            "employer_entry",
            "size",
            "migrant_share",
            "recruiters",
            "registry_recruiters",
            "recruiter_entries",
            "is_household",
            "complaints",
        ]
        read_only_fields = ["employer_entry", "recruiter_entries"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        jurisdiction: Any = self.fields["jurisdiction"]
        jurisdiction.choices = country_choices()

    def validate_isic(self, value: str) -> str:
        value = value.strip().upper()
        if not value or not ISIC.match(value):
            raise ValidationError(
                gettext("Give an ISIC section letter and/or a two-digit division.")
            )
        return value

    def validate_recruiters(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for item in value:
            name = str(item.get("name", "")).strip()[:200]
            licensed = item.get("licensed")
            if not name or licensed not in (True, False, None):
                raise ValidationError(
                    gettext("Each recruiter has a name and licensed true, false or null.")
                )
            out.append({"name": name, "licensed": licensed})
        return out


def _ranked_row(item: Any, workplace: Workplace) -> dict[str, Any]:
    return {
        "rank": item.rank,
        "id": workplace.uuid,
        "name": workplace.name,
        "area": workplace.area,
        "isic": workplace.isic,
        "points": item.score.points,
        "alert": item.score.alert,
        "reasons": [
            {
                "feature": part.feature,
                "points": part.points,
                "reason": render(part.reason, gettext),
                "legal_basis": part.source.cite(),
            }
            for part in item.score.contributions
        ],
    }


class WorkplaceList(_InspectionAPIView):
    """The inspectorate's workplaces ranked by the targeting score, with the reasons; POST
    records a workplace (employer and recruiters as registry entries when they are listed)."""

    audit_type = "workplace_list"

    @extend_schema(responses={200: RankedWorkplaceSerializer(many=True)})
    def get(self, request: Request) -> Response:
        actor = self.actor(request)
        ranked = selectors.ranked_workplaces(actor, on=timezone.localdate())
        audit_actor(
            actor=actor, action=AuditAction.VIEW, object_type="workplace_list", detail={"api": True}
        )
        rows = [_ranked_row(*pair) for pair in ranked]
        return Response(RankedWorkplaceSerializer(rows, many=True).data)

    @extend_schema(
        request=WorkplaceSerializer,
        responses={201: WorkplaceSerializer},
        operation_id="inspection_workplaces_create",
    )
    def post(self, request: Request) -> Response:
        serializer = WorkplaceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            workplace = services.workplace_register(
                actor=self.actor(request), data=dict(serializer.validated_data)
            )
        except InspectionError as error:
            raise _refused(error) from error
        return Response(WorkplaceSerializer(workplace).data, status=status.HTTP_201_CREATED)


class WorkplaceDetail(_InspectionAPIView):
    audit_type = "workplace"

    @extend_schema(responses={200: WorkplaceSerializer})
    def get(self, request: Request, workplace_id: str) -> Response:
        actor = self.actor(request)
        workplace = selectors.workplace_get(actor, workplace_id)
        audit_actor(actor=actor, action=AuditAction.VIEW, obj=workplace, detail={"api": True})
        return Response(WorkplaceSerializer(workplace).data)


# Visits, findings, sanctions -----------------------------------------------------------------


class FindingSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    indicators = serializers.ListField(
        child=serializers.ChoiceField(choices=[]), required=False, max_length=11
    )

    class Meta:
        model = Finding
        fields = ["id", "scope", "worker_label", "indicators", "none_found", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicators: Any = self.fields["indicators"]
        indicators.child.choices = list(ilo_indicators())


class SanctionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    visit = serializers.UUIDField(source="visit.uuid", read_only=True)
    settled = serializers.BooleanField(read_only=True)
    outstanding = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )

    class Meta:
        model = Sanction
        fields = [
            "id",
            "visit",
            "kind",
            "amount",
            "currency",
            "workers",
            "due_on",
            "paid",
            "paid_on",
            "settled",
            "outstanding",
        ]
        read_only_fields = ["paid", "paid_on"]


class VisitSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    workplace = serializers.UUIDField(source="workplace.uuid", read_only=True)
    status = serializers.CharField(read_only=True, help_text="planned or done")
    joint_with = serializers.ListField(
        child=serializers.ChoiceField(choices=JointPartner.choices), required=False
    )
    entry_bases = serializers.ListField(
        child=serializers.ChoiceField(choices=["consent", "warrant"]), required=False
    )
    findings = FindingSerializer(many=True, read_only=True)
    sanctions = SanctionSerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "workplace",
            "planned_on",
            "done_on",
            "status",
            "joint_with",
            "entry_bases",
            "findings",
            "sanctions",
        ]
        read_only_fields = ["done_on", "status"]


class VisitDoneSerializer(serializers.Serializer):
    done_on = serializers.DateField()


class PaymentSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    paid_on = serializers.DateField()


class VisitList(_InspectionAPIView):
    """A workplace's visits; POST plans one (a household only on a basis its law accepts)."""

    audit_type = "visit"

    @extend_schema(responses={200: VisitSerializer(many=True)}, operation_id="inspection_visits")
    def get(self, request: Request, workplace_id: str) -> Response:
        actor = self.actor(request)
        workplace = selectors.workplace_get(actor, workplace_id)
        audit_actor(actor=actor, action=AuditAction.VIEW, obj=workplace, detail={"api": "visits"})
        visits = workplace.visits.prefetch_related("findings", "sanctions")
        return Response(VisitSerializer(visits, many=True).data)

    @extend_schema(
        request=VisitSerializer,
        responses={201: VisitSerializer},
        operation_id="inspection_visits_create",
    )
    def post(self, request: Request, workplace_id: str) -> Response:
        actor = self.actor(request)
        workplace = selectors.workplace_get(actor, workplace_id)
        serializer = VisitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            visit = services.visit_plan(
                actor=actor,
                workplace=workplace,
                planned_on=data["planned_on"],
                joint_with=data.get("joint_with", []),
                entry_bases=data.get("entry_bases", []),
            )
        except InspectionError as error:
            raise _refused(error) from error
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)


class VisitDetail(_InspectionAPIView):
    """A visit with its findings and sanctions; PATCH records it as done."""

    audit_type = "visit"

    @extend_schema(responses={200: VisitSerializer})
    def get(self, request: Request, visit_id: str) -> Response:
        actor = self.actor(request)
        visit = selectors.visit_get(actor, visit_id)
        audit_actor(actor=actor, action=AuditAction.VIEW, obj=visit, detail={"api": True})
        return Response(VisitSerializer(visit).data)

    @extend_schema(request=VisitDoneSerializer, responses={200: VisitSerializer})
    def patch(self, request: Request, visit_id: str) -> Response:
        actor = self.actor(request)
        visit = selectors.visit_get(actor, visit_id)
        serializer = VisitDoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            visit = services.visit_done(
                actor=actor, visit=visit, done_on=serializer.validated_data["done_on"]
            )
        except InspectionError as error:
            raise _refused(error) from error
        return Response(VisitSerializer(visit).data)


class FindingList(_InspectionAPIView):
    """A visit's findings; POST adds one (contradictions refused naming the field)."""

    audit_type = "finding"

    @extend_schema(
        responses={200: FindingSerializer(many=True)}, operation_id="inspection_findings"
    )
    def get(self, request: Request, visit_id: str) -> Response:
        actor = self.actor(request)
        visit = selectors.visit_get(actor, visit_id)
        audit_actor(actor=actor, action=AuditAction.VIEW, obj=visit, detail={"api": "findings"})
        return Response(FindingSerializer(visit.findings.all(), many=True).data)

    @extend_schema(
        request=FindingSerializer,
        responses={201: FindingSerializer},
        operation_id="inspection_findings_create",
    )
    def post(self, request: Request, visit_id: str) -> Response:
        actor = self.actor(request)
        visit = selectors.visit_get(actor, visit_id)
        serializer = FindingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            finding = services.finding_add(actor=actor, visit=visit, **serializer.validated_data)
        except InspectionError as error:
            raise _refused(error) from error
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)


class OutstandingSanctionList(_InspectionAPIView):
    """The fines and back-pay orders not paid in full, the most overdue first: the follow-up
    list until each is paid."""

    audit_type = "sanction"

    @extend_schema(
        responses={200: SanctionSerializer(many=True)}, operation_id="inspection_sanctions_due"
    )
    def get(self, request: Request) -> Response:
        actor = self.actor(request)
        found = selectors.sanctions_outstanding(actor, on=timezone.localdate())
        audit_actor(
            actor=actor,
            action=AuditAction.VIEW,
            object_type="sanction_list",
            detail={"api": True, "count": len(found)},
        )
        return Response(SanctionSerializer(found, many=True).data)


class SanctionList(_InspectionAPIView):
    """A visit's sanctions; POST imposes one (a fine or a back-pay order with its amount,
    currency and due day)."""

    audit_type = "sanction"

    @extend_schema(
        responses={200: SanctionSerializer(many=True)}, operation_id="inspection_sanctions"
    )
    def get(self, request: Request, visit_id: str) -> Response:
        actor = self.actor(request)
        visit = selectors.visit_get(actor, visit_id)
        audit_actor(actor=actor, action=AuditAction.VIEW, obj=visit, detail={"api": "sanctions"})
        return Response(SanctionSerializer(visit.sanctions.all(), many=True).data)

    @extend_schema(
        request=SanctionSerializer,
        responses={201: SanctionSerializer},
        operation_id="inspection_sanctions_create",
    )
    def post(self, request: Request, visit_id: str) -> Response:
        actor = self.actor(request)
        visit = selectors.visit_get(actor, visit_id)
        serializer = SanctionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            sanction = services.sanction_impose(
                actor=actor, visit=visit, **serializer.validated_data
            )
        except InspectionError as error:
            raise _refused(error) from error
        return Response(SanctionSerializer(sanction).data, status=status.HTTP_201_CREATED)


class SanctionPayment(_InspectionAPIView):
    """Record a payment towards a fine or a back-pay order, until it is paid in full."""

    audit_type = "sanction"

    @extend_schema(request=PaymentSerializer, responses={200: SanctionSerializer})
    def post(self, request: Request, sanction_id: str) -> Response:
        actor = self.actor(request)
        sanction = selectors.sanction_get(actor, sanction_id)
        serializer = PaymentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            sanction = services.sanction_payment(
                actor=actor, sanction=sanction, **serializer.validated_data
            )
        except InspectionError as error:
            raise _refused(error) from error
        return Response(SanctionSerializer(sanction).data)
