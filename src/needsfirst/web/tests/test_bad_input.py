"""Bad input: every form and endpoint names the field at fault, never a 500, writes nothing."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.audit.models import AuditEntry
from needsfirst.web.cases import services
from needsfirst.web.cases.models import (
    Case,
    CaseEvent,
    CaseNote,
    CaseShare,
    Consent,
    ConsentKind,
    IdentityDocument,
    NameToken,
    Person,
    PersonName,
)
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db

MODELS = (Person, PersonName, NameToken, IdentityDocument, Case, CaseNote, CaseEvent, Consent)
TODAY = timezone.localdate()
TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()
VALID_INTAKE = {
    "first_name": "Amina",
    "second_name": "Testperson",
    "sex": "unknown",
    "gender": "NonSpecifiedUnknown",
}


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def assert_refused(response, field: str, status: int = 400) -> None:
    """The request was refused with an error attached to `field`, shown on the page."""
    assert response.status_code == status, response.content[:500]
    form = response.context["form"]
    assert field in form.errors, form.errors
    page = response.content.decode()
    for message in form.errors[field]:
        assert str(message).replace("'", "&#x27;").replace('"', "&quot;") in page


@pytest.fixture
def client(caseworker) -> Client:
    return signed_in(caseworker)


@pytest.fixture
def case(open_case) -> Case:
    return open_case()


# --- intake -----------------------------------------------------------------------------------


def test_a_valid_intake_opens_one_person_and_one_case(client):
    before = counts()
    response = client.post(reverse("cases:intake"), VALID_INTAKE)
    assert response.status_code == 302
    after = counts()
    assert after["Person"] == before["Person"] + 1
    assert after["Case"] == before["Case"] + 1


INTAKE_ERRORS = [
    pytest.param({"first_name": "", "second_name": ""}, "first_name", id="no name at all"),
    pytest.param(
        {"first_name": "", "second_name": "", "aliases": "  \n "},
        "first_name",
        id="blank aliases only",
    ),
    pytest.param({"estimated_age": "-1"}, "estimated_age", id="estimated age -1"),
    pytest.param({"estimated_age": "500"}, "estimated_age", id="estimated age 500"),
    pytest.param({"estimated_age": "thirty"}, "estimated_age", id="estimated age not a number"),
    pytest.param({"birthdate": TOMORROW}, "birthdate", id="birthdate in the future"),
    pytest.param({"birthdate": "1850-01-01"}, "birthdate", id="birthdate too long ago"),
    pytest.param({"birthdate": "31/02/2001"}, "birthdate", id="birthdate not a date"),
    pytest.param({"citizenship": ["XX"]}, "citizenship", id="unknown nationality code"),
    pytest.param({"primary_language": "zz"}, "primary_language", id="unknown language code"),
    pytest.param({"mailing_country": "QQ"}, "mailing_country", id="unknown country of address"),
    pytest.param({"email": "not-an-email"}, "email", id="malformed email"),
    pytest.param({"email": "a@b@c"}, "email", id="email with two at signs"),
    pytest.param({"first_name": "A" * 10_000}, "first_name", id="10000-char first name"),
    pytest.param({"second_name": "B" * 10_000}, "second_name", id="10000-char family name"),
    pytest.param({"sex": "robot"}, "sex", id="unknown sex"),
    pytest.param({"gender": "Unknown"}, "gender", id="unknown gender"),
    pytest.param({"first_name": "Ami\x00na"}, "first_name", id="NUL character in a name"),
]


@pytest.mark.parametrize(("change", "field"), INTAKE_ERRORS)
def test_intake_refuses_bad_input_naming_the_field_and_writes_nothing(client, change, field):
    before = counts()
    audit_before = AuditEntry.objects.count()
    response = client.post(reverse("cases:intake"), {**VALID_INTAKE, **change})
    assert_refused(response, field)
    assert counts() == before
    assert AuditEntry.objects.count() == audit_before


def test_intake_with_an_empty_body_names_the_missing_name(client):
    before = counts()
    assert_refused(client.post(reverse("cases:intake"), {}), "first_name")
    assert counts() == before


name_text = st.text(max_size=250)
INTAKE_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "first_name": name_text,
        "middle_name": name_text,
        "second_name": name_text,
        "aliases": st.text(max_size=500),
        "birthdate": st.one_of(st.dates().map(str), st.text(max_size=20)),
        "estimated_age": st.one_of(st.integers(-(10**6), 10**6).map(str), st.text(max_size=8)),
        "sex": st.sampled_from(["female", "male", "intersex", "unknown", "", "x" * 20]),
        "gender": st.sampled_from(["Feminine", "NonSpecifiedUnknown", "", "feminine"]),
        "citizenship": st.lists(st.text(max_size=3), max_size=3),
        "primary_language": st.one_of(st.just("ar"), st.text(max_size=4)),
        "mailing_country": st.one_of(st.just("IT"), st.text(max_size=3)),
        "email": st.one_of(st.emails(), st.text(max_size=40)),
        "mobile_phone": st.text(max_size=40),
        "safe_contact": st.text(max_size=300),
        "assistance_consent": st.sampled_from(["", "yes", "no", "maybe"]),
    },
)


def test_fuzzed_intake_never_fails_with_500_and_never_writes_half_a_record(caseworker):
    client = signed_in(caseworker)
    client.raise_request_exception = False

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(data=INTAKE_FIELDS)
    def check(data: dict[str, object]) -> None:
        before = counts()
        response = client.post(reverse("cases:intake"), data)
        assert response.status_code in (302, 400), response.status_code
        after = counts()
        if response.status_code == 400:
            assert after == before
        else:
            assert after["Person"] == before["Person"] + 1
            assert after["Case"] == before["Case"] + 1

    check()


# --- case edit --------------------------------------------------------------------------------


def edit(client: Client, case: Case, **data: object):
    body = {"status": case.status, "version": case.version, **data}
    body = {key: value for key, value in body.items() if value is not None}
    return client.post(reverse("cases:edit", args=[case.uuid]), body)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"status": "flying"}, "status", id="unknown status"),
        pytest.param({"status": "follow_up"}, "status", id="open to follow-up is not allowed"),
        pytest.param({"status": "reopened"}, "status", id="open to reopened is not allowed"),
        pytest.param({"version": None}, "version", id="version missing"),
        pytest.param({"version": "abc"}, "version", id="version not a number"),
        pytest.param({"status": "closed"}, "closure_reason", id="closed without a reason"),
        pytest.param({"assigned_caseworker": "999999"}, "assigned_caseworker", id="unknown user"),
    ],
)
def test_case_edit_refuses_bad_input_naming_the_field(client, case, data, field):
    before = Case.objects.values("status", "version").get(pk=case.pk)
    assert_refused(edit(client, case, **data), field)
    assert Case.objects.values("status", "version").get(pk=case.pk) == before


def test_case_edit_refuses_a_caseworker_of_another_organisation(client, case, make_user, other_ngo):
    stranger = make_user(Role.CASEWORKER, other_ngo)
    assert_refused(edit(client, case, assigned_caseworker=stranger.pk), "assigned_caseworker")
    case.refresh_from_db()
    assert case.assigned_caseworker != stranger


def test_a_stale_version_on_the_case_page_is_a_conflict_that_saves_nothing(client, case):
    response = edit(client, case, status="screening", version=case.version + 5)
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.status == "open"


def test_the_person_edit_form_names_a_missing_version(client, case):
    response = client.post(
        reverse("cases:person_edit", args=[case.uuid]), {**VALID_INTAKE, "first_name": "X"}
    )
    assert_refused(response, "version")
    case.person.refresh_from_db()
    assert case.person.first_name == "Mohammed"


# --- notes, events, consents ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"body": "", "note_date": TODAY.isoformat()}, "body", id="empty"),
        pytest.param({"body": "   ", "note_date": TODAY.isoformat()}, "body", id="blank"),
        pytest.param({"body": "Seen today", "note_date": TOMORROW}, "note_date", id="future"),
        pytest.param({"body": "Seen today", "note_date": "yesterday"}, "note_date", id="no date"),
        pytest.param({"body": "x" * 20_001, "note_date": TODAY.isoformat()}, "body", id="too long"),
    ],
)
def test_a_bad_note_is_refused_naming_the_field(client, case, data, field):
    before = counts()
    assert_refused(client.post(reverse("cases:note_add", args=[case.uuid]), data), field)
    assert counts() == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param({"type": "Recruitment", "date": TOMORROW}, "date", id="future date"),
        pytest.param({"type": "Kidnapping"}, "type", id="unknown type"),
        pytest.param({"type": ""}, "type", id="no type"),
        pytest.param({"type": "Transit", "country": "XX"}, "country", id="unknown country"),
        pytest.param({"type": "Transit", "city": "c" * 101}, "city", id="city too long"),
    ],
)
def test_a_bad_event_is_refused_naming_the_field(client, case, data, field):
    before = counts()
    assert_refused(client.post(reverse("cases:event_add", args=[case.uuid]), data), field)
    assert counts() == before


def consent_data(**change: object) -> dict[str, object]:
    data = {
        "kind": ConsentKind.DATA_SHARING,
        "granted": "given",
        "purpose": "referral",
        "method": "verbal",
        "decided_on": TODAY.isoformat(),
    }
    data.update(change)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"purpose": None}, "purpose", id="data sharing without purpose"),
        pytest.param({}, "recipient", id="data sharing without recipient"),
        pytest.param({"decided_on": TOMORROW}, "decided_on", id="decision in the future"),
        pytest.param({"kind": "everything"}, "kind", id="unknown kind"),
        pytest.param({"method": "telepathy"}, "method", id="unknown method"),
        pytest.param({"recipient": "999999"}, "recipient", id="unknown recipient"),
    ],
)
def test_a_bad_consent_is_refused_naming_the_field(client, case, change, field):
    before = counts()
    assert_refused(
        client.post(reverse("cases:consent_add", args=[case.uuid]), consent_data(**change)), field
    )
    assert counts() == before


def test_a_consent_cannot_be_withdrawn_twice(client, case, caseworker):
    consent = services.consent_record(
        actor=Actor.for_user(caseworker),
        case=case,
        data={"kind": "assistance", "granted": True, "method": "verbal", "decided_on": TODAY},
    )
    url = reverse("cases:consent_withdraw", args=[case.uuid, consent.uuid])
    assert client.post(url, {"withdrawn_on": TODAY.isoformat()}).status_code == 302
    assert_refused(client.post(url, {"withdrawn_on": TODAY.isoformat()}), "withdrawn_on")
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY


@pytest.mark.parametrize(
    "withdrawn_on",
    [TOMORROW, "2000-01-01", "not a date", ""],
    ids=["in the future", "before the decision", "not a date", "missing"],
)
def test_a_withdrawal_date_outside_decision_to_today_is_refused(
    client, case, caseworker, withdrawn_on
):
    consent = services.consent_record(
        actor=Actor.for_user(caseworker),
        case=case,
        data={"kind": "assistance", "granted": True, "method": "verbal", "decided_on": TODAY},
    )
    url = reverse("cases:consent_withdraw", args=[case.uuid, consent.uuid])
    assert_refused(client.post(url, {"withdrawn_on": withdrawn_on}), "withdrawn_on")
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


@pytest.mark.parametrize("name", ["", "a", " ", "x" * 201])
def test_a_search_too_short_or_too_long_names_the_field(client, name):
    response = client.post(reverse("cases:search"), {"name": name})
    assert response.status_code in (200, 400)
    assert "name" in response.context["form"].errors


# --- malformed URLs ---------------------------------------------------------------------------


UNKNOWN = "5bffbcd2-dd2c-4030-9e43-985ea838f7fb"  # well formed, held by no one
MALFORMED_PATHS = [
    "/cases/not-a-uuid/",
    "/cases/12345/edit/",
    "/cases/%00/",
    "/cases/../../etc/passwd",
    "/cases/00000000-0000-0000-0000-00000000000g/",
    f"/cases/{UNKNOWN}/",
    f"/cases/{UNKNOWN}/edit/",
    f"/cases/{UNKNOWN}/export.json",
    "/api/v1/cases/not-a-uuid/",
    "/api/v1/cases/------------------------------------/",
    "/api/v1/cases/aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaaa/",
    f"/api/v1/cases/{UNKNOWN}/",
]


@pytest.mark.parametrize("path", MALFORMED_PATHS)
def test_a_malformed_or_unknown_id_in_the_url_is_404_never_500(caseworker, path):
    client = signed_in(caseworker)
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 404
    assert b"Traceback" not in response.content


def test_an_unknown_consent_of_a_known_case_is_404(client, case):
    url = reverse("cases:consent_withdraw", args=[case.uuid, uuid.uuid4()])
    assert client.post(url, {"withdrawn_on": TODAY.isoformat()}).status_code == 404


# --- the API ----------------------------------------------------------------------------------


def api_post(client: Client, path: str, body: str, method: str = "POST"):
    return client.generic(method, path, body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param("{not json", "detail", id="invalid JSON"),
        pytest.param("[1, 2, 3]", "non_field_errors", id="a list instead of an object"),
        pytest.param("{}", "first_name", id="no name"),
        pytest.param(
            '{"first_name": 42, "estimated_age": "old"}', "estimated_age", id="age as text"
        ),
        pytest.param('{"first_name": "A", "estimated_age": 500}', "estimated_age", id="age 500"),
        pytest.param(
            '{"first_name": "A", "citizenship": "IT"}', "citizenship", id="nationality not a list"
        ),
        pytest.param(
            '{"first_name": "A", "citizenship": ["XX"]}', "citizenship", id="unknown nationality"
        ),
        pytest.param(
            '{"first_name": "A", "birthdate": "tomorrow"}', "birthdate", id="birthdate not a date"
        ),
        pytest.param(
            json.dumps({"first_name": "A", "birthdate": TOMORROW}),
            "birthdate",
            id="birthdate in the future",
        ),
        pytest.param('{"first_name": "A", "sex": "robot"}', "sex", id="unknown sex"),
        pytest.param(json.dumps({"first_name": "A" * 10_000}), "first_name", id="10000-char name"),
        pytest.param(
            '{"first_name": "A", "primary_language": "zz"}',
            "primary_language",
            id="unknown language",
        ),
    ],
)
def test_the_api_refuses_a_bad_intake_naming_the_field(client, body, field):
    before = counts()
    response = api_post(client, "/api/v1/cases/", body)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert counts() == before


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        pytest.param('{"status": "flying", "version": 1}', "status", 400, id="unknown status"),
        pytest.param('{"status": "screening"}', "version", 400, id="missing version"),
        pytest.param(
            '{"status": "screening", "version": "one"}', "version", 400, id="version text"
        ),
        pytest.param(
            '{"status": "follow_up", "version": 1}', "status", 400, id="transition not allowed"
        ),
        pytest.param('{"status": "screening", "version": 7}', "version", 409, id="stale version"),
        pytest.param("{oops", "detail", 400, id="invalid JSON"),
    ],
)
def test_the_api_refuses_a_bad_update_naming_the_field(client, case, body, field, status):
    response = api_post(client, f"/api/v1/cases/{case.uuid}/", body, method="PATCH")
    assert response.status_code == status, response.content
    assert field in response.json()["errors"], response.json()
    assert Case.objects.values_list("status", "version").get(pk=case.pk) == ("open", 1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"name": "a"}', "name"),
        ("{}", "name"),
        ('{"name": ["Amina"]}', "name"),
        ("nope", "detail"),
    ],
)
def test_the_api_search_names_the_field(client, body, field):
    response = api_post(client, "/api/v1/cases/search/", body)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_the_api_refuses_a_body_that_is_not_json(client):
    response = client.post("/api/v1/cases/", "first_name=Amina", content_type="text/plain")
    assert response.status_code == 415
    assert counts()["Person"] == 0


# --- oversized and malformed requests ---------------------------------------------------------


def test_an_oversized_form_is_400_and_writes_nothing(caseworker):
    client = signed_in(caseworker)
    client.raise_request_exception = False
    response = client.post(
        reverse("cases:intake"), {**VALID_INTAKE, "safe_contact": "x" * 3_000_000}
    )
    assert response.status_code == 400
    assert counts()["Person"] == 0
    assert b"Traceback" not in response.content


def test_a_form_with_too_many_fields_is_400(caseworker):
    client = signed_in(caseworker)
    client.raise_request_exception = False
    fields = {f"field{number}": "x" for number in range(1500)}
    response = client.post(reverse("cases:intake"), {**VALID_INTAKE, **fields})
    assert response.status_code == 400
    assert counts()["Person"] == 0


def test_an_oversized_api_body_is_400(caseworker):
    client = signed_in(caseworker)
    client.raise_request_exception = False
    body = json.dumps({"first_name": "A", "padding": "x" * 3_000_000})
    response = api_post(client, "/api/v1/cases/", body)
    assert response.status_code in (400, 413)
    assert counts()["Person"] == 0


def test_a_broken_multipart_body_is_400_never_500(caseworker):
    client = signed_in(caseworker)
    client.raise_request_exception = False
    response = client.generic(
        "POST",
        reverse("cases:intake"),
        b'--xyz\r\nContent-Disposition: form-data; name="first_name"\r\n\r\nAmina',
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400
    assert counts()["Person"] == 0


def test_a_wrong_csrf_token_gets_the_403_page_not_a_traceback(caseworker):
    client = signed_in(caseworker)
    client.handler.enforce_csrf_checks = True
    response = client.post(
        reverse("cases:intake"), {**VALID_INTAKE, "csrfmiddlewaretoken": "x" * 64}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "This form has expired" in page
    assert "Traceback" not in page
    assert "Testperson" not in page
    assert counts()["Person"] == 0


def test_a_wrong_csrf_token_on_the_api_is_403_with_json(caseworker):
    client = signed_in(caseworker)
    client.handler.enforce_csrf_checks = True
    response = api_post(client, "/api/v1/cases/", json.dumps({"first_name": "Amina"}))
    assert response.status_code == 403
    assert counts()["Person"] == 0


@override_settings(DEBUG=False)
def test_the_500_page_shows_nothing_that_was_submitted(caseworker, monkeypatch):
    def broken(**kwargs: object) -> None:
        raise RuntimeError("Amina Testperson could not be saved")

    monkeypatch.setattr(services, "case_intake", broken)
    client = signed_in(caseworker)
    client.raise_request_exception = False
    response = client.post(reverse("cases:intake"), {**VALID_INTAKE, "mobile_phone": "+39 333 1"})
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong" in page
    for value in ("Amina", "Testperson", "+39 333 1", "RuntimeError", "Traceback"):
        assert value not in page


def test_a_share_is_untouched_by_a_refused_consent(client, case, other_ngo):
    # A refused data-sharing consent must not leave a share behind either.
    before = CaseShare.objects.count()
    client.post(
        reverse("cases:consent_add", args=[case.uuid]),
        consent_data(recipient=other_ngo.pk, decided_on=TOMORROW),
    )
    assert CaseShare.objects.count() == before
    assert not Consent.objects.filter(case=case).exists()
