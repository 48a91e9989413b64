"""REST API v1: what the assistance overview shows and records apart from the needs and the plan —
the category for the entitlements, the recovery and reflection periods, the person's choice about
cooperating with the police.

Each write goes through the page's form and service, so the validation, the audit entry and the
needs-first rule are the page's: the reflection period is computed from the law of the
jurisdiction on its start date and never reads the cooperation; recording cooperation changes no
need, plan, entitlement or period. Bad input answers 400 with each message under its field and
nothing written.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from needsfirst.web.api.resources import Resource
from needsfirst.web.api.writes import _check, _form_errors, _raise, _text
from needsfirst.web.assistance import selectors as assistance
from needsfirst.web.assistance import services as assistance_services
from needsfirst.web.assistance.forms import CategoryForm, CooperationForm, ReflectionForm
from needsfirst.web.assistance.models import (
    CATEGORY_CHOICES,
    CATEGORY_LABELS,
    COOPERATION_CHOICES,
)

# --- the category for the entitlements --------------------------------------------------------


class CategorySerializer(serializers.Serializer):
    category = serializers.CharField(
        help_text="The category's key (`any_migrant`, `presumed_victim`, `identified_victim`)."
    )
    # The metaclass takes declared fields off the class: `label` is the category's label, not the
    # serializer's own.
    label = serializers.CharField()  # type: ignore[assignment]
    basis = serializers.CharField(
        help_text="`caseworker`, or `authority` when a decision of the competent authority is "
        "recorded: it overrides the caseworker's choice.",
    )
    assessment = serializers.UUIDField(
        allow_null=True, help_text="The needs assessment the choice belongs to, if any."
    )


class CategoryInput(serializers.Serializer):
    # Checked by the page's form (an unknown key is named under `category`); a plain string in
    # the schema, so that the claim fees' `CategoryEnum` keeps its name.
    category = serializers.CharField(
        max_length=40, help_text=f"One of: {', '.join(key for key, _label in CATEGORY_CHOICES)}."
    )


def _category(case: Any) -> dict[str, Any]:
    assessment = assistance.assessment_latest(case)
    choice = assistance.category_for(case, assessment)
    return {
        "category": choice.category.key,
        "label": str(CATEGORY_LABELS[choice.category]),
        "basis": str(choice.basis),
        "assessment": assessment.uuid if assessment is not None else None,
    }


class CaseCategory(Resource):
    serializer_class = CategorySerializer
    pagination_class = None
    audit_type = "needsassessment"

    @extend_schema(responses={200: CategorySerializer})
    def get(self, request: Request, case_id: Any) -> Response:
        """The category the entitlements are listed for, as the overview shows it."""
        case = assistance.case_held_by(self.user, case_id)
        self.audit_view(case=str(case.uuid), section="category")
        return Response(CategorySerializer(_category(case)).data)

    @extend_schema(request=CategoryInput, responses={200: CategorySerializer})
    def put(self, request: Request, case_id: Any) -> Response:
        """Choose the category, as the overview's form does. It changes no need and no action
        of the plan; it needs a needs assessment to belong to."""
        case = assistance.case_held_by(self.user, case_id)
        entries = _check(CategoryInput(data=request.data))
        assessment = assistance.assessment_latest(case)
        if assessment is None:
            raise ValidationError(
                {"non_field_errors": [_("Assess the needs first; the category belongs to one.")]},
                code="no_assessment",
            )
        form = CategoryForm({"category": entries["category"]})
        _raise(_form_errors(form))
        assistance_services.category_set(
            actor=self.actor, assessment=assessment, category=form.cleaned_data["category"]
        )
        return Response(CategorySerializer(_category(case)).data)


# --- the recovery and reflection periods ------------------------------------------------------


class ReflectionPeriodSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    jurisdiction = serializers.CharField()
    variant = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(help_text="The last day of the period.")
    open_ended = serializers.BooleanField()
    decision_on = serializers.DateField(allow_null=True)
    title = serializers.CharField()
    length = serializers.CharField()
    length_is = serializers.CharField()
    basis = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # the law's citation
    source_url = serializers.CharField()
    effective_from = serializers.DateField(help_text="The day the rule applied took effect.")
    notes = serializers.ListField(child=serializers.CharField())
    reminder_dates = serializers.ListField(child=serializers.DateField())
    conditional_on_cooperation = serializers.BooleanField(
        help_text="Always false: the period never depends on cooperation with the police."
    )
    created_at = serializers.DateTimeField()


class ReflectionPeriodInput(serializers.Serializer):
    jurisdiction = serializers.CharField(max_length=8)
    starts_on = serializers.DateField()
    variant = serializers.CharField(max_length=32, required=False, default="default")
    decision_on = serializers.DateField(required=False, allow_null=True)


class ReflectionPeriods(Resource):
    serializer_class = ReflectionPeriodSerializer
    pagination_class = None
    audit_type = "reflectionperiod"

    @extend_schema(responses={200: ReflectionPeriodSerializer(many=True)})
    def get(self, request: Request, case_id: Any) -> Response:
        case = assistance.case_held_by(self.user, case_id)
        periods = list(case.reflection_periods.all())
        self.audit_view(case=str(case.uuid), count=len(periods))
        return Response(ReflectionPeriodSerializer(periods, many=True).data)

    @extend_schema(request=ReflectionPeriodInput, responses={201: ReflectionPeriodSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        """Start a period, as the overview's form does: its length comes from the law of the
        jurisdiction on the start date, never from cooperation with the police."""
        case = assistance.case_held_by(self.user, case_id)
        entries = _check(ReflectionPeriodInput(data=request.data))
        form = ReflectionForm(
            {
                name: value.isoformat() if hasattr(value, "isoformat") else _text(value)
                for name, value in entries.items()
            }
        )
        _raise(_form_errors(form))
        # A rule the core refuses (no period in that jurisdiction, …) is a Django
        # ValidationError naming the field: the API's error handler answers it 400.
        period = assistance_services.reflection_period_start(
            actor=self.actor, case=case, **form.cleaned_data
        )
        return Response(ReflectionPeriodSerializer(period).data, status=status.HTTP_201_CREATED)


# --- cooperation with the police --------------------------------------------------------------


class CooperationSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    status = serializers.CharField()
    recorded_on = serializers.DateField()
    note = serializers.CharField()
    recorded_by = serializers.UUIDField(source="recorded_by.uuid")
    created_at = serializers.DateTimeField()


class CooperationInput(serializers.Serializer):
    # Checked by the page's form (an unknown value is named under `status`).
    status = serializers.CharField(
        max_length=16,
        help_text=f"One of: {', '.join(value for value, _label in COOPERATION_CHOICES)}.",
    )
    recorded_on = serializers.DateField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CooperationRecords(Resource):
    serializer_class = CooperationSerializer
    pagination_class = None
    audit_type = "cooperationrecord"

    @extend_schema(responses={200: CooperationSerializer(many=True)})
    def get(self, request: Request, case_id: Any) -> Response:
        case = assistance.case_held_by(self.user, case_id)
        records = list(case.cooperation_records.select_related("recorded_by"))
        self.audit_view(case=str(case.uuid), count=len(records))
        return Response(CooperationSerializer(records, many=True).data)

    @extend_schema(request=CooperationInput, responses={201: CooperationSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        """Record the person's choice, as the overview's form does. It changes nothing in the
        needs, the plan, the entitlements or the reflection period."""
        case = assistance.case_held_by(self.user, case_id)
        entries = _check(CooperationInput(data=request.data))
        form = CooperationForm(
            {
                "status": entries["status"],
                "recorded_on": entries["recorded_on"].isoformat(),
                "note": entries.get("note", ""),
            }
        )
        _raise(_form_errors(form))
        record = assistance_services.cooperation_record(
            actor=self.actor, case=case, **form.cleaned_data
        )
        return Response(CooperationSerializer(record).data, status=status.HTTP_201_CREATED)
