"""REST API v1 for the hand-over of a case to another organisation, often in another country
(docs/handover.md, docs/api.md).

The sending organisation creates the hand-over from the case it holds; the receiving one accepts
or declines it and records the follow-ups at 3, 6 and 12 months, which the sending organisation
reads back only while the person's second consent (purpose "follow-up back") is in force. Every
endpoint calls the handover app's selectors and services with the Actor: the consent gate
(checked at sending and again at acceptance), who may answer and the audit entries on both
organisations' trails are theirs.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from needsfirst.web.accounts.models import Organisation
from needsfirst.web.api.resources import ListResource, Resource, filtered_by_choice
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.handover import selectors, services
from needsfirst.web.handover.models import (
    FollowUp,
    FollowUpOutcome,
    Handover,
    HandoverKind,
    HandoverSection,
    HandoverStatus,
)

# --- what is answered -------------------------------------------------------------------------


class FollowUpSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    months = serializers.IntegerField(help_text="3, 6 or 12 months after the acceptance.")
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    outcome = serializers.CharField(help_text="Empty until the follow-up is recorded.")
    note = serializers.CharField()


class HandoverSerializer(serializers.Serializer):
    """A hand-over as either side reads it. `case` is the sending organisation's case (null for
    the receiver); `new_case` the receiving organisation's (null for the sender)."""

    id = serializers.UUIDField(source="uuid")
    case = serializers.SerializerMethodField()
    sender = serializers.UUIDField(source="case.organisation.uuid")
    sender_name = serializers.CharField(source="case.organisation.name")
    recipient = serializers.UUIDField(source="recipient.uuid")
    recipient_name = serializers.CharField(source="recipient.name")
    recipient_country = serializers.CharField(help_text="ISO 3166 alpha-2, when it was sent.")
    kind = serializers.ChoiceField(choices=HandoverKind.choices)
    sections = serializers.ListField(
        child=serializers.ChoiceField(choices=HandoverSection.choices),
        help_text="What went with the case; the rest stays with the sending organisation.",
    )
    message = serializers.CharField()
    status = serializers.ChoiceField(choices=HandoverStatus.choices)
    sent_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)
    accepted_on = serializers.DateField(allow_null=True)
    decline_reason = serializers.CharField()
    screening_status = serializers.SerializerMethodField()
    new_case = serializers.SerializerMethodField()

    def _organisation_id(self) -> Any:
        return self.context["organisation_id"]

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_case(self, handover: Handover) -> str | None:
        if handover.case.organisation_id != self._organisation_id():
            return None
        return str(handover.case.uuid)

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_new_case(self, handover: Handover) -> str | None:
        new_case = handover.new_case
        if new_case is None or new_case.organisation_id != self._organisation_id():
            return None
        return str(new_case.uuid)

    @extend_schema_field(serializers.CharField())
    def get_screening_status(self, handover: Handover) -> str:
        # As on the page: the receiver reads the screening outcome once it holds the case.
        sender = handover.case.organisation_id == self._organisation_id()
        if sender or handover.status == HandoverStatus.ACCEPTED:
            return handover.screening_status
        return ""


class HandoverDetailSerializer(HandoverSerializer):
    follow_ups_shared_back = serializers.SerializerMethodField(
        help_text="For the sender: whether the person's consent lets it read the follow-ups."
    )
    follow_ups = serializers.SerializerMethodField()

    def get_follow_ups_shared_back(self, handover: Handover) -> bool:
        return bool(self.context["shared_back"])

    @extend_schema_field(FollowUpSerializer(many=True))
    def get_follow_ups(self, handover: Handover) -> list[Any]:
        return list(FollowUpSerializer(self.context["follow_ups"], many=True).data)


# --- what is sent -----------------------------------------------------------------------------


class HandoverInputSerializer(serializers.Serializer):
    recipient = serializers.UUIDField(help_text="The receiving organisation's id.")
    kind = serializers.ChoiceField(choices=HandoverKind.choices)
    sections = serializers.MultipleChoiceField(choices=HandoverSection.choices)
    message = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class HandoverDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class FollowUpInputSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=FollowUpOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


# --- endpoints --------------------------------------------------------------------------------


class HandoverResource(Resource):
    audit_type = "handover"

    def context(self) -> dict[str, Any]:
        return {"organisation_id": self.user.organisation_id}

    def handover(self, handover_id: Any) -> Handover:
        # Neither side of it: 404 (audited by the error handler), its existence not revealed.
        return selectors.handover_get_for(self.user, handover_id)

    def refused(self, handover: Handover, action: str) -> PermissionDenied:
        audit_record(
            actor=self.actor,
            action=AuditAction.ACCESS_DENIED,
            obj=handover,
            detail={"api": f"handover_{action}"},
        )
        return PermissionDenied()


BOX = OpenApiParameter(
    "box", str, enum=["incoming", "outgoing"], description="Hand-overs received or sent."
)
STATUS = OpenApiParameter("status", str, enum=HandoverStatus.values)


