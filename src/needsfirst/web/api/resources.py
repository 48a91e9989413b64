"""REST API v1 beyond cases: people, consents, screenings, needs and the plan, referrals, the
service directory and wage claims. Each endpoint calls the selector and service its page calls,
so a rule lives in one place; reads, changes and refusals are audited like the pages'.

Lists are cursor-paginated (`?cursor=`, `next`/`previous` links) and filter by `updated_since`
(ISO 8601) and, where a record has one, `status`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from needsfirst import needs
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, User
from needsfirst.web.accounts.permissions import current_user
from needsfirst.web.api.events import subscription_create
from needsfirst.web.api.models import EventType, PartnerEvent, WebhookSubscription
from needsfirst.web.api.permissions import (
    IsVerifiedAnyRole,
    require_recent_session_authentication,
)
from needsfirst.web.api.serializers import PersonSerializer
from needsfirst.web.assistance import selectors as assistance
from needsfirst.web.assistance import services as assistance_services
from needsfirst.web.assistance.forms import ANSWER_CHOICES, AssessmentForm
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.refusals import AuditsRefusals
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases import selectors as cases
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import (
    Case,
    CaseShareSection,
    Consent,
    ConsentKind,
    ConsentMethod,
    Person,
    SharingPurpose,
)
from needsfirst.web.claims import selectors as claims
from needsfirst.web.referrals import selectors as referrals
from needsfirst.web.referrals import services as referral_services
from needsfirst.web.referrals.models import DOMAIN_CHOICES, Referral, ReferralStatus
from needsfirst.web.screening import selectors as screening
from needsfirst.web.screening import services as screening_services

UPDATED_SINCE = OpenApiParameter(
    "updated_since",
    OpenApiTypes.DATETIME,
    description="Only records changed at or after this time (ISO 8601, with its offset).",
)


class Cursor(CursorPagination):
    page_size = 50
    ordering: str | tuple[str, ...] = "-id"


def updated_since(request: Request, records: QuerySet[Any], field: str = "updated_at") -> Any:
    text = request.query_params.get("updated_since")
    if not text:
        return records
    try:
        moment = parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationError(
            {"updated_since": [_("Give a date and time with its offset, e.g. 2026-12-01T09:00Z.")]},
            code="invalid_datetime",
        )
    return records.filter(**{f"{field}__gte": moment})


def filtered_by_choice(request: Request, records: Any, name: str, values: list[str]) -> Any:
    """The records whose `name` is the query parameter's value (all without it); a value
    outside `values` is refused under the parameter's name."""
    wanted = request.query_params.get(name)
    if not wanted:
        return records
    if wanted not in values:
        raise ValidationError({name: [_("Choose one of the listed values.")]}, code="invalid")
    return records.filter(**{name: wanted})


class Resource(AuditsRefusals, GenericAPIView):
    """What every endpoint shares: refusals on the audit trail, the actor, the caller."""

    pagination_class: type[Cursor] | None = Cursor
    # No OPTIONS description: the OpenAPI schema is the description (and DRF's would read the
    # record to describe it, outside the audit; schemathesis found it failing here).
    metadata_class = None

    @property
    def actor(self) -> Actor:
        return Actor.from_request(self.request)

    @property
    def user(self) -> User:
        return current_user(self.request)

    def owned_case(self, case_id: Any) -> Case:
        # The API returns whole records: only the organisation holding the case, like the
        # screening, plan and claim pages (a partner reads what was shared on the pages).
        return cases.case_get_owned_by(self.user, case_id)

    def audit_view(self, obj: Any = None, **detail: Any) -> None:
        audit_record(
            actor=self.actor,
            action=AuditAction.VIEW,
            obj=obj,
            object_type=self.audit_type if obj is None else "",
            detail={"api": type(self).__name__, **detail},
        )


class ListResource(Resource, mixins.ListModelMixin):
    """A cursor-paginated list; the read of each page is audited with its size."""

    def records(self) -> Any:
        raise NotImplementedError

    def audit_detail(self) -> dict[str, Any]:
        return {}

    def get_queryset(self) -> Any:
        return self.records()

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = self.list(request, *args, **kwargs)
        self.audit_view(count=len(response.data["results"]), **self.audit_detail())
        return response


