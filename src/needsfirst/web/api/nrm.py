"""REST API v1 for the national referral mechanism (docs/nrm.md, docs/api.md).

Two doors, as on the pages. The first responder (the organisation holding the case) refers or
notifies from its case, lists the referrals it sent and asks for reconsideration; a member of a
competent authority reads its queue, what a referral carries, and records its decisions and its
answers to requests. Every endpoint calls the nrm app's selectors and services with the Actor:
the consent gate, the stage a decision may be taken at, the deadlines and the audit entries are
theirs, never this module's.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from needsfirst.web.accounts.models import User
from needsfirst.web.api.permissions import IsVerifiedStaff
from needsfirst.web.api.resources import ListResource, Resource, filtered_by_choice
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.nrm import selectors, services
from needsfirst.web.nrm.letter import letter_data, letter_pdf
from needsfirst.web.nrm.models import (
    ChallengeKind,
    ChallengeOutcome,
    Exploitation,
    NrmChallenge,
    NrmDecision,
    NrmKind,
    NrmReferral,
    NrmStatus,
    Stage,
)

# --- what is answered -------------------------------------------------------------------------


class DeadlineSerializer(serializers.Serializer):
    """The deadline of the stage a referral waits at, as the law data of its jurisdiction sets
    it on the day the stage started."""

    stage = serializers.ChoiceField(choices=Stage.choices)
    started_on = serializers.DateField()
    due_on = serializers.DateField(
        allow_null=True, help_text="Null where the law sets no deadline or target for the stage."
    )
    binding = serializers.CharField(
        help_text="'target' or 'statutory_limit'; empty without a deadline."
    )
    earliest_on = serializers.DateField(
        allow_null=True, help_text="No decision at this stage may be taken before this day."
    )
    waited_days = serializers.IntegerField(help_text="Calendar days since the stage started.")
    waited_working_days = serializers.IntegerField()
    overdue = serializers.BooleanField()


def _deadline(referral: NrmReferral) -> dict[str, Any] | None:
    if referral.kind != NrmKind.REFERRAL or referral.status not in selectors.OPEN:
        return None
    _stage, deadline = selectors.stage_deadline(referral, timezone.localdate())
    return None if deadline is None else dict(DeadlineSerializer(deadline).data)


class ChallengeSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    decision = serializers.UUIDField(source="decision.uuid")
    kind = serializers.ChoiceField(choices=ChallengeKind.choices)
    requested_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=ChallengeOutcome.choices)
    recorded_at = serializers.DateTimeField()


class DecisionSerializer(serializers.Serializer):
    """A decision by stage and outcome; its evidence and reasons are in the letter (the page's
    PDF, in the person's language), never copied here."""

    id = serializers.UUIDField(source="uuid")
    stage = serializers.ChoiceField(choices=Stage.choices)
    positive = serializers.SerializerMethodField()
    decided_on = serializers.DateField(source="authority_decision.decided_on")
    recorded_at = serializers.DateTimeField()
    appeal_by = serializers.SerializerMethodField()
    challenges = ChallengeSerializer(many=True, source="challenges.all")

    def get_positive(self, decision: NrmDecision) -> bool:
        return selectors.is_positive(decision)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_appeal_by(self, decision: NrmDecision) -> Any:
        day = selectors.appeal_by(decision)
        return None if day is None else day.isoformat()


class NrmReferralSerializer(serializers.Serializer):
    """A referral or notification as its sender reads it: ids, stage and decisions. What it
    carried is the case's own record, read through the case."""

    id = serializers.UUIDField(source="uuid")
    case = serializers.UUIDField(source="case.uuid")
    kind = serializers.ChoiceField(choices=NrmKind.choices)
    authority = serializers.UUIDField(source="authority.uuid")
    authority_name = serializers.CharField(source="authority.organisation.name")
    jurisdiction = serializers.CharField()
    child = serializers.BooleanField()
    consent = serializers.UUIDField(
        source="consent.uuid",
        allow_null=True,
        help_text="The consent the referral rests on; null for a child referred without one "
        "where the law allows it, and for an anonymous notification.",
    )
    exploitation = serializers.ChoiceField(choices=Exploitation.choices)
    status = serializers.ChoiceField(choices=NrmStatus.choices)
    received_on = serializers.DateField()
    sent_at = serializers.DateTimeField()
    deadline = serializers.SerializerMethodField()
    decisions = DecisionSerializer(many=True, source="decisions.all")

    @extend_schema_field(DeadlineSerializer(allow_null=True))
    def get_deadline(self, referral: NrmReferral) -> dict[str, Any] | None:
        return _deadline(referral)


class PendingChallengeSerializer(ChallengeSerializer):
    grounds = serializers.CharField()


class CarriedSerializer(serializers.Serializer):
    """A referral as its competent authority reads it: what it carried when it was sent (a
    notification carries nothing that identifies the person), never the case."""

    id = serializers.UUIDField(source="uuid")
    kind = serializers.ChoiceField(choices=NrmKind.choices)
    jurisdiction = serializers.CharField()
    child = serializers.BooleanField()
    person_name = serializers.CharField()
    age = serializers.IntegerField(allow_null=True)
    nationality = serializers.CharField()
    language = serializers.CharField()
    exploitation = serializers.ChoiceField(choices=Exploitation.choices)
    account = serializers.CharField()
    status = serializers.ChoiceField(choices=NrmStatus.choices)
    received_on = serializers.DateField()
    sent_at = serializers.DateTimeField()
    deadline = serializers.SerializerMethodField()
    decisions = DecisionSerializer(many=True, source="decisions.all")
    pending_requests = serializers.SerializerMethodField()

    @extend_schema_field(DeadlineSerializer(allow_null=True))
    def get_deadline(self, referral: NrmReferral) -> dict[str, Any] | None:
        return _deadline(referral)

    @extend_schema_field(PendingChallengeSerializer(many=True))
    def get_pending_requests(self, referral: NrmReferral) -> list[Any]:
        return list(
            PendingChallengeSerializer(selectors.pending_challenges(referral), many=True).data
        )


class QueueRowSerializer(serializers.Serializer):
    """One open referral in the authority's queue: its deadline and the time it waited. A
    referral whose consent was withdrawn stays listed, `readable` false."""

    id = serializers.UUIDField(source="referral.uuid")
    jurisdiction = serializers.CharField(source="referral.jurisdiction")
    child = serializers.BooleanField(source="referral.child")
    exploitation = serializers.ChoiceField(
        choices=Exploitation.choices, source="referral.exploitation"
    )
    status = serializers.ChoiceField(choices=NrmStatus.choices, source="referral.status")
    received_on = serializers.DateField(source="referral.received_on")
    stage = serializers.ChoiceField(choices=Stage.choices)
    deadline = DeadlineSerializer(allow_null=True)
    overdue = serializers.BooleanField()
    readable = serializers.BooleanField()


class NotificationSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    jurisdiction = serializers.CharField()
    nationality = serializers.CharField()
    exploitation = serializers.ChoiceField(choices=Exploitation.choices)
    received_on = serializers.DateField()
    sent_at = serializers.DateTimeField()


# --- what is sent -----------------------------------------------------------------------------


class ReferInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=NrmKind.choices,
        default=NrmKind.REFERRAL,
        help_text="A referral (with the person's consent, or a child's without it where the "
        "law asks none), or an anonymous notification where a duty to notify is in force.",
    )
    authority = serializers.UUIDField(help_text="The competent authority's id.")
    child = serializers.BooleanField(default=False)
    exploitation = serializers.ChoiceField(choices=Exploitation.choices)
    account = serializers.CharField(max_length=8000)


class ChallengeInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ChallengeKind.choices)
    requested_on = serializers.DateField()
    grounds = serializers.CharField(max_length=8000)


class DecisionInputSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(
        choices=Stage.choices,
        help_text="The stage you decide at: refused unless the referral waits at it (so a "
        "decision a colleague took meanwhile is not answered twice).",
    )
    positive = serializers.BooleanField()
    decided_on = serializers.DateField()
    evidence = serializers.CharField(max_length=8000)
    reasons = serializers.CharField(max_length=8000)


ANSWERS = [
    (ChallengeOutcome.UPHELD.value, ChallengeOutcome.UPHELD.label),
    (ChallengeOutcome.CHANGED.value, ChallengeOutcome.CHANGED.label),
]


class ResolveInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ANSWERS)


# --- the first responder ----------------------------------------------------------------------

NRM_STATUS = OpenApiParameter("status", str, enum=NrmStatus.values)
NRM_KIND = OpenApiParameter("kind", str, enum=NrmKind.values)


def _filtered(request: Request, records: Any) -> Any:
    for name, values in (("status", NrmStatus.values), ("kind", NrmKind.values)):
        records = filtered_by_choice(request, records, name, values)
    return records


@extend_schema(parameters=[NRM_STATUS, NRM_KIND])
class NrmReferralList(ListResource):
    """The referrals and notifications the organisation sent, from every case it holds."""

    serializer_class = NrmReferralSerializer
    audit_type = "nrmreferral"

    def records(self) -> Any:
        return _filtered(self.request, selectors.referrals_held_by(self.user))