@extend_schema(parameters=[BOX, STATUS])
class HandoverList(HandoverResource, ListResource):
    serializer_class = HandoverSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), **self.context()}

    def records(self) -> Any:
        found = selectors.handovers_visible_to(self.user)
        box = self.request.query_params.get("box")
        if box == "incoming":
            found = found.filter(recipient=self.user.organisation)
        elif box == "outgoing":
            found = found.filter(case__organisation=self.user.organisation)
        elif box:
            raise ValidationError({"box": [_("Choose incoming or outgoing.")]}, code="invalid")
        return filtered_by_choice(self.request, found, "status", HandoverStatus.values)


class CaseHandovers(HandoverResource, ListResource):
    """The hand-overs of a case the organisation holds; POST hands it over."""

    serializer_class = HandoverSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), **self.context()}

    def records(self) -> Any:
        case = self.owned_case(self.kwargs["case_id"])
        return selectors.handovers_visible_to(self.user).filter(case=case)

    def audit_detail(self) -> dict[str, Any]:
        return {"case": str(self.kwargs["case_id"])}

    @extend_schema(request=HandoverInputSerializer, responses={201: HandoverSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        case = self.owned_case(case_id)
        serializer = HandoverInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        recipient = Organisation.objects.filter(uuid=data["recipient"]).first()
        if recipient is None:
            raise ValidationError(
                {"recipient": [_("No organisation has this id.")]}, code="unknown"
            )
        # Through the consent gate of the page: refused, with the reason, without a consent.
        handover = services.handover_send(
            actor=self.actor,
            case=case,
            recipient=recipient,
            kind=data["kind"],
            sections=sorted(data["sections"]),
            message=data.get("message", ""),
        )
        return Response(
            HandoverSerializer(handover, context=self.context()).data,
            status=status.HTTP_201_CREATED,
        )


class HandoverDetail(HandoverResource):
    serializer_class = HandoverDetailSerializer

    def get(self, request: Request, handover_id: Any) -> Response:
        handover = self.handover(handover_id)
        user = self.user
        sender = handover.case.organisation_id == user.organisation_id
        receiver = handover.recipient_id == user.organisation_id
        follow_ups = selectors.follow_ups_for(user, handover)
        detail = {"api": type(self).__name__, "follow_ups": len(follow_ups)}
        # The same entries as the page: on the reader's trail, and on the receiver's when the
        # sender reads its follow-ups back.
        audit_record(
            actor=self.actor,
            action=AuditAction.VIEW,
            obj=handover,
            detail=detail,
            holder_id=handover.recipient_id if receiver else None,
        )
        if sender and follow_ups:
            audit_record(
                actor=self.actor,
                action=AuditAction.VIEW,
                obj=handover,
                detail=detail,
                holder_id=handover.recipient_id,
            )
        context = {
            **self.context(),
            "follow_ups": follow_ups,
            "shared_back": sender
            and handover.status == HandoverStatus.ACCEPTED
            and selectors.follow_up_shared_back(handover),
        }
        return Response(HandoverDetailSerializer(handover, context=context).data)


class HandoverAccept(HandoverResource):
    """The receiving organisation accepts: a new case opens there with what went. The consent
    is checked again; withdrawn since sending, nothing is copied and the reason is answered."""

    serializer_class = HandoverSerializer

    @extend_schema(request=None, responses={200: HandoverSerializer})
    def post(self, request: Request, handover_id: Any) -> Response:
        handover = self.handover(handover_id)
        try:
            services.handover_accept(actor=self.actor, handover=handover)
        except PermissionDenied:
            raise self.refused(handover, "accept") from None
        handover.refresh_from_db()
        return Response(HandoverSerializer(handover, context=self.context()).data)


class HandoverDecline(HandoverResource):
    serializer_class = HandoverDeclineSerializer

    @extend_schema(request=HandoverDeclineSerializer, responses={200: HandoverSerializer})
    def post(self, request: Request, handover_id: Any) -> Response:
        handover = self.handover(handover_id)
        try:
            # Who may answer first, as on the page: the sender is refused before its input is read.
            services.handover_check_answerer(actor=self.actor, handover=handover)
            serializer = HandoverDeclineSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            services.handover_decline(
                actor=self.actor, handover=handover, reason=serializer.validated_data["reason"]
            )
        except PermissionDenied:
            raise self.refused(handover, "decline") from None
        handover.refresh_from_db()
        return Response(HandoverSerializer(handover, context=self.context()).data)


class FollowUpRecord(HandoverResource):
    """The receiving organisation records the follow-up of 3, 6 or 12 months."""

    serializer_class = FollowUpInputSerializer
    audit_type = "followup"

    @extend_schema(request=FollowUpInputSerializer, responses={200: FollowUpSerializer})
    def post(self, request: Request, handover_id: Any, months: int) -> Response:
        handover = self.handover(handover_id)
        # As on the page: only the organisation holding the new case; others are not told more.
        if handover.new_case is None or handover.new_case.organisation_id != (
            self.user.organisation_id
        ):
            raise Http404
        follow_up: FollowUp | None = handover.follow_ups.filter(months=months).first()
        if follow_up is None:
            raise Http404
        serializer = FollowUpInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        saved = services.follow_up_record(
            actor=self.actor,
            follow_up=follow_up,
            done_on=data["done_on"],
            outcome=data["outcome"],
            note=data.get("note", ""),
        )
        return Response(FollowUpSerializer(saved).data)