# --- people -----------------------------------------------------------------------------------


class PersonUpdateSerializer(PersonSerializer):
    version = serializers.IntegerField(min_value=1)

    class Meta(PersonSerializer.Meta):
        read_only_fields: list[str] = []


@extend_schema(parameters=[UPDATED_SINCE])
class PersonList(ListResource):
    serializer_class = PersonSerializer
    audit_type = "person"

    def records(self) -> Any:
        people = cases.people_visible_to(self.user).filter(organisation=self.user.organisation)
        return updated_since(self.request, people)


class PersonDetail(Resource):
    serializer_class = PersonSerializer
    audit_type = "person"

    def person(self, person_id: Any) -> Person:
        people = cases.people_visible_to(self.user).filter(organisation=self.user.organisation)
        try:
            return people.get(uuid=person_id)
        except (Person.DoesNotExist, ValueError) as error:
            raise Http404 from error

    def get(self, request: Request, person_id: Any) -> Response:
        person = self.person(person_id)
        self.audit_view(person)
        return Response(PersonSerializer(person).data)

    @extend_schema(request=PersonUpdateSerializer, responses={200: PersonSerializer})
    def patch(self, request: Request, person_id: Any) -> Response:
        person = self.person(person_id)
        serializer = PersonUpdateSerializer(person, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        if version is None:
            raise ValidationError({"version": [_("Send the version you read.")]}, code="required")
        person = case_services.person_update(
            actor=self.actor, person=person, data=data, expected_version=version
        )
        return Response(PersonSerializer(person).data)


# --- consents ---------------------------------------------------------------------------------


class ConsentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    kind = serializers.ChoiceField(choices=ConsentKind.choices)
    purpose = serializers.ChoiceField(
        choices=SharingPurpose.choices, required=False, allow_blank=True
    )
    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    recipient = serializers.SlugRelatedField(
        slug_field="uuid",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text="The organisation the data may be shared with (its id).",
    )

    class Meta:
        model = Consent
        fields = [
            "id",
            "kind",
            "granted",
            "purpose",
            "recipient",
            "method",
            "decided_on",
            "recorded_at",
            "withdrawn_on",
        ]
        read_only_fields = ["recorded_at", "withdrawn_on"]


class WithdrawSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField()


class ConsentList(ListResource):
    serializer_class = ConsentSerializer
    audit_type = "consent"

    def records(self) -> Any:
        return self.owned_case(self.kwargs["case_id"]).consents.all()

    def audit_detail(self) -> dict[str, Any]:
        return {"case": str(self.kwargs["case_id"])}

    @extend_schema(request=ConsentSerializer, responses={201: ConsentSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        case = self.owned_case(case_id)
        serializer = ConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent = case_services.consent_record(
            actor=self.actor, case=case, data=dict(serializer.validated_data)
        )
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdraw(Resource):
    serializer_class = WithdrawSerializer
    audit_type = "consent"

    @extend_schema(request=WithdrawSerializer, responses={200: ConsentSerializer})
    def post(self, request: Request, case_id: Any, consent_id: Any) -> Response:
        case = self.owned_case(case_id)
        try:
            consent = case.consents.get(uuid=consent_id)
        except (Consent.DoesNotExist, ValueError) as error:
            raise Http404 from error
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent = case_services.consent_withdraw(
            actor=self.actor, consent=consent, on=serializer.validated_data["withdrawn_on"]
        )
        return Response(ConsentSerializer(consent).data)


# --- screening --------------------------------------------------------------------------------


class DeterminationSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    created_at = serializers.DateTimeField()
    as_of = serializers.DateField()
    rules_version = serializers.CharField()
    labels = serializers.ListField(child=serializers.CharField(), source="label_ids")
    result = serializers.DictField(help_text="The engine's determination, with its evidence.")


class ScreeningSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="0 when the case has no screening yet.")
    facts = serializers.DictField()
    determination = DeterminationSerializer(allow_null=True)
    history = DeterminationSerializer(many=True)


class ScreeningSaveSerializer(serializers.Serializer):
    facts = serializers.DictField(help_text="The facts, in the layout `needsfirst screen` reads.")
    version = serializers.IntegerField(min_value=0, help_text="The version you read (0: none).")


class ScreeningDetail(Resource):
    serializer_class = ScreeningSerializer
    pagination_class = None
    audit_type = "screening"

    def answer(self, case: Case) -> dict[str, Any]:
        current = screening.screening_of(case)
        history = list(screening.determinations_of(current))
        return ScreeningSerializer(
            {
                "version": 0 if current is None else current.version,
                "facts": {} if current is None else current.facts,
                "determination": history[0] if history else None,
                "history": history,
            }
        ).data

    def get(self, request: Request, case_id: Any) -> Response:
        case = self.owned_case(case_id)
        self.audit_view(screening.screening_of(case), case=str(case.uuid))
        return Response(self.answer(case))

    @extend_schema(request=ScreeningSaveSerializer, responses={200: ScreeningSerializer})
    def put(self, request: Request, case_id: Any) -> Response:
        case = self.owned_case(case_id)
        serializer = ScreeningSaveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        screening_services.screening_save(
            actor=self.actor,
            case=case,
            facts=serializer.validated_data["facts"],
            expected_version=serializer.validated_data["version"],
        )
        return Response(self.answer(case))


# --- needs and the assistance plan ------------------------------------------------------------


class PlanItemSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    domain = serializers.CharField()
    role = serializers.CharField()
    due_on = serializers.DateField()
    urgency = serializers.IntegerField()
    status = serializers.CharField()
    origin = serializers.CharField()


class AssessmentSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    assessed_on = serializers.DateField()
    jurisdiction = serializers.CharField()
    category = serializers.CharField()
    version = serializers.IntegerField()


class PlanSerializer(serializers.Serializer):
    assessment = AssessmentSerializer(allow_null=True)
    items = PlanItemSerializer(many=True)


class AssessSerializer(serializers.Serializer):
    assessed_on = serializers.DateField()
    jurisdiction = serializers.CharField(max_length=8, help_text="ISO 3166 (GB-ENG for a nation).")
    category = serializers.CharField(max_length=40, required=False)
    answers = serializers.DictField(
        child=serializers.ChoiceField(choices=ANSWER_CHOICES),
        required=False,
        help_text="Fact name -> yes, no or unknown; a fact left out is unknown.",
    )


class PlanDetail(Resource):
    serializer_class = PlanSerializer
    pagination_class = None
    audit_type = "planitem"

    def answer(self, case: Case) -> dict[str, Any]:
        return PlanSerializer(
            {
                "assessment": assistance.assessment_latest(case),
                "items": list(assistance.plan_items(case)),
            }
        ).data

    def get(self, request: Request, case_id: Any) -> Response:
        case = assistance.case_held_by(self.user, case_id)
        self.audit_view(case=str(case.uuid))
        return Response(self.answer(case))

    @extend_schema(request=AssessSerializer, responses={201: PlanSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        """Assess the needs and write the plan, as the assessment page does."""
        case = assistance.case_held_by(self.user, case_id)
        serializer = AssessSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        answers = data.pop("answers", {})
        data.setdefault("category", needs.Category.ANY_MIGRANT.key)
        unknown = sorted(set(answers) - set(needs.fact_names()))
        if unknown:
            raise ValidationError(
                {"answers": [_("Unknown facts: %(facts)s.") % {"facts": ", ".join(unknown)[:200]}]},
                code="unknown_fact",
            )
        # The page's own form checks the jurisdiction and category lists and the date's range.
        form = AssessmentForm(data={**{k: str(v) for k, v in data.items()}, **answers})
        if not form.is_valid():
            raise DjangoValidationError(form.errors.as_data())
        assistance_services.assessment_record(
            actor=self.actor,
            case=case,
            answers=form.answers(),
            assessed_on=form.cleaned_data["assessed_on"],
            jurisdiction=form.cleaned_data["jurisdiction"],
            category=form.cleaned_data["category"],
        )
        return Response(self.answer(case), status=status.HTTP_201_CREATED)


# --- the service directory --------------------------------------------------------------------


class ServiceSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    name = serializers.CharField()
    type = serializers.CharField()
    domains = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())
    country = serializers.CharField()
    city = serializers.CharField()
    in_needsfirst = serializers.BooleanField()
    organisation = serializers.UUIDField(source="organisation.uuid", allow_null=True)


class ServiceList(Resource):
    """The directory holds no personal data: any staff role signed in may read it."""

    serializer_class = ServiceSerializer
    pagination_class = None
    permission_classes = [IsVerifiedAnyRole]
    audit_type = "serviceprovider"

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str, description=text)
            for name, text in (
                ("domain", "A need the service meets."),
                ("language", "A language it works in (ISO 639)."),
                ("country", "ISO 3166 alpha-2."),
                ("city", "Part of the town's name."),
            )
        ],
        responses={200: ServiceSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        found = referrals.providers_search(
            domain=str(params.get("domain", ""))[:32],
            language=str(params.get("language", ""))[:3],
            country=str(params.get("country", ""))[:2],
            city=str(params.get("city", ""))[:100],
        )
        return Response(ServiceSerializer(found, many=True).data)


# --- referrals --------------------------------------------------------------------------------


class ReferralSerializer(serializers.Serializer):
    """A referral by its ids and status: the shared sections are read on the pages (or through
    the case for the holder), never copied into the referral's answer."""

    id = serializers.UUIDField(source="uuid")
    case = serializers.UUIDField(source="case.uuid")
    service = serializers.UUIDField(source="provider.uuid")
    recipient = serializers.UUIDField(source="recipient.uuid", allow_null=True)
    outside = serializers.BooleanField()
    domain = serializers.CharField()
    sections = serializers.ListField(child=serializers.CharField())
    status = serializers.ChoiceField(choices=ReferralStatus.choices)
    sent_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)


class ReferralSendSerializer(serializers.Serializer):
    service = serializers.UUIDField(help_text="The directory entry's id.")
    sections = serializers.MultipleChoiceField(choices=CaseShareSection.choices)
    domain = serializers.ChoiceField(choices=DOMAIN_CHOICES, required=False, allow_blank=True)
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.UUID,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "A UUID the caller makes once for this referral and sends again on a retry: a referral"
        " of the case already sent with it is answered (200) instead of a second one."
    ),
)


