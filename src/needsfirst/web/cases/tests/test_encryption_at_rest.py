"""A dump of the database shows no direct identifier and no note in clear text."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.cases import services
from needsfirst.web.cases.models import IdentityDocument, Person

pytestmark = pytest.mark.django_db

SECRETS = {
    "first_name": "Zephyrinea",
    "second_name": "Quuxbottom",
    "mobile_phone": "+39 555 8675309",
    "email": "zephyrinea@example.invalid",
    "identity_number": "IDX-77-123456",
    "mailing_street": "17 Hiddenlane Street",
    "safe_contact": "Call only on Tuesdays via Sister Bernadette",
}
NOTE = "She said the employer keeps her passport in a locked drawer"
DOCUMENT_NUMBER = "P9988776655"
BIRTHDATE = date(1994, 3, 17)


def dump_database() -> str:
    """Every value of every row of every table, as text: what a stolen backup would show."""
    lines: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            lines.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(lines)


def test_identifiers_and_notes_never_reach_the_database_in_clear(caseworker):
    case = services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={**SECRETS, "birthdate": BIRTHDATE},
        other_names=[("alias", "Zephy Quux-Alias")],
    )
    services.note_add(actor=Actor.for_user(caseworker), case=case, body=NOTE, on=date(2026, 1, 2))
    IdentityDocument.objects.create(
        person=case.person,
        type="passport",
        number=DOCUMENT_NUMBER,
        issuing_country="NG",
        held_by="employer",
    )

    dump = dump_database()

    for value in [*SECRETS.values(), NOTE, DOCUMENT_NUMBER, "Zephy Quux-Alias", "1994-03-17"]:
        assert value not in dump
        assert value.lower() not in dump.lower()
    assert "Zephyrinea".lower() not in dump.lower()


def test_encrypted_values_read_back_unchanged(caseworker):
    case = services.case_intake(
        actor=Actor.for_user(caseworker), person_data={**SECRETS, "birthdate": BIRTHDATE}
    )
    person = Person.objects.get(pk=case.person.pk)
    for field, value in SECRETS.items():
        assert getattr(person, field) == value
    assert person.birthdate == BIRTHDATE


def test_the_stored_ciphertext_is_an_authenticated_token_not_the_value(caseworker):
    case = services.case_intake(
        actor=Actor.for_user(caseworker), person_data={"first_name": "Abebe"}
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name FROM cases_person WHERE id = %s", [case.person.pk])
        (stored,) = cursor.fetchone()
    assert stored.startswith("nf1:")
    assert "Abebe" not in stored
