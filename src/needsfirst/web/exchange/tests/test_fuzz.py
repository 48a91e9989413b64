"""Fuzzing the importer against the database: any change to one field of a valid file is either
imported whole or refused whole, with the table, row and field named; never a crash."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from needsfirst.exchange import TABLES_BY_NAME, from_json
from needsfirst.web.accounts.models import User
from needsfirst.web.cases.models import Case, Person
from needsfirst.web.exchange.models import ExchangeKey, JobStatus
from needsfirst.web.exchange.services import export_organisation, import_now
from needsfirst.web.exchange.tests.conftest import admin_actor

pytestmark = pytest.mark.django_db

VALUES = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(["2024-02-29", "2023-02-29", "9999-12-31", "0001-01-01", "NP", "Active"])
    | st.lists(st.text(max_size=10), max_size=3)
)


class _Undo(Exception):
    """Roll back one example's writes, so the next starts from the same database."""


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_file_with_any_one_field_changed_is_imported_whole_or_refused_whole(
    full_case: Case, shelter_admin: User, other_admin: User, data: st.DataObject
) -> None:
    document: dict[str, Any] = from_json(
        export_organisation(actor=admin_actor(shelter_admin), file_format="json").content
    )
    tables = [name for name, rows in document["tables"].items() if rows]
    table = data.draw(st.sampled_from(tables))
    row = data.draw(st.integers(min_value=0, max_value=len(document["tables"][table]) - 1))
    field = data.draw(st.sampled_from(TABLES_BY_NAME[table].names))
    changed = copy.deepcopy(document)
    changed["tables"][table][row][field] = data.draw(VALUES)

    try:
        with transaction.atomic():
            job = import_now(
                actor=admin_actor(other_admin),
                file_name="fuzz.json",
                content=json.dumps(changed).encode(),
            )
            people = Person.objects.filter(organisation=other_admin.organisation).count()
            if job.status == JobStatus.DONE:
                assert people == 1
                assert Case.objects.filter(organisation=other_admin.organisation).count() == 1
            else:
                assert job.status in (JobStatus.REJECTED, JobStatus.FAILED)
                assert job.rejections
                assert all(r["table"] and r["row"] and r["field"] for r in job.rejections)
                assert people == 0
                assert not ExchangeKey.objects.exists()
            raise _Undo
    except _Undo:
        pass


def _records(user: User) -> dict[str, Any]:
    """The organisation's records as its export says them (ids and the time left out)."""
    document = from_json(export_organisation(actor=admin_actor(user), file_format="json").content)
    return document["tables"]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_second_import_with_any_one_field_changed_updates_whole_or_writes_nothing(
    full_case: Case, shelter_admin: User, other_admin: User, data: st.DataObject
) -> None:
    document: dict[str, Any] = from_json(
        export_organisation(actor=admin_actor(shelter_admin), file_format="json").content
    )
    shelter_before = _records(shelter_admin)
    tables = [name for name, rows in document["tables"].items() if rows]
    table = data.draw(st.sampled_from(tables))
    row = data.draw(st.integers(min_value=0, max_value=len(document["tables"][table]) - 1))
    field = data.draw(st.sampled_from(TABLES_BY_NAME[table].names))
    changed = copy.deepcopy(document)
    changed["tables"][table][row][field] = data.draw(VALUES)

    try:
        with transaction.atomic():
            actor = admin_actor(other_admin)
            first = import_now(
                actor=actor, file_name="first.json", content=json.dumps(document).encode()
            )
            assert first.status == JobStatus.DONE
            before = _records(other_admin)
            job = import_now(
                actor=actor, file_name="second.json", content=json.dumps(changed).encode()
            )
            if job.status == JobStatus.DONE:
                conflicts = job.summary["conflicts"]
                assert all(c["table"] and c["row"] and c["field"] for c in conflicts)
            else:
                assert job.status in (JobStatus.REJECTED, JobStatus.FAILED)
                assert all(r["table"] and r["row"] and r["field"] for r in job.rejections)
                assert _records(other_admin) == before  # nothing written, not even an update
            assert Person.objects.filter(organisation=other_admin.organisation).count() == 1
            # The source's records are never touched by another organisation's import.
            assert _records(shelter_admin) == shelter_before
            raise _Undo
    except _Undo:
        pass