def idempotency_key(request: Request) -> uuid.UUID | None:
    """The `Idempotency-Key` header as a UUID, None when absent; anything else is a 400."""
    text = request.headers.get("Idempotency-Key", "").strip()
    if not text:
        return None
    try:
        return uuid.UUID(text[:64])
    except ValueError as error:
        raise ValidationError(
            {"Idempotency-Key": [_("Give the Idempotency-Key header as a UUID.")]}, code="invalid"
        ) from error


BOX = OpenApiParameter(
    "box", str, enum=["sent", "received"], description="Referrals sent or received."
)
STATUS = OpenApiParameter("status", str, enum=ReferralStatus.values)


@extend_schema(parameters=[BOX, STATUS])
class ReferralList(ListResource):
    serializer_class = ReferralSerializer
    audit_type = "referral"

    def records(self) -> Any:
        request = self.request
        found = referrals.referrals_visible_to(self.user)
        box = request.query_params.get("box")
        if box == "sent":
            found = found.filter(case__organisation=self.user.organisation)
        elif box == "received":
            found = found.filter(recipient=self.user.organisation, outside=False)
        return filtered_by_choice(request, found, "status", ReferralStatus.values)


class CaseReferrals(ListResource):
    serializer_class = ReferralSerializer
    audit_type = "referral"

    def records(self) -> Any:
        case = self.owned_case(self.kwargs["case_id"])
        return referrals.referrals_visible_to(self.user).filter(case=case)

    def audit_detail(self) -> dict[str, Any]:
        return {"case": str(self.kwargs["case_id"])}

    @extend_schema(
        request=ReferralSendSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: ReferralSerializer, 200: ReferralSerializer},
    )
    def post(self, request: Request, case_id: Any) -> Response:
        case = self.owned_case(case_id)
        key = idempotency_key(request)
        # The same request sent again (its answer was lost): the service answers the referral
        # already sent with this key, writing nothing and notifying nobody a second time.
        sent_before = (
            key is not None
            and referrals.referrals_visible_to(self.user)
            .filter(case=case, idempotency_key=key)
            .exists()
        )
        serializer = ReferralSendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        provider = next(
            (
                entry
                for entry in referrals.providers_search()
                if str(entry.uuid) == str(data["service"])
            ),
            None,
        )
        if provider is None:
            raise ValidationError(
                {"service": [_("No listed service has this id.")]}, code="unknown"
            )
        # Through the consent gate of the page; the API never overrides it.
        referral = referral_services.referral_send(
            actor=self.actor,
            case=case,
            provider=provider,
            sections=sorted(data["sections"]),
            domain=data.get("domain", ""),
            message=data.get("message", ""),
            idempotency_key=key,
        )
        if sent_before:
            self.audit_view(referral, idempotency_key_repeated=True)
            return Response(ReferralSerializer(referral).data, status=status.HTTP_200_OK)
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