class EntitlementSourceSerializer(serializers.Serializer):
    instrument = serializers.CharField()
    provision = serializers.CharField()
    url = serializers.CharField()
    verified = serializers.BooleanField()


class EntitlementSerializer(serializers.Serializer):
    """One entitlement of the needs package, with the law it comes from."""

    id = serializers.CharField()
    kind = serializers.CharField(source="kind.value")
    title = serializers.CharField()
    summary = serializers.CharField()
    minimum_category = serializers.CharField(source="minimum_category.key")
    children_only = serializers.BooleanField()
    effective_from = serializers.DateField()
    verified = serializers.BooleanField(
        help_text="False when the source or the date of effect is not verified yet."
    )
    # The law's citation (the metaclass takes declared fields off the class).
    source = EntitlementSourceSerializer()  # type: ignore[assignment]


class EntitlementsByCategorySerializer(serializers.Serializer):
    category = serializers.CharField(source="category.key")
    entitlements = EntitlementSerializer(many=True)


class NrmEntitlementsSerializer(serializers.Serializer):
    """What the latest decision gives, as the NRM case page lists it: the category the decision
    puts the person in, what is owed now, and what a later positive decision would add."""

    jurisdiction = serializers.CharField()
    on = serializers.DateField(help_text="The day the law is read on (today).")
    category = serializers.CharField(source="category.key")
    child = serializers.BooleanField()
    now = EntitlementSerializer(many=True)
    if_recognised = EntitlementsByCategorySerializer(many=True)


class NrmReferralDetailSerializer(NrmReferralSerializer):
    entitlements = serializers.SerializerMethodField()

    @extend_schema_field(NrmEntitlementsSerializer(allow_null=True))
    def get_entitlements(self, referral: NrmReferral) -> dict[str, Any] | None:
        summary = selectors.entitlements_for(referral, timezone.localdate())
        if summary is None:
            return None
        return NrmEntitlementsSerializer(
            {
                "jurisdiction": summary.jurisdiction,
                "on": summary.on,
                "category": summary.category,
                "child": summary.child,
                "now": summary.now,
                "if_recognised": [
                    {"category": level, "entitlements": items}
                    for level, items in summary.if_recognised
                ],
            }
        ).data


class NrmReferralDetail(Resource):
    serializer_class = NrmReferralDetailSerializer
    audit_type = "nrmreferral"

    def get(self, request: Request, referral_id: Any) -> Response:
        """The referral with its decisions and, after a decision, the entitlements that follow
        from it (null before any decision)."""
        referral = selectors.referral_for_sender(self.user, referral_id)
        self.audit_view(referral)
        return Response(NrmReferralDetailSerializer(referral).data)


