from __future__ import annotations

import pytest
from django.urls import reverse

from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import DocumentHolder, IdentityDocument

pytestmark = pytest.mark.django_db


def test_a_passport_held_by_the_employer_is_recorded_and_shown(caseworker_client, open_case):
    case = open_case()
    response = caseworker_client.post(
        reverse("cases:document_add", args=[case.uuid]),
        {"type": "passport", "number": "A1234567", "issuing_country": "NG", "held_by": "employer"},
    )
    assert response.status_code == 302
    document = IdentityDocument.objects.get(person=case.person)
    assert document.held_by == DocumentHolder.EMPLOYER
    assert document.number == "A1234567"
    page = caseworker_client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "An employer" in page
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="identitydocument"
    ).exists()


def test_an_unknown_document_type_or_country_is_refused_naming_the_field(
    caseworker_client, open_case
):
    case = open_case()
    response = caseworker_client.post(
        reverse("cases:document_add", args=[case.uuid]),
        {"type": "spaceship-licence", "issuing_country": "XX", "held_by": "person"},
    )
    assert response.status_code == 400
    assert {"type", "issuing_country"} <= set(response.context["form"].errors)
    assert not IdentityDocument.objects.exists()