class ReferralDetail(Resource):
    serializer_class = ReferralSerializer
    audit_type = "referral"

    def get(self, request: Request, referral_id: Any) -> Response:
        referral = referrals.referral_get_for(self.user, referral_id)
        self.audit_view(referral)
        return Response(ReferralSerializer(referral).data)


class ReferralAnswer(Resource):
    """The receiver accepts, declines (with a reason) or completes, as on the referral page."""

    serializer_class = DeclineSerializer
    audit_type = "referral"
    answer = ""

    def answer_referral(self, referral: Referral, request: Request) -> None:
        if self.answer == "accept":
            referral_services.referral_accept(actor=self.actor, referral=referral)
        elif self.answer == "complete":
            referral_services.referral_complete(actor=self.actor, referral=referral)
        else:
            serializer = DeclineSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            referral_services.referral_decline(
                actor=self.actor, referral=referral, reason=serializer.validated_data["reason"]
            )

    @extend_schema(responses={200: ReferralSerializer})
    def post(self, request: Request, referral_id: Any) -> Response:
        referral = referrals.referral_get_for(self.user, referral_id)
        try:
            # Who may answer first, as on the page: the sender is refused before its input is read.
            referral_services.referral_check_actor(
                actor=self.actor, referral=referral, action=self.answer
            )
            self.answer_referral(referral, request)
        except PermissionDenied:
            audit_record(
                actor=self.actor,
                action=AuditAction.ACCESS_DENIED,
                obj=referral,
                detail={"api": f"referral_{self.answer}"},
            )
            raise
        referral.refresh_from_db()
        return Response(ReferralSerializer(referral).data)


