from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import services
from needsfirst.web.cases.models import NameToken, Person

pytestmark = pytest.mark.django_db


def test_the_json_export_holds_everything_with_htcds_names(
    caseworker, caseworker_client, open_case
):
    case = open_case(first_name="Amara", second_name="Okoro", citizenship=["NG"])
    services.note_add(
        actor=Actor.for_user(caseworker), case=case, body="First meeting", on=date(2026, 5, 1)
    )
    response = caseworker_client.get(reverse("cases:export_json", args=[case.uuid]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["person"]["prs_FirstName"] == "Amara"
    assert data["person"]["prs_Citizenship"] == ["NG"]
    assert data["cases"][0]["cas_Status"] == "Active"
    assert data["cases"][0]["notes"][0]["cco_CaseComment"] == "First meeting"


def test_the_pdf_export_is_a_pdf(caseworker_client, open_case):
    case = open_case()
    response = caseworker_client.get(reverse("cases:export_pdf", args=[case.uuid]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_erasure_removes_identifiers_notes_and_the_name_index(
    caseworker, supervisor_client, open_case
):
    case = open_case(first_name="Amara", second_name="Okoro", mobile_phone="+39 111")
    services.note_add(
        actor=Actor.for_user(caseworker), case=case, body="Private", on=date(2026, 5, 1)
    )
    response = supervisor_client.post(
        reverse("cases:erase", args=[case.uuid]), {"confirm": case.reference}
    )
    assert response.status_code == 302
    person = Person.objects.get(pk=case.person.pk)
    assert (person.first_name, person.second_name, person.mobile_phone) == ("", "", "")
    assert person.anonymised_at is not None
    assert not NameToken.objects.filter(person=person).exists()
    assert case.notes.get().body == "[erased]"
    assert AuditEntry.objects.filter(action=AuditAction.ERASE, object_id=str(person.uuid)).exists()


def test_erasure_needs_the_reference_typed_exactly(supervisor_client, open_case):
    case = open_case(first_name="Amara")
    response = supervisor_client.post(reverse("cases:erase", args=[case.uuid]), {"confirm": "yes"})
    assert response.status_code == 400
    assert Person.objects.get(pk=case.person.pk).first_name == "Amara"


def test_a_caseworker_cannot_erase(caseworker_client, open_case):
    case = open_case(first_name="Amara")
    response = caseworker_client.post(
        reverse("cases:erase", args=[case.uuid]), {"confirm": case.reference}
    )
    assert response.status_code == 403
    assert Person.objects.get(pk=case.person.pk).first_name == "Amara"


def test_a_name_in_arabic_script_is_drawn_with_a_font_that_has_its_letters(
    caseworker_client, open_case, monkeypatch
):
    from needsfirst.web.cases import exports

    captured = {}
    original = exports.paragraph

    def spy(text, style, width, **kwargs):
        made = original(text, style, width, **kwargs)
        captured[text] = made.style.fontName
        return made

    monkeypatch.setattr(exports, "paragraph", spy)
    case = open_case(first_name="محمد", second_name="Haddad")
    response = caseworker_client.get(reverse("cases:export_pdf", args=[case.uuid]))
    assert response.status_code == 200
    assert captured["prs_FirstName: محمد"] == "DejaVuSans"
    assert captured["prs_SecondName: Haddad"] != "DejaVuSans"


def test_the_pdf_export_of_a_person_with_nationalities_lists_them(
    caseworker_client, open_case, monkeypatch
):
    from needsfirst.web.cases import exports

    drawn: list[str] = []
    original = exports.paragraph

    def spy(text, style, width, **kwargs):
        drawn.append(text)
        return original(text, style, width, **kwargs)

    monkeypatch.setattr(exports, "paragraph", spy)
    case = open_case(first_name="Amara", second_name="Okoro", citizenship=["NG", "GH"])
    response = caseworker_client.get(reverse("cases:export_pdf", args=[case.uuid]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "prs_Citizenship: NG, GH" in drawn


def test_a_successful_export_is_audited_once_as_exported(caseworker_client, open_case):
    case = open_case(citizenship=["NG"])
    response = caseworker_client.get(reverse("cases:export_pdf", args=[case.uuid]))
    assert response.status_code == 200
    entries = AuditEntry.objects.filter(object_id=str(case.person.uuid)).exclude(
        action=AuditAction.CREATE
    )
    assert list(entries.values_list("action", "detail")) == [
        (AuditAction.EXPORT, {"format": "pdf"})
    ]


def test_a_failed_export_is_audited_as_failed_never_as_exported(
    caseworker_client, open_case, monkeypatch
):
    from needsfirst.web.cases import views

    def broken(person, title):
        raise RuntimeError("the PDF could not be drawn")

    monkeypatch.setattr(views, "person_export_pdf", broken)
    case = open_case(citizenship=["NG"])
    caseworker_client.raise_request_exception = False
    response = caseworker_client.get(reverse("cases:export_pdf", args=[case.uuid]))
    assert response.status_code == 500
    entries = AuditEntry.objects.filter(object_id=str(case.person.uuid)).exclude(
        action=AuditAction.CREATE
    )
    assert not entries.filter(action=AuditAction.EXPORT).exists()
    assert list(entries.values_list("action", "detail")) == [
        (AuditAction.EXPORT_FAILED, {"format": "pdf"})
    ]
