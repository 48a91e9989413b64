"""An organisation encodes its own people for a linkage round (docs/linkage.md).

Names and dates of birth are decrypted in memory, a page of people at a time, turned into
Bloom-filter encodings and dropped: no clear text is written anywhere. The encoding file holds no
identifier; its rows follow the people's creation order. Each run is audited with its count
only; people whose records were anonymised are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied

from needsfirst.linkage import fileformat
from needsfirst.linkage.encoding import DEFAULT_SETTINGS, FILTER_BYTES, Encoder
from needsfirst.linkage.keys import LinkageKey
from needsfirst.linkage.records import LinkageRecord
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Person, Sex

ENCODE_ROLES = frozenset({Role.ORGANISATION_ADMIN, Role.SUPERVISOR})
_SEXES = {Sex.FEMALE: "female", Sex.MALE: "male", Sex.INTERSEX: "other"}


def linkage_record_of(person: Person) -> LinkageRecord | None:
    """The fields linkage encodes; None for a person without any name."""
    names = tuple(
        name for name in (person.first_name, person.middle_name, person.second_name) if name
    )
    if not names:
        return None
    year: int | None = None
    month_day: tuple[int, int] | None = None
    birthdate: object = person.birthdate
    if isinstance(birthdate, dt.date):
        year = birthdate.year
        if (birthdate.month, birthdate.day) != (1, 1):
            month_day = (birthdate.month, birthdate.day)
    elif person.estimated_age is not None:
        estimated_on = person.estimated_age_on or person.created_at.date()
        year = estimated_on.year - person.estimated_age
    return LinkageRecord(
        names=names,
        family_name=person.second_name,
        birth_year=year,
        birth_month_day=month_day,
        sex=_SEXES.get(Sex(person.sex), ""),
        nationalities=tuple(sorted({str(code).upper() for code in person.citizenship or []})),
    )


def _records(organisation_id: int) -> Iterator[LinkageRecord]:
    people = (
        Person.objects.filter(organisation_id=organisation_id, anonymised_at__isnull=True)
        .order_by("created_at", "pk")
        .only(
            "first_name",
            "middle_name",
            "second_name",
            "birthdate",
            "estimated_age",
            "estimated_age_on",
            "sex",
            "citizenship",
            "created_at",
        )
    )
    for person in people.iterator(chunk_size=2000):
        record = linkage_record_of(person)
        if record is not None:
            yield record


def organisation_encodings(*, actor: Actor, key: LinkageKey) -> tuple[bytes, int]:
    """The encoding file of the actor's organisation, and how many people it holds."""
    if actor.role not in ENCODE_ROLES or actor.organisation_id is None:
        audit_record(actor=actor, action=AuditAction.ACCESS_DENIED, object_type="linkage_encoding")
        raise PermissionDenied
    filters, block_keys = Encoder(key).encode(_records(actor.organisation_id))
    count = len(filters) // FILTER_BYTES
    content = fileformat.to_bytes(
        key_fingerprint=key.fingerprint,
        settings=DEFAULT_SETTINGS,
        filters=bytes(filters),
        block_keys=bytes(block_keys),
    )
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="linkage_encoding",
        detail={"records": count, "key_fingerprint": key.fingerprint},
        holder_id=actor.organisation_id,
    )
    return content, count