class ReferralAccept(ReferralAnswer):
    answer = "accept"

    @extend_schema(request=None, responses={200: ReferralSerializer})
    def post(self, request: Request, referral_id: Any) -> Response:
        return super().post(request, referral_id)


class ReferralDecline(ReferralAnswer):
    answer = "decline"

    @extend_schema(request=DeclineSerializer, responses={200: ReferralSerializer})
    def post(self, request: Request, referral_id: Any) -> Response:
        return super().post(request, referral_id)


class ReferralComplete(ReferralAnswer):
    answer = "complete"

    @extend_schema(request=None, responses={200: ReferralSerializer})
    def post(self, request: Request, referral_id: Any) -> Response:
        return super().post(request, referral_id)


# --- wage claims ------------------------------------------------------------------------------


class WageClaimSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    created_at = serializers.DateTimeField()
    rules_version = serializers.CharField()
    facts = serializers.DictField()
    result = serializers.DictField(help_text="Lines, totals and notes as computed when saved.")


class WageClaimList(ListResource):
    serializer_class = WageClaimSerializer
    audit_type = "wageclaim"

    def records(self) -> Any:
        return claims.wage_claims_of(self.owned_case(self.kwargs["case_id"]))

    def audit_detail(self) -> dict[str, Any]:
        return {"case": str(self.kwargs["case_id"])}


