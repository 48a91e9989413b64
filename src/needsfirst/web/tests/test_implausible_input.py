"""Implausible input is refused naming the field: dates, lengths, invisible characters, formsets."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.assistance import services as assistance_services
from needsfirst.web.assistance.models import CooperationRecord, PlanItem, ReflectionPeriod
from needsfirst.web.cases.models import Case, CaseEvent, CaseNote, Consent, Person

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().isoformat()
YEAR_1, YEAR_9999 = "0001-01-01", "9999-12-31"


@pytest.fixture
def case(open_case) -> Case:
    return open_case()


# --- dates ------------------------------------------------------------------------------------


def test_a_reflection_period_starting_on_31_december_9999_is_a_field_error_not_a_500(
    caseworker_client, case
):
    response = caseworker_client.post(
        reverse("assistance:reflection_start", args=[case.uuid]),
        {"jurisdiction": "IT", "starts_on": YEAR_9999, "variant": "default"},
    )
    assert response.status_code == 400
    assert "starts_on" in response.context["form"].errors
    assert not ReflectionPeriod.objects.exists()


def test_the_reflection_service_refuses_a_period_past_the_year_9999_naming_starts_on(
    caseworker, case
):
    # Whatever the caller (the CLI, a job), the service answers with a field error.
    with pytest.raises(ValidationError) as error:
        assistance_services.reflection_period_start(
            actor=Actor.for_user(caseworker),
            case=case,
            jurisdiction="IT",
            starts_on=date(9999, 12, 31),
        )
    assert "starts_on" in error.value.message_dict
    assert not ReflectionPeriod.objects.exists()


def _forms(case: Case) -> dict[str, tuple[str, dict[str, str], str, type]]:
    """name -> (url, valid data but for the date, the date field, the model that must not grow)."""
    return {
        "note": (
            reverse("cases:note_add", args=[case.uuid]),
            {"body": "Met at the station"},
            "note_date",
            CaseNote,
        ),
        "event": (
            reverse("cases:event_add", args=[case.uuid]),
            {"type": "Recruitment", "description": "Recruited"},
            "date",
            CaseEvent,
        ),
        "consent": (
            reverse("cases:consent_add", args=[case.uuid]),
            {"kind": "assistance", "granted": "given", "method": "verbal"},
            "decided_on",
            Consent,
        ),
        "cooperation": (
            reverse("assistance:cooperation_add", args=[case.uuid]),
            {"status": "declined", "note": ""},
            "recorded_on",
            CooperationRecord,
        ),
        "plan action": (
            reverse("assistance:action_add", args=[case.uuid]),
            {
                "domain": "shelter",
                "action": "Book a bed",
                "role": "caseworker",
                "urgency": "4",
                "support_plan_type": "SocialCare",
            },
            "due_on",
            PlanItem,
        ),
        "reflection": (
            reverse("assistance:reflection_start", args=[case.uuid]),
            {"jurisdiction": "IT", "variant": "default"},
            "starts_on",
            ReflectionPeriod,
        ),
    }


@pytest.mark.parametrize(
    "form", ["note", "event", "consent", "cooperation", "plan action", "reflection"]
)
@pytest.mark.parametrize("day", [YEAR_1, "1899-12-31", YEAR_9999], ids=["year 1", "1899", "9999"])
def test_every_form_refuses_an_implausible_date_naming_the_field(
    caseworker_client, case, form, day
):
    url, data, field, model = _forms(case)[form]
    before = model.objects.count()
    response = caseworker_client.post(url, {**data, field: day})
    assert response.status_code == 400, response.content[:300]
    assert field in response.context["form"].errors
    assert model.objects.count() == before


@pytest.mark.parametrize("form", ["note", "event", "consent", "cooperation", "plan action"])
def test_every_form_still_takes_today(caseworker_client, case, form):
    url, data, field, model = _forms(case)[form]
    before = model.objects.count()
    response = caseworker_client.post(url, {**data, field: TODAY})
    assert response.status_code == 302, response.context["form"].errors
    assert model.objects.count() == before + 1


def test_the_message_gives_the_window_of_plausible_dates(caseworker_client, case):
    url, data, field, _model = _forms(case)["note"]
    response = caseworker_client.post(url, {**data, field: YEAR_1})
    (message,) = response.context["form"].errors[field]
    assert message.startswith("Enter a date between")


@pytest.mark.parametrize("birthdate", ["0683-05-01", "1899-12-31", "1900-01-01", "9999-01-01"])
def test_the_api_refuses_an_implausible_birth_date_naming_the_field(caseworker_client, birthdate):
    response = caseworker_client.post(
        "/api/v1/cases/",
        json.dumps({"first_name": "Amina", "birthdate": birthdate}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "birthdate" in response.json()["errors"]
    assert not Person.objects.exists()


@pytest.mark.parametrize("birthdate", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_the_intake_form_refuses_an_implausible_birth_date_naming_the_field(
    caseworker_client, birthdate
):
    response = caseworker_client.post(
        reverse("cases:intake"),
        {
            "first_name": "Amina",
            "sex": "unknown",
            "gender": "NonSpecifiedUnknown",
            "birthdate": birthdate,
        },
    )
    assert response.status_code == 400
    assert "birthdate" in response.context["form"].errors
    assert not Person.objects.exists()


# --- lengths ----------------------------------------------------------------------------------

MILLION = "x" * 1_000_000
INTAKE = {"first_name": "Amina", "sex": "unknown", "gender": "NonSpecifiedUnknown"}


def test_a_note_of_ten_thousand_characters_is_kept_and_one_more_is_refused(caseworker_client, case):
    url = reverse("cases:note_add", args=[case.uuid])
    refused = caseworker_client.post(url, {"body": "x" * 10_001, "note_date": TODAY})
    assert refused.status_code == 400
    assert "at most 10000 characters" in str(refused.context["form"].errors["body"])
    assert not CaseNote.objects.exists()
    kept = caseworker_client.post(url, {"body": "x" * 10_000, "note_date": TODAY})
    assert kept.status_code == 302
    assert len(CaseNote.objects.get().body) == 10_000


@pytest.mark.parametrize(
    ("where", "field"),
    [
        ("event", "description"),
        ("intake", "safe_contact"),
        ("intake", "aliases"),
        ("intake", "mailing_street"),
        ("case", "closure_reason"),
        ("cooperation", "note"),
    ],
)
def test_a_million_characters_of_free_text_are_refused_naming_the_field(
    caseworker_client, case, where, field
):
    posts = {
        "event": (
            reverse("cases:event_add", args=[case.uuid]),
            {"type": "Recruitment", "date": TODAY},
            CaseEvent,
        ),
        "intake": (reverse("cases:intake"), INTAKE, Person),
        "case": (
            reverse("cases:edit", args=[case.uuid]),
            {"status": "closed", "version": case.version},
            Case,
        ),
        "cooperation": (
            reverse("assistance:cooperation_add", args=[case.uuid]),
            {"status": "declined", "recorded_on": TODAY},
            CooperationRecord,
        ),
    }
    url, data, model = posts[where]
    before = model.objects.count()
    response = caseworker_client.post(url, {**data, field: MILLION})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert model.objects.count() == before
    case.refresh_from_db()
    assert case.closure_reason == ""


def test_an_alias_longer_than_a_name_field_is_refused_naming_aliases(caseworker_client):
    response = caseworker_client.post(
        reverse("cases:intake"), {**INTAKE, "aliases": "Amina Ali\n" + "y" * 201}
    )
    assert response.status_code == 400
    assert "aliases" in response.context["form"].errors
    assert not Person.objects.exists()


def test_the_model_refuses_an_overlong_text_whatever_the_entry_point(case, caseworker):
    note = CaseNote(case=case, author=caseworker, note_date=timezone.localdate(), body=MILLION)
    with pytest.raises(ValidationError) as error:
        note.full_clean()
    assert "body" in error.value.message_dict


# --- invisible and reordering characters in names -------------------------------------------

RLO, ZWSP, ZWNJ, LRI, PDI = "\u202e", "\u200b", "\u200c", "\u2066", "\u2069"


def test_the_intake_form_stores_names_without_invisible_or_reordering_characters(
    caseworker_client,
):
    response = caseworker_client.post(
        reverse("cases:intake"),
        {
            **INTAKE,
            "first_name": f"{RLO}Ami{ZWSP}na",
            "second_name": f"{LRI}Okoro{PDI} ",
            "aliases": f"Ami{ZWSP}na O.\n{RLO}",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.first_name, person.second_name) == ("Amina", "Okoro")
    assert [other.value for other in person.other_names.all()] == ["Amina O."]


def test_a_persian_name_keeps_its_zwnj(caseworker_client):
    mohammad_reza = f"محمد{ZWNJ}رضا"
    response = caseworker_client.post(
        reverse("cases:intake"), {**INTAKE, "first_name": f"{RLO}{mohammad_reza}"}
    )
    assert response.status_code == 302
    assert Person.objects.get().first_name == mohammad_reza


def test_a_name_of_invisible_characters_only_is_no_name(caseworker_client):
    response = caseworker_client.post(
        reverse("cases:intake"), {**INTAKE, "first_name": f"{RLO}{ZWSP}{LRI}{PDI}"}
    )
    assert response.status_code == 400
    assert "first_name" in response.context["form"].errors
    assert not Person.objects.exists()


def test_the_api_stores_names_without_invisible_or_reordering_characters(caseworker_client):
    response = caseworker_client.post(
        "/api/v1/cases/",
        json.dumps({"first_name": f"Ami{ZWSP}na", "second_name": f"{RLO}Okoro"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["person"]["second_name"] == "Okoro"
    person = Person.objects.get()
    assert (person.first_name, person.second_name) == ("Amina", "Okoro")


def test_the_api_refuses_a_name_of_invisible_characters_only(caseworker_client):
    response = caseworker_client.post(
        "/api/v1/cases/",
        json.dumps({"first_name": f"{RLO}{ZWSP}"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "first_name" in response.json()["errors"]
    assert not Person.objects.exists()


def test_a_name_with_hidden_characters_is_found_by_its_visible_spelling(caseworker_client):
    caseworker_client.post(reverse("cases:intake"), {**INTAKE, "second_name": f"Oko{ZWSP}ro"})
    response = caseworker_client.post(reverse("cases:search"), {"name": "Amina Okoro"})
    assert Case.objects.get().reference in response.content.decode()


def test_the_pdf_export_draws_the_name_without_reordering_characters(
    caseworker, caseworker_client, monkeypatch
):
    from needsfirst.web.cases import exports, services

    drawn: list[str] = []
    original = exports.paragraph

    def spy(text, style, width, **kwargs):
        drawn.append(text)
        return original(text, style, width, **kwargs)

    monkeypatch.setattr(exports, "paragraph", spy)
    case = services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={"first_name": f"{RLO}Amina", "second_name": ""},
    )
    response = caseworker_client.get(reverse("cases:export_pdf", args=[case.uuid]))
    assert response.status_code == 200
    assert "prs_FirstName: Amina" in drawn
    assert not any(RLO in text for text in drawn)