class CaseNrmReferrals(ListResource):
    """A case's referrals to competent authorities; POST refers or notifies."""

    serializer_class = NrmReferralSerializer
    audit_type = "nrmreferral"

    def records(self) -> Any:
        return selectors.referrals_of_case(self.owned_case(self.kwargs["case_id"]))

    def audit_detail(self) -> dict[str, Any]:
        return {"case": str(self.kwargs["case_id"])}

    @extend_schema(request=ReferInputSerializer, responses={201: NrmReferralSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        case = self.owned_case(case_id)
        serializer = ReferInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        authority = selectors.authorities().filter(uuid=data["authority"]).first()
        if authority is None:
            raise ValidationError(
                {"authority": [_("No competent authority has this id.")]}, code="unknown"
            )
        service = (
            services.nrm_notify if data["kind"] == NrmKind.NOTIFICATION else services.nrm_refer
        )
        referral = service(actor=self.actor, case=case, authority=authority, data=data)
        return Response(NrmReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


class NrmChallengeCreate(Resource):
    """The first responder asks for reconsideration of a decision, or records an appeal."""

    serializer_class = ChallengeInputSerializer
    pagination_class = None
    audit_type = "nrmchallenge"

    @extend_schema(request=ChallengeInputSerializer, responses={201: ChallengeSerializer})
    def post(self, request: Request, referral_id: Any, decision_id: Any) -> Response:
        referral = selectors.referral_for_sender(self.user, referral_id)
        decision = referral.decisions.filter(uuid=decision_id).first()
        if decision is None:
            raise Http404
        serializer = ChallengeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        challenge = services.nrm_challenge(
            actor=self.actor, decision=decision, **serializer.validated_data
        )
        return Response(ChallengeSerializer(challenge).data, status=status.HTTP_201_CREATED)


# --- the competent authority ------------------------------------------------------------------


class IsAuthorityMember(IsVerifiedStaff):
    """A case role in an organisation of the type 'competent authority', as on its pages."""

    message = gettext_lazy("Only a member of a competent authority may do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return (
            super().has_permission(request, view)
            and isinstance(user, User)
            and selectors.is_authority_member(user)
        )


class AuthorityResource(Resource):
    permission_classes = [IsAuthorityMember]
    audit_type = "nrmreferral"

    def referral(self, referral_id: Any) -> NrmReferral:
        """Bound to the caller's authority and readable (consent in force): else 404 or 403,
        each audited by the selector."""
        return selectors.referral_for_authority(self.actor, referral_id)


class NrmQueue(AuthorityResource):
    """The authority's open referrals: overdue first, then by due date, then longest waiting.
    Not paginated: the order is the deadlines', computed for each row."""

    serializer_class = QueueRowSerializer
    pagination_class = None
    audit_type = "nrmqueue"

    @extend_schema(responses={200: QueueRowSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = selectors.authority_queue(self.user, timezone.localdate())
        audit_record(
            actor=self.actor,
            action=AuditAction.VIEW,
            object_type="nrmqueue",
            detail={"api": type(self).__name__, "rows": len(rows)},
        )
        return Response(QueueRowSerializer(rows, many=True).data)


class NrmNotificationList(AuthorityResource, ListResource):
    """Anonymous notifications the authority received, newest first."""

    serializer_class = NotificationSerializer

    def records(self) -> Any:
        return selectors.authority_notifications(self.user)


class AuthorityReferralDetail(AuthorityResource):
    serializer_class = CarriedSerializer

    def get(self, request: Request, referral_id: Any) -> Response:
        referral = self.referral(referral_id)
        self.audit_view(referral)
        return Response(CarriedSerializer(referral).data)


class AuthorityDecisionCreate(AuthorityResource):
    serializer_class = DecisionInputSerializer
    pagination_class = None
    audit_type = "nrmdecision"

    @extend_schema(request=DecisionInputSerializer, responses={201: DecisionSerializer})
    def post(self, request: Request, referral_id: Any) -> Response:
        referral = self.referral(referral_id)
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.nrm_decide(
            actor=self.actor, referral_uuid=referral.uuid, **serializer.validated_data
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class AuthorityChallengeResolve(AuthorityResource):
    """The authority upholds its decision, or changes it (the stage opens again)."""

    serializer_class = ResolveInputSerializer
    pagination_class = None
    audit_type = "nrmchallenge"

    @extend_schema(request=ResolveInputSerializer, responses={200: ChallengeSerializer})
    def post(self, request: Request, referral_id: Any, challenge_id: Any) -> Response:
        referral = self.referral(referral_id)
        serializer = ResolveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        challenge: NrmChallenge = services.nrm_challenge_resolve(
            actor=self.actor,
            referral_uuid=referral.uuid,
            challenge_uuid=challenge_id,
            outcome=serializer.validated_data["outcome"],
        )
        return Response(ChallengeSerializer(challenge).data)


# --- the decision letter ----------------------------------------------------------------------


class NrmDecisionLetter(Resource):
    """The decision letter as a PDF, in the person's language, for the organisation holding the
    case (the referral's sender), as the NRM case page offers it."""

    audit_type = "nrmdecision"
    pagination_class = None

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, referral_id: Any, decision_id: Any) -> HttpResponse:
        referral = selectors.referral_for_sender(self.user, referral_id)
        decision = (
            referral.decisions.select_related(
                "referral__case__organisation",
                "referral__authority__organisation",
                "authority_decision",
            )
            .filter(uuid=decision_id)
            .first()
        )
        if decision is None:
            raise Http404
        language, title, lines = letter_data(decision, timezone.localdate())
        pdf = letter_pdf(title, lines)
        audit_record(
            actor=self.actor,
            action=AuditAction.EXPORT,
            obj=decision,
            detail={"format": "pdf", "language": language, "api": type(self).__name__},
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="nrm-decision-{decision.uuid}.pdf"'
        response["Cache-Control"] = "no-store"
        return response
