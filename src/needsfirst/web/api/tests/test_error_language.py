"""The API's one error shape speaks the language the caller asks for in Accept-Language (en, fr,
es, ar; English otherwise), while the machine-readable `code`, `error_codes` and field names stay
the same whatever the language."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from needsfirst.web.api.tests.callers import V1, Caller

pytestmark = pytest.mark.django_db

ARABIC_LETTER = re.compile("[\u0600-\u06ff]")


def said_in(language: str, english: str) -> str:
    with translation.override(language):
        return translation.gettext(english)


def test_an_unknown_token_is_refused_in_english_and_in_arabic_with_the_same_code():
    def refused(language: str) -> dict[str, str]:
        response = Client().get(
            f"{V1}/cases/",
            HTTP_AUTHORIZATION="Bearer nf_unknownunknownunknown",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code == 401
        return response.json()

    english, arabic = refused("en"), refused("ar")
    assert english == {
        "code": "invalid_token",
        "detail": "The token is unknown, expired or revoked.",
    }
    assert arabic["code"] == "invalid_token"
    assert arabic["detail"] == said_in("ar", "The token is unknown, expired or revoked.")
    assert ARABIC_LETTER.search(arabic["detail"])


def test_a_bad_field_is_named_in_french_under_the_same_field_and_code(shelter_system):
    english = shelter_system("GET", "/cases/?status=lost").json()
    french = shelter_system("GET", "/cases/?status=lost", HTTP_ACCEPT_LANGUAGE="fr").json()
    for answer in (english, french):
        assert answer["code"] == "invalid"
        assert answer["error_codes"] == {"status": ["invalid"]}
        assert list(answer["errors"]) == ["status"]
    assert english["detail"] == "The request has invalid fields: see errors."
    assert english["errors"]["status"] == ["Choose one of the listed values."]
    assert french["detail"] == said_in("fr", "The request has invalid fields: see errors.")
    assert french["errors"]["status"] == [said_in("fr", "Choose one of the listed values.")]
    assert french["detail"] != english["detail"]


def test_a_read_token_is_refused_a_write_in_spanish_with_the_same_code(shelter_admin):
    reader = Caller(shelter_admin, scope="read")
    english = reader("POST", "/cases/", {"first_name": "Amina"}).json()
    spanish = reader("POST", "/cases/", {"first_name": "Amina"}, HTTP_ACCEPT_LANGUAGE="es").json()
    assert english["code"] == spanish["code"] == "token_scope"
    assert english["detail"] == "This token may only read: it was created with the read scope."
    assert spanish["detail"] == said_in("es", english["detail"])
    assert spanish["detail"] != english["detail"]


def test_a_language_the_api_does_not_speak_gets_english(shelter_system):
    answer = shelter_system("GET", "/cases/?status=lost", HTTP_ACCEPT_LANGUAGE="de").json()
    assert answer["errors"]["status"] == ["Choose one of the listed values."]
    assert answer["detail"] == "The request has invalid fields: see errors."
