"""REST API v1 for the duplicate review (web/dedup): the organisation's open candidate pairs,
"not the same person", merge and undo, through the dedup app's selectors and services, so the
rules and the audit entries are the pages'.

Who may do what (docs/api.md, "Duplicate review"):
- reading the pairs and the merges: a caseworker or a supervisor, signed in or through a token
  acting as a caseworker (the names and nationalities the list page shows, nothing more);
- "not the same person": the same, a write token included; it moves no data;
- merge and undo: a person only. A merge moves cases from one person to another, so it is a
  person's decision: a token is refused (403, `person_required`) and a browser session must have
  given its password in the last minutes (403, `reauthentication_required`), as the page asks.

The merge sends the versions of both people as read: a person changed since is refused (409,
`changed`), as are a pair already decided, a person held by another organisation now, an erased
person or one already merged elsewhere (409, with the reason in words).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from needsfirst.web.api.permissions import require_recent_session_authentication
from needsfirst.web.api.resources import Cursor, ListResource, Resource
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.dedup import selectors, services
from needsfirst.web.dedup.models import DuplicateCandidate, PersonMerge
from needsfirst.web.dedup.texts import missing_text, reason_text

# --- what is answered -------------------------------------------------------------------------


class PairPersonSerializer(serializers.Serializer):
    """One side of a pair, as the list page shows it: the name and the nationalities."""

    id = serializers.UUIDField(source="uuid")
    name = serializers.CharField(source="display_name")
    citizenship = serializers.ListField(child=serializers.CharField(), help_text="ISO 3166.")
    version = serializers.IntegerField(help_text="Send it back with the merge.")


class DuplicateReasonSerializer(serializers.Serializer):
    comparison = serializers.CharField(help_text="name, birth, nationality, document or sex.")
    level = serializers.CharField(help_text="The model's level for it (a stable code).")
    text = serializers.CharField(help_text="The level in words, in the reader's language.")


class CandidateSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    person_a = PairPersonSerializer()
    person_b = PairPersonSerializer()
    score = serializers.FloatField(source="probability", help_text="The model's probability.")
    percent = serializers.IntegerField(help_text="The score in whole per cent, never 100.")
    reasons = serializers.SerializerMethodField()
    status = serializers.CharField()

    @extend_schema_field(DuplicateReasonSerializer(many=True))
    def get_reasons(self, candidate: DuplicateCandidate) -> list[dict[str, str]]:
        texts, missing = reason_text(), missing_text()
        return [
            {
                "comparison": comparison,
                "level": level,
                "text": (missing.get(comparison) if level == "missing" else texts.get(level)) or "",
            }
            for comparison, level in candidate.reasons.items()
        ]


class MergeSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    kept = serializers.UUIDField(source="kept.uuid")
    absorbed = serializers.UUIDField(source="absorbed.uuid")
    candidate = serializers.UUIDField(source="candidate.uuid", allow_null=True, default=None)
    cases_moved = serializers.SerializerMethodField()
    merged_at = serializers.DateTimeField()
    merged_by = serializers.CharField(source="merged_by.username")
    undone_at = serializers.DateTimeField(allow_null=True)

    def get_cases_moved(self, merge: PersonMerge) -> int:
        return len(merge.moved_case_ids)


# --- what is sent -----------------------------------------------------------------------------


class MergeInputSerializer(serializers.Serializer):
    keep = serializers.ChoiceField(
        choices=[("a", "person a"), ("b", "person b")], help_text="Which record to keep."
    )
    person_a_version = serializers.IntegerField(min_value=1, help_text="As read in the list.")
    person_b_version = serializers.IntegerField(min_value=1, help_text="As read in the list.")


# --- endpoints --------------------------------------------------------------------------------


class ByScore(Cursor):
    ordering = ("-probability", "id")


class DuplicateResource(Resource):
    audit_type = "duplicatecandidate"

    def require_person(self, request: Request, obj: Any) -> None:
        """A merge or an undo is a person's decision: never a token, and a recent password."""
        if request.auth is not None:
            audit_record(
                actor=self.actor,
                action=AuditAction.ACCESS_DENIED,
                obj=obj,
                detail={"api": type(self).__name__, "refused": "token"},
            )
            raise ApiPermissionDenied(
                detail=_(
                    "A merge is decided by a person: sign in and call with your browser "
                    "session. API tokens may not merge people or undo a merge."
                ),
                code="person_required",
            )
        require_recent_session_authentication(request)


class CandidateList(DuplicateResource, ListResource):
    """The organisation's open pairs, the likeliest first."""

    serializer_class = CandidateSerializer
    pagination_class = ByScore

    def records(self) -> Any:
        return selectors.open_candidates(self.user)


class CandidateDismiss(DuplicateResource):
    """Not the same person: the pair leaves the list and is not proposed again."""

    serializer_class = CandidateSerializer
    pagination_class = None

    @extend_schema(request=None, responses={200: CandidateSerializer})
    def post(self, request: Request, candidate_id: Any) -> Response:
        selectors.candidate_for(self.user, candidate_id)
        try:
            candidate = services.not_the_same(actor=self.actor, candidate_uuid=candidate_id)
        except ObjectDoesNotExist as error:
            raise Http404 from error
        return Response(CandidateSerializer(candidate).data)


class CandidateMerge(DuplicateResource):
    """Merge the pair, keeping person a or person b: a signed-in person, recently
    re-authenticated; the versions read must still be the people's."""

    serializer_class = MergeInputSerializer
    pagination_class = None

    @extend_schema(request=MergeInputSerializer, responses={201: MergeSerializer})
    def post(self, request: Request, candidate_id: Any) -> Response:
        candidate = selectors.candidate_for(self.user, candidate_id)
        self.require_person(request, candidate)
        serializer = MergeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            merge = services.merge_candidate(
                actor=self.actor,
                candidate_uuid=candidate.uuid,
                keep=data["keep"],
                versions=(data["person_a_version"], data["person_b_version"]),
            )
        except ObjectDoesNotExist as error:
            raise Http404 from error
        return Response(MergeSerializer(merge).data, status=201)


class MergeList(DuplicateResource, ListResource):
    """The organisation's merges, newest first, undone ones included."""

    serializer_class = MergeSerializer
    audit_type = "personmerge"

    def records(self) -> Any:
        return selectors.merges_of(self.user)


class MergeUndo(DuplicateResource):
    """Undo a merge: the cases go back to the absorbed person, the pair is open again."""

    serializer_class = MergeSerializer
    pagination_class = None
    audit_type = "personmerge"

    @extend_schema(request=None, responses={200: MergeSerializer})
    def post(self, request: Request, merge_id: Any) -> Response:
        merge = selectors.merge_for(self.user, merge_id)
        self.require_person(request, merge)
        undone = services.undo_merge(actor=self.actor, merge_uuid=merge.uuid)
        return Response(MergeSerializer(undone).data)
