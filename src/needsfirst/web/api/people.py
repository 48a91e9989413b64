"""REST API v1: what the case page does with the person's own record — the identity documents
(listed and added), the subject-access export (JSON) and the erasure — through the cases app's
forms and services, so the encryption at rest, the rules of who may and the audit entries are
the pages'.

The export and the erasure ask a browser session for a password given in the last minutes (as
the pages do, accounts.reauth); a token is never asked. A token is never a supervisor, so it may
never erase (403, audited).
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from needsfirst.web.accounts.models import Role
from needsfirst.web.api.permissions import require_recent_session_authentication
from needsfirst.web.api.resources import ListResource, Resource
from needsfirst.web.api.serializers import PersonSerializer
from needsfirst.web.api.writes import _form_errors, _raise
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.exports import person_export_data
from needsfirst.web.cases.forms import DocumentForm
from needsfirst.web.cases.models import DocumentHolder, DocumentType, IdentityDocument


class DocumentSerializer(serializers.ModelSerializer):
    type = serializers.ChoiceField(choices=DocumentType.choices)
    number = serializers.CharField(max_length=200, required=False, allow_blank=True)
    issuing_country = serializers.CharField(
        max_length=2, required=False, allow_blank=True, help_text="ISO 3166 alpha-2."
    )
    held_by = serializers.ChoiceField(
        choices=DocumentHolder.choices, required=False, default=DocumentHolder.UNKNOWN
    )

    class Meta:
        model = IdentityDocument
        fields = ["type", "number", "issuing_country", "held_by", "recorded_at"]
        read_only_fields = ["recorded_at"]


class CaseDocuments(ListResource):
    """The identity documents of the case's person, newest first; a POST records one, as the
    document form of the case page (the number is encrypted at rest)."""

    serializer_class = DocumentSerializer
    audit_type = "identitydocument"

    def records(self) -> Any:
        return self.owned_case(self.kwargs["case_id"]).person.documents.all()

    def audit_detail(self) -> dict[str, Any]:
        return {"case": str(self.kwargs["case_id"])}

    @extend_schema(request=DocumentSerializer, responses={201: DocumentSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        case = self.owned_case(case_id)
        serializer = DocumentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entries = {name: str(value) for name, value in serializer.validated_data.items()}
        # The page's form checks the country against its list.
        form = DocumentForm(entries)
        _raise(_form_errors(form))
        document = case_services.document_add(actor=self.actor, case=case, data=form.cleaned_data)
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)


class PersonExport(Resource):
    """The subject-access export of the case's person, as the page's JSON export."""

    pagination_class = None
    audit_type = "person"

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, case_id: Any) -> Response:
        case = self.owned_case(case_id)
        require_recent_session_authentication(request)
        person = case.person
        try:
            # Serialised here, so a failure is caught before anything is answered.
            data = json.loads(json.dumps(person_export_data(person), ensure_ascii=False))
        except Exception:
            # Nothing left the building: the attempt is recorded as failed, never as an export.
            audit_record(
                actor=self.actor,
                action=AuditAction.EXPORT_FAILED,
                obj=person,
                detail={"format": "json", "api": type(self).__name__},
            )
            raise
        audit_record(
            actor=self.actor,
            action=AuditAction.EXPORT,
            obj=person,
            detail={"format": "json", "api": type(self).__name__},
        )
        response = Response(data)
        response["Cache-Control"] = "no-store"
        return response


class EraseSerializer(serializers.Serializer):
    confirm = serializers.CharField(
        max_length=64, help_text="The case's reference, typed again, as on the page."
    )


class PersonErase(Resource):
    """Erase (anonymise) the case's person: a supervisor of the holding organisation, with a
    recent password and the case's reference as confirmation, as on the page."""

    serializer_class = EraseSerializer
    pagination_class = None
    audit_type = "person"

    @extend_schema(request=EraseSerializer, responses={200: PersonSerializer})
    def post(self, request: Request, case_id: Any) -> Response:
        case = self.owned_case(case_id)
        if self.user.role != Role.SUPERVISOR or request.auth is not None:
            audit_record(
                actor=self.actor,
                action=AuditAction.ACCESS_DENIED,
                obj=case.person,
                detail={"api": type(self).__name__},
            )
            raise ApiPermissionDenied(detail=_("Only a supervisor may erase a person's data."))
        require_recent_session_authentication(request)
        serializer = EraseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["confirm"] != case.reference:
            raise ValidationError(
                {"confirm": [_("Type the case's reference to confirm the erasure.")]},
                code="invalid",
            )
        person = case_services.person_erase(actor=self.actor, person=case.person)
        return Response(PersonSerializer(person).data)
