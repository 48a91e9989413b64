"""Rotating the field keys: data written under the old key is re-encrypted under the new one."""

from __future__ import annotations

import pytest
from django.db import connection

from needsfirst.protect.crypto import generate_key
from needsfirst.web.cases.selectors import people_search
from needsfirst.web.common import rotation

pytestmark = pytest.mark.django_db


def stored_first_name(person_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT first_name FROM cases_person WHERE id = %s", [person_id])
        return cursor.fetchone()[0]


def test_rotation_re_encrypts_everything_and_search_keeps_working(settings, caseworker, open_case):
    old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
    case = open_case(first_name="Mohammed", second_name="Haddad")
    before = stored_first_name(case.person.pk)

    settings.FIELD_ENCRYPTION_KEYS = [generate_key(), *old_keys]
    assert rotation.rows_needing_rotation() > 0
    rotated = rotation.rotate_all()

    assert rotated > 0
    assert rotation.rows_needing_rotation() == 0
    assert stored_first_name(case.person.pk) != before
    assert people_search(caseworker, "Muhammad Haddad") == [case.person]

    # Once rotated, the old keys can be removed.
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]
    case.person.refresh_from_db()
    assert case.person.first_name == "Mohammed"


def test_a_ciphertext_moved_to_another_column_does_not_decrypt(caseworker, open_case):
    from needsfirst.protect.errors import DecryptionError
    from needsfirst.web.cases.models import Person

    case = open_case(first_name="Amara", second_name="Okoro")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_person SET second_name = first_name WHERE id = %s", [case.person.pk]
        )
    with pytest.raises(DecryptionError):
        Person.objects.get(pk=case.person.pk)


def test_the_rotate_keys_command_reports_rows_left_under_an_older_key(open_case):
    from io import StringIO

    from django.core.management import call_command

    open_case()
    out = StringIO()
    call_command("rotate_keys", "--check", stdout=out)
    assert "rows still under an older key: 0" in out.getvalue()
