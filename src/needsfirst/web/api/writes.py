"""REST API v1: the writes the pages make and the API lacked — a wage claim saved on a case, the
actions of the assistance plan, a referral's close and follow-up tasks, the case's notes and
timeline.

Each endpoint goes through the form and the service its page uses, so the validation, the
history, the encryption at rest and the audit entry are the page's. Bad input answers 400 in the
one error shape, each message under the field it is about (`periods[1].paid_amount` for a row of
a claim), and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from needsfirst.web.accounts.models import CASE_ROLES, User
from needsfirst.web.api.resources import (
    ListResource,
    PlanItemSerializer,
    ReferralSerializer,
    Resource,
    WageClaimList,
    WageClaimSerializer,
)
from needsfirst.web.assistance import selectors as assistance
from needsfirst.web.assistance import services as assistance_services
from needsfirst.web.assistance.forms import (
    AssignForm,
    PlanActionForm,
    RescheduleForm,
    StatusForm,
)
from needsfirst.web.assistance.models import (
    DOMAIN_CHOICES,
    ROLE_CHOICES,
    STATUS_CHOICES,
    SUPPORT_PLAN_TYPE_CHOICES,
    URGENCY_CHOICES,
    PlanItem,
)
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.forms import EventForm, NoteForm
from needsfirst.web.cases.models import Case
from needsfirst.web.cases.models import EventType as CaseEventType
from needsfirst.web.claims import facts as claim_facts
from needsfirst.web.claims import services as claim_services
from needsfirst.web.claims.forms import (
    AGREED_CHOICES,
    DEDUCTION_CHOICES,
    FEE_CHOICES,
    MAX_ROWS,
    PAY_BASIS_CHOICES,
    ClaimForm,
    FeeFormSet,
    PeriodFormSet,
)
from needsfirst.web.common.fields import TEXT_MAX_LENGTH
from needsfirst.web.referrals import selectors as referrals
from needsfirst.web.referrals import services as referral_services
from needsfirst.web.referrals.models import FollowUpTask, Referral, ReferralOutcome


def _flatten(errors: Any, prefix: str = "") -> dict[str, list[Any]]:
    """DRF's nested errors ({"periods": {0: {"start": [...]}}}) as one level of field paths
    ({"periods[0].start": [...]}), the way the claim's own rows are named."""
    out: dict[str, list[Any]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            else:
                path = f"{prefix}.{key}" if prefix and key != "non_field_errors" else str(key)
                if prefix and key == "non_field_errors":
                    path = prefix
            out.update(_flatten(value, path))
        return out
    if isinstance(errors, list) and errors and not isinstance(errors[0], (dict, list)):
        return {prefix or "non_field_errors": list(errors)}
    if isinstance(errors, list):
        for index, value in enumerate(errors):
            if value:
                out.update(_flatten(value, f"{prefix}[{index}]"))
        return out
    return {prefix or "non_field_errors": [errors]}


def _check(serializer: serializers.Serializer) -> dict[str, Any]:
    if not serializer.is_valid():
        raise ValidationError(_flatten(serializer.errors))
    return dict(serializer.validated_data)


def _form_errors(form: forms.BaseForm, prefix: str = "") -> dict[str, list[ErrorDetail]]:
    """A Django form's errors, each with its code, under the API's field name."""
    out: dict[str, list[ErrorDetail]] = {}
    for name, errors in form.errors.as_data().items():
        if name == "__all__":
            key = prefix or "non_field_errors"
        else:
            key = f"{prefix}.{name}" if prefix else name
        out.setdefault(key, []).extend(
            ErrorDetail(" ".join(str(m) for m in error.messages), code=error.code or "invalid")
            for error in errors
        )
    return out


def _raise(errors: dict[str, list[ErrorDetail]]) -> None:
    if errors:
        raise ValidationError(errors)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


# --- wage claims ------------------------------------------------------------------------------


class ClaimPeriodInput(serializers.Serializer):
    """A period of work: the claim page's row, with the same names."""

    start = serializers.DateField()
    end = serializers.DateField()
    hours_per_day = serializers.CharField(max_length=20, help_text="A number, e.g. 8 or 7.5.")
    days_per_week = serializers.CharField(max_length=20, help_text="A number, e.g. 5 or 5.5.")
    paid_amount = serializers.CharField(max_length=30, help_text="The pay received, e.g. 1000.")
    paid_per = serializers.ChoiceField(choices=PAY_BASIS_CHOICES)
    promised_amount = serializers.CharField(
        max_length=30, required=False, allow_blank=True, allow_null=True
    )
    promised_per = serializers.ChoiceField(
        choices=PAY_BASIS_CHOICES, required=False, allow_blank=True
    )
    deduction_amount = serializers.CharField(
        max_length=30, required=False, allow_blank=True, allow_null=True
    )
    deduction_reason = serializers.ChoiceField(
        choices=DEDUCTION_CHOICES, required=False, allow_blank=True
    )
    deduction_agreed = serializers.ChoiceField(
        choices=AGREED_CHOICES, required=False, allow_blank=True
    )


class ClaimFeeInput(serializers.Serializer):
    amount = serializers.CharField(max_length=30, help_text="The fee paid, e.g. 350.")
    category = serializers.ChoiceField(choices=FEE_CHOICES)
    paid_on = serializers.DateField(required=False, allow_null=True)


class WageClaimInputSerializer(serializers.Serializer):
    """The claim page's entries. Amounts are decimal numbers (strings or numbers), in `currency`."""

    jurisdiction = serializers.CharField(max_length=2, help_text="ISO 3166 alpha-2.")
    sector = serializers.CharField(max_length=40, required=False, default="general")
    currency = serializers.CharField(max_length=3, help_text="ISO 4217, e.g. GBP.")
    employer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    rate_from = serializers.CharField(max_length=3, required=False, allow_blank=True)
    rate = serializers.CharField(max_length=30, required=False, allow_blank=True, allow_null=True)
    rate_to = serializers.CharField(max_length=3, required=False, allow_blank=True)
    rate_on = serializers.DateField(required=False, allow_null=True)
    rate_source = serializers.CharField(max_length=200, required=False, allow_blank=True)
    periods = serializers.ListField(
        child=ClaimPeriodInput(), min_length=1, max_length=MAX_ROWS, allow_empty=False
    )
    fees = serializers.ListField(child=ClaimFeeInput(), required=False, max_length=MAX_ROWS)


CLAIM_FIELDS = ("jurisdiction", "sector", "currency", "employer", *ClaimForm.RATE_FIELDS)


def _formset_data(prefix: str, rows: list[dict[str, Any]]) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": str(MAX_ROWS),
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = _text(value)
    return data


def claim_from_input(entries: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The page's forms filled with the API's entries: the computed claim and the facts to save,
    or a ValidationError naming each field at fault (the core's refusals included)."""
    form = ClaimForm({name: _text(entries.get(name)) for name in CLAIM_FIELDS})
    periods = PeriodFormSet(_formset_data("periods", entries["periods"]), prefix="periods")
    fees = FeeFormSet(_formset_data("fees", entries.get("fees", [])), prefix="fees")
    result = None
    if all([form.is_valid(), periods.is_valid(), fees.is_valid()]):
        result = claim_facts.claim_compute(form, periods, fees)
    errors = _form_errors(form)
    for kind, formset in (("periods", periods), ("fees", fees)):
        for index, row in enumerate(formset.forms):
            errors.update(_form_errors(row, f"{kind}[{index}]"))
        if formset.non_form_errors():
            errors[kind] = [ErrorDetail(str(m), code="invalid") for m in formset.non_form_errors()]
    if result is None and not errors:
        errors["non_field_errors"] = [ErrorDetail(_("The claim could not be computed."), "invalid")]
    _raise(errors)
    return result, claim_facts.saved_facts(form, periods, fees)


class WageClaims(WageClaimList):
    """The claims saved on a case, newest first; a POST saves a new version (the earlier ones
    stay as its history, as on the claim page)."""

    @extend_schema(request=WageClaimInputSerializer, responses={201: WageClaimSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        case = self.owned_case(case_id)
        entries = _check(WageClaimInputSerializer(data=request.data))
        result, saved_facts = claim_from_input(entries)
        saved = claim_services.wage_claim_save(
            actor=self.actor, case=case, facts=saved_facts, claim=result
        )
        return Response(WageClaimSerializer(saved).data, status=status.HTTP_201_CREATED)


# --- the assistance plan ----------------------------------------------------------------------


class PlanActionSerializer(PlanItemSerializer):
    """An action of the plan with what the plan page shows of it."""

    action = serializers.CharField()
    support_plan_type = serializers.CharField()
    responsible = serializers.UUIDField(source="responsible.uuid", allow_null=True, default=None)
    updated_at = serializers.DateTimeField()


class PlanActionInput(serializers.Serializer):
    domain = serializers.ChoiceField(choices=DOMAIN_CHOICES)
    action = serializers.CharField(max_length=500)
    role = serializers.ChoiceField(choices=ROLE_CHOICES)
    due_on = serializers.DateField()
    urgency = serializers.ChoiceField(choices=URGENCY_CHOICES)
    support_plan_type = serializers.ChoiceField(
        choices=[value for value, _key in SUPPORT_PLAN_TYPE_CHOICES]
    )
    responsible = serializers.UUIDField(
        required=False, allow_null=True, help_text="A staff member of your organisation (id)."
    )


class PlanActionChange(serializers.Serializer):
    status = serializers.ChoiceField(choices=STATUS_CHOICES, required=False)
    due_on = serializers.DateField(required=False)
    responsible = serializers.UUIDField(
        required=False, allow_null=True, help_text="A staff member of your organisation, or null."
    )


def _staff_pk(case: Case, uuid: Any) -> str:
    """The form's value for a staff member given by id: their key when they are case staff of the
    organisation holding the case, else a value the form refuses on `responsible`."""
    if uuid is None:
        return ""
    found = User.objects.filter(
        uuid=uuid, organisation=case.organisation, role__in=CASE_ROLES, is_active=True
    ).first()
    return str(found.pk) if found is not None else "0"


class PlanActionList(Resource):
    serializer_class = PlanActionSerializer
    pagination_class = None
    audit_type = "planitem"

    @extend_schema(responses={200: PlanActionSerializer(many=True)})
    def get(self, request: Request, case_id: Any) -> Response:
        case = assistance.case_held_by(self.user, case_id)
        items = list(assistance.plan_items(case))
        self.audit_view(case=str(case.uuid), count=len(items))
        return Response(PlanActionSerializer(items, many=True).data)

    @extend_schema(request=PlanActionInput, responses={201: PlanActionSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        """Add an action, as the plan page's "add an action" form does."""
        case = assistance.case_held_by(self.user, case_id)
        entries = _check(PlanActionInput(data=request.data))
        entries["responsible"] = _staff_pk(case, entries.get("responsible"))
        form = PlanActionForm(
            {name: _text(value) for name, value in entries.items()},
            organisation=case.organisation,
        )
        _raise(_form_errors(form))
        item = assistance_services.plan_action_add(actor=self.actor, case=case, **form.cleaned_data)
        return Response(PlanActionSerializer(item).data, status=status.HTTP_201_CREATED)


class PlanActionDetail(Resource):
    serializer_class = PlanActionSerializer
    audit_type = "planitem"

    def item(self, case_id: Any, item_id: Any) -> tuple[Case, PlanItem]:
        case = assistance.case_held_by(self.user, case_id)
        return case, assistance.plan_item_get(case, item_id)

    def get(self, request: Request, case_id: Any, item_id: Any) -> Response:
        _case, item = self.item(case_id, item_id)
        self.audit_view(item)
        return Response(PlanActionSerializer(item).data)

    @extend_schema(request=PlanActionChange, responses={200: PlanActionSerializer})
    def patch(self, request: Request, case_id: Any, item_id: Any) -> Response:
        """Change the status (done, declined by the person, …), the due date or who does it:
        each through the page's form and service; all of them or none."""
        case, item = self.item(case_id, item_id)
        entries = _check(PlanActionChange(data=request.data))
        if not entries:
            raise ValidationError(
                {"non_field_errors": [_("Send the status, the due date or the responsible.")]},
                code="required",
            )
        checked: dict[str, forms.Form] = {}
        if "status" in entries:
            checked["status"] = StatusForm({"status": entries["status"]})
        if "due_on" in entries:
            checked["due_on"] = RescheduleForm({"due_on": entries["due_on"].isoformat()})
        if "responsible" in entries:
            checked["responsible"] = AssignForm(
                {"responsible": _staff_pk(case, entries["responsible"])},
                organisation=case.organisation,
            )
        errors: dict[str, list[ErrorDetail]] = {}
        for form in checked.values():
            errors.update(_form_errors(form))
        _raise(errors)
        with transaction.atomic():
            if "due_on" in checked:
                item = assistance_services.plan_item_reschedule(
                    actor=self.actor, item=item, due_on=checked["due_on"].cleaned_data["due_on"]
                )
            if "responsible" in checked:
                item = assistance_services.plan_item_assign(
                    actor=self.actor,
                    item=item,
                    responsible=checked["responsible"].cleaned_data["responsible"],
                )
            if "status" in checked:
                item = assistance_services.plan_item_status_set(
                    actor=self.actor, item=item, status=checked["status"].cleaned_data["status"]
                )
        item.refresh_from_db()
        return Response(PlanActionSerializer(item).data)


# --- referrals: close, follow-up tasks --------------------------------------------------------


class ClosedReferralSerializer(ReferralSerializer):
    outcome = serializers.ChoiceField(choices=ReferralOutcome.choices, allow_blank=True)


class CloseInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ReferralOutcome.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class TaskSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    description = serializers.CharField()
    due_on = serializers.DateField()
    created_at = serializers.DateTimeField()
    done_at = serializers.DateTimeField(allow_null=True)


class TaskInput(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    due_on = serializers.DateField()


class HolderOfReferral(Resource):
    """What the sending organisation (the case's holder) does with its referral; the receiver
    and anyone else are refused (403, audited), as on the referral page."""

    audit_type = "referral"
    action = "close"

    def referral(self, referral_id: Any) -> Referral:
        referral = referrals.referral_get_for(self.user, referral_id)
        try:
            referral_services.referral_check_actor(
                actor=self.actor, referral=referral, action=self.action
            )
        except PermissionDenied:
            audit_record(
                actor=self.actor,
                action=AuditAction.ACCESS_DENIED,
                obj=referral,
                detail={"api": f"referral_{self.action}"},
            )
            raise
        return referral


class ReferralClose(HolderOfReferral):
    """Close the referral with its outcome; closing one still waiting for an answer withdraws
    it (the receiver can no longer accept it)."""

    serializer_class = CloseInput

    @extend_schema(request=CloseInput, responses={200: ClosedReferralSerializer})
    def post(self, request: Request, referral_id: Any) -> Response:
        referral = self.referral(referral_id)
        entries = _check(CloseInput(data=request.data))
        referral = referral_services.referral_close(
            actor=self.actor,
            referral=referral,
            outcome=entries["outcome"],
            note=entries.get("note", ""),
        )
        return Response(ClosedReferralSerializer(referral).data)


class ReferralTasks(HolderOfReferral):
    serializer_class = TaskSerializer
    pagination_class = None
    action = "task"

    @extend_schema(responses={200: TaskSerializer(many=True)})
    def get(self, request: Request, referral_id: Any) -> Response:
        referral = self.referral(referral_id)
        tasks = list(referral.tasks.all())
        self.audit_view(referral, tasks=len(tasks))
        return Response(TaskSerializer(tasks, many=True).data)

    @extend_schema(request=TaskInput, responses={201: TaskSerializer})
    def post(self, request: Request, referral_id: Any) -> Response:
        referral = self.referral(referral_id)
        entries = _check(TaskInput(data=request.data))
        task = referral_services.task_add(
            actor=self.actor,
            referral=referral,
            description=entries["description"],
            due_on=entries["due_on"],
        )
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)


class ReferralTaskDone(HolderOfReferral):
    serializer_class = TaskSerializer
    action = "task"

    @extend_schema(request=None, responses={200: TaskSerializer})
    def post(self, request: Request, referral_id: Any, task_id: Any) -> Response:
        referral = self.referral(referral_id)
        try:
            task = referral.tasks.get(uuid=task_id)
        except (FollowUpTask.DoesNotExist, ValueError) as error:
            raise Http404 from error
        task = referral_services.task_done(actor=self.actor, task=task)
        return Response(TaskSerializer(task).data)


# --- the case's notes and timeline ------------------------------------------------------------


class NoteSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    body = serializers.CharField(max_length=TEXT_MAX_LENGTH)
    note_date = serializers.DateField()
    written_at = serializers.DateTimeField(read_only=True)


class CaseNotes(ListResource):
    """The case's notes, newest first; a POST adds one, as the note form of the case page."""

    serializer_class = NoteSerializer
    audit_type = "casenote"

    def records(self) -> Any:
        return self.owned_case(self.kwargs["case_id"]).notes.all()

    def audit_detail(self) -> dict[str, Any]:
        return {"case": str(self.kwargs["case_id"])}

    @extend_schema(request=NoteSerializer, responses={201: NoteSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        case = self.owned_case(case_id)
        entries = _check(NoteSerializer(data=request.data))
        form = NoteForm({name: _text(value) for name, value in entries.items()})
        _raise(_form_errors(form))
        note = case_services.note_add(
            actor=self.actor,
            case=case,
            body=form.cleaned_data["body"],
            on=form.cleaned_data["note_date"],
        )
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class TimelineEventSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    type = serializers.ChoiceField(choices=CaseEventType.choices)
    date = serializers.DateField(required=False, allow_null=True)
    date_is_approximate = serializers.BooleanField(required=False, default=False)
    country = serializers.CharField(max_length=2, required=False, allow_blank=True)
    state = serializers.CharField(max_length=100, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True
    )
    recorded_at = serializers.DateTimeField(read_only=True)


class CaseEvents(ListResource):
    """The case's timeline (recruitment, transport, exploitation, …); a POST adds an event, as
    the event form of the case page."""

    serializer_class = TimelineEventSerializer
    audit_type = "caseevent"

    def records(self) -> Any:
        return self.owned_case(self.kwargs["case_id"]).events.all()

    def audit_detail(self) -> dict[str, Any]:
        return {"case": str(self.kwargs["case_id"])}

    @extend_schema(request=TimelineEventSerializer, responses={201: TimelineEventSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        case = self.owned_case(case_id)
        entries = _check(TimelineEventSerializer(data=request.data))
        data = {name: _text(value) for name, value in entries.items()}
        if not entries.get("date_is_approximate"):
            data.pop("date_is_approximate", None)  # a checkbox: absent is false
        form = EventForm(data)
        _raise(_form_errors(form))
        event = case_services.event_add(actor=self.actor, case=case, data=form.cleaned_data)
        return Response(TimelineEventSerializer(event).data, status=status.HTTP_201_CREATED)
