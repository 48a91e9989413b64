"""A person, decrypted in memory, as the duplicate model's plain record."""

from __future__ import annotations

import datetime as dt

from needsfirst.dedup.records import PersonRecord
from needsfirst.web.cases.models import Person


def _birth(person: Person) -> tuple[dt.date | None, bool]:
    if person.birthdate is not None:
        birthdate: dt.date = person.birthdate  # type: ignore[assignment]  # decrypted date
        return birthdate, False
    if person.estimated_age is not None:
        on = person.estimated_age_on or person.created_at.date()
        return dt.date(on.year - person.estimated_age, 1, 1), True
    return None, False


def person_record(person: Person) -> PersonRecord:
    """The values the model compares; documents must be prefetched (`documents`)."""
    birthdate, year_only = _birth(person)
    documents = [d.number for d in person.documents.all() if d.number]
    return PersonRecord(
        record_id=str(person.pk),
        given_name=" ".join(p for p in (person.first_name, person.middle_name) if p),
        family_name=person.second_name or "",
        birthdate=birthdate,
        birth_year_only=year_only,
        nationality=(person.citizenship or [""])[0],
        document_number=person.identity_number or (documents[0] if documents else ""),
        sex=person.sex,
    )