# --- events and webhooks ----------------------------------------------------------------------


class EventSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    type = serializers.ChoiceField(choices=EventType.choices)
    occurred_at = serializers.DateTimeField()
    object = serializers.SerializerMethodField()
    status = serializers.CharField()

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"type": {"type": "string"}, "id": {"type": "string", "format": "uuid"}},
            "required": ["type", "id"],
        }
    )
    def get_object(self, event: PartnerEvent) -> dict[str, str]:
        return {"type": event.object_type, "id": str(event.object_id)}


@extend_schema(
    parameters=[
        OpenApiParameter("type", str, enum=EventType.values),
        OpenApiParameter(
            "since", OpenApiTypes.DATETIME, description="Events at or after this time."
        ),
    ]
)
class EventList(ListResource):
    """Events for the caller's organisation, newest first: ids and types only."""

    serializer_class = EventSerializer
    audit_type = "partnerevent"

    def records(self) -> Any:
        found = PartnerEvent.objects.filter(organisation=self.user.organisation)
        found = filtered_by_choice(self.request, found, "type", EventType.values)
        text = self.request.query_params.get("since")
        if text:
            moment = parse_datetime(text) if len(text) < 40 else None
            if moment is None or moment.tzinfo is None:
                raise ValidationError(
                    {"since": [_("Give a date and time with its offset.")]}, code="invalid_datetime"
                )
            found = found.filter(occurred_at__gte=moment)
        return found


class WebhookSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    url = serializers.URLField(max_length=500)
    event_types = serializers.MultipleChoiceField(choices=EventType.choices)
    created_at = serializers.DateTimeField(read_only=True)
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["event_types"] = sorted(data["event_types"])
        return data


class NewWebhookSerializer(WebhookSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="The signing secret: shown in this answer only."
    )


class WebhookList(ListResource):
    """The organisation's webhook subscriptions; a new one answers its signing secret once."""

    serializer_class = WebhookSerializer
    audit_type = "webhooksubscription"

    def records(self) -> Any:
        return WebhookSubscription.objects.filter(organisation=self.user.organisation)

    @extend_schema(request=WebhookSerializer, responses={201: NewWebhookSerializer})
    def post(self, request: Request) -> Response:
        require_recent_session_authentication(request)
        serializer = WebhookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subscription, secret = subscription_create(
            organisation_id=self.user.organisation_id,  # type: ignore[arg-type]
            created_by=self.user,
            url=serializer.validated_data["url"],
            event_types=sorted(serializer.validated_data["event_types"]),
        )
        audit_record(actor=self.actor, action=AuditAction.CREATE, obj=subscription)
        data = WebhookSerializer(subscription).data
        return Response({**data, "secret": secret}, status=status.HTTP_201_CREATED)


class WebhookDetail(Resource):
    serializer_class = WebhookSerializer
    audit_type = "webhooksubscription"

    def subscription(self, webhook_id: Any) -> WebhookSubscription:
        found = WebhookSubscription.objects.filter(
            organisation=self.user.organisation, uuid=webhook_id
        ).first()
        if found is None:
            raise Http404
        return found

    def get(self, request: Request, webhook_id: Any) -> Response:
        subscription = self.subscription(webhook_id)
        self.audit_view(subscription)
        return Response(WebhookSerializer(subscription).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, webhook_id: Any) -> Response:
        subscription = self.subscription(webhook_id)
        if subscription.revoked_at is None:
            subscription.revoked_at = timezone.now()
            subscription.save(update_fields=["revoked_at"])
            audit_record(
                actor=self.actor,
                action=AuditAction.UPDATE,
                obj=subscription,
                detail={"revoked": True},
            )
        return Response(status=status.HTTP_204_NO_CONTENT)
