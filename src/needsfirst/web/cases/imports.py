"""Importing people in bulk (a national referral mechanism's register, a hub's hand-over).

Each row becomes a person with a first case held by the importing organisation, exactly as the
intake form would make them: the same model validation (names cleaned of invisible characters,
ISO codes, ages), encryption by the same fields, blind-index tokens by the same `crypto`
functions, two audit entries per person (the person and the case created). One bad row refuses
the whole file with every error named by row and field, and nothing is written. The writing is
one transaction of COPY batches (`common.bulk`), so an interrupted import leaves nothing
half-written. Serially (SQLite, or no workers) every row is checked before the first is written;
on PostgreSQL worker processes check and make batch n+1 while batch n is written
(`import_pipeline`), and a bad row in any batch rolls the whole transaction back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from needsfirst.protect.names import index_keys
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES, User
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import Case, NameToken, Person
from needsfirst.web.cases.services import new_case_reference
from needsfirst.web.common import bulk, crypto
from needsfirst.web.common.validators import validate_country_code, validate_language_code

# Columns an import may fill (HTCDS-named fields of the person); anything else is refused.
IMPORT_FIELDS = (
    "first_name",
    "middle_name",
    "second_name",
    "birthdate",
    "estimated_age",
    "sex",
    "gender",
    "citizenship",
    "primary_language",
    "secondary_language",
    "mobile_phone",
    "mailing_city",
    "mailing_country",
)
ALL_FIELDS = [field.name for field in Person._meta.concrete_fields]
MAX_ERRORS = 20
BATCH = 5000
# Worker processes of the pipelined import (PostgreSQL): one keeps both cores of a small server
# busy, the worker making batches while this process and its backend write them.
PROCESSES = 1


@dataclass(frozen=True)
class ImportResult:
    people: int
    cases: list[int]
    case_uuids: list[uuid.UUID]


def _field_check(name: str, validate: Any, value: str) -> None:
    try:
        validate(value)
    except ValidationError as error:
        raise ValidationError({name: error.messages}) from error


def _person(row: Mapping[str, Any], *, organisation_id: int) -> Person:
    unknown = sorted(set(row) - set(IMPORT_FIELDS))
    if unknown:
        raise ValidationError({unknown[0]: _("This column is not one needsfirst can import.")})
    data = {name: value for name, value in row.items() if value not in (None, "")}
    citizenship = data.get("citizenship", [])
    if isinstance(citizenship, str):
        data["citizenship"] = [code.strip().upper() for code in citizenship.split(";") if code]
    for code in data.get("citizenship", []):
        _field_check("citizenship", validate_country_code, code)
    for name in ("mailing_country",):
        _field_check(name, validate_country_code, data.get(name, ""))
    for name in ("primary_language", "secondary_language"):
        _field_check(name, validate_language_code, data.get(name, ""))
    person = Person(organisation_id=organisation_id, **data)
    person.clean()  # the names, cleaned as the intake form cleans them
    # Only the columns given are checked (the others keep their defaults): a tenth of the cost.
    person.clean_fields(exclude=[name for name in ALL_FIELDS if name not in data])
    if not (person.first_name or person.second_name):
        raise ValidationError({"first_name": _("Give at least a first or a family name.")})
    if isinstance(person.estimated_age, int) and person.estimated_age > 120:
        raise ValidationError({"estimated_age": _("Give an age between 0 and 120.")})
    return person


def people_validate(
    rows: Iterable[Mapping[str, Any]], *, organisation_id: int, first_row: int = 1
) -> list[Person]:
    """Every row as an unsaved person; all rows are checked, and the first errors are raised
    together, each naming its row (1 = the first row of data; `first_row` is the number of the
    first of `rows`, for a batch of a file) and its field."""
    people: list[Person] = []
    errors: list[str] = []
    for number, row in enumerate(rows, start=first_row):
        try:
            people.append(_person(row, organisation_id=organisation_id))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    if len(errors) < MAX_ERRORS:
                        errors.append(
                            _("Row %(row)s, column %(field)s: %(message)s")
                            % {"row": number, "field": field, "message": message}
                        )
    if errors:
        raise ValidationError(errors)
    return people


def _person_row(person: Person, pk: int, creator_id: int | None, today: Any) -> dict[str, Any]:
    row = {field.attname: getattr(person, field.attname) for field in Person._meta.concrete_fields}
    row["id"] = pk
    row["uuid"] = uuid.uuid4()
    row["created_by_id"] = creator_id
    if person.estimated_age is not None and person.estimated_age_on is None:
        row["estimated_age_on"] = today
    return row


def _full_name(person: Person) -> str:
    return " ".join(
        part for part in (person.first_name, person.middle_name, person.second_name) if part
    )


class TokenCache:
    """Blind-index tokens by full name, and each matching key's token: names and their parts
    repeat across a register, so most names need no HMAC at all (the tokens are those of
    `crypto.name_tokens`, computed by the same index)."""

    def __init__(self) -> None:
        self._tokens: dict[str, frozenset[str]] = {}
        self._by_key: dict[str, str] = {}

    def __call__(self, full_name: str) -> frozenset[str]:
        found = self._tokens.get(full_name)
        if found is None:
            found = (
                frozenset(self._token(key) for key in index_keys(full_name))
                if full_name
                else frozenset()
            )
            if len(self._tokens) < 500_000:
                self._tokens[full_name] = found
        return found

    def _token(self, key: str) -> str:
        token = self._by_key.get(key)
        if token is None:
            token = crypto.blind_index().token(key)  # not kept: a key ring is never pickled
            if len(self._by_key) < 2_000_000:
                self._by_key[key] = token
        return token


def fresh_references(count: int, *, taken: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """`count` new case references, none already used nor among `taken` (those of batches not
    yet written): random references collide (at a million cases, two among a million new ones
    do about every other time), and one collision would refuse a whole import."""
    chosen: set[str] = set()
    while len(chosen) < count:
        wanted = {new_case_reference() for _ in range(count - len(chosen))} - chosen - taken
        taken = set(Case.objects.filter(reference__in=wanted).values_list("reference", flat=True))
        chosen |= wanted - taken
    return list(chosen)


@dataclass(frozen=True)
class WriteContext:
    """What every batch of one import shares: who imports, for which organisation, when."""

    organisation_id: int
    actor_id: int | None
    actor_username: str
    address: str | None
    user_agent: str
    default_worker_id: int | None
    today: Any
    now: Any

    @classmethod
    def of(cls, actor: Actor) -> WriteContext:
        staff = actor.user
        if actor.organisation_id is None:
            raise ValidationError(_("Only a member of an organisation can open a case."))
        return cls(
            organisation_id=actor.organisation_id,
            actor_id=staff.pk if staff else None,
            actor_username=actor.username,
            address=actor.address,
            user_agent=actor.user_agent,
            default_worker_id=staff.pk if staff is not None and staff.role in CASE_ROLES else None,
            today=timezone.localdate(),
            now=timezone.now(),
        )


@dataclass(frozen=True)
class BatchKeys:
    """The keys a batch's rows get from the database before they are made: person and case ids
    from the sequences, fresh case references."""

    person_ids: list[int]
    case_ids: list[int]
    references: list[str]

    @classmethod
    def reserve(cls, count: int, *, taken: set[str] | frozenset[str] = frozenset()) -> BatchKeys:
        return cls(
            person_ids=bulk.reserve_ids(Person, count),
            case_ids=bulk.reserve_ids(Case, count),
            references=fresh_references(count, taken=taken),
        )


@dataclass
class BatchRows:
    """One batch's rows by table (attribute name -> Python value), in the order they are
    written (people before what points at them), and the uuids of its cases."""

    tables: list[tuple[type[Any], list[dict[str, Any]], bool]]
    case_uuids: list[uuid.UUID]


def batch_rows(
    people: Sequence[Person],
    keys: BatchKeys,
    context: WriteContext,
    tokens: TokenCache,
    *,
    worker_ids: Sequence[int | None] | None = None,
    case_fields: Sequence[Mapping[str, Any]] | None = None,
) -> BatchRows:
    """The rows of a batch of validated people: each person, their name tokens, a case and two
    audit entries (the person and the case created)."""
    organisation_id = context.organisation_id
    person_rows = [
        _person_row(person, pk, context.actor_id, context.today)
        for person, pk in zip(people, keys.person_ids, strict=True)
    ]
    # Sorted by token: the (organisation, token, person) index takes them in its own order,
    # leaf after leaf, rather than at random places.
    token_rows = [
        {"person_id": pk, "organisation_id": organisation_id, "token": token}
        for token, pk in sorted(
            (token, pk)
            for person, pk in zip(people, keys.person_ids, strict=True)
            for token in tokens(_full_name(person))
        )
    ]
    workers = worker_ids if worker_ids is not None else [context.default_worker_id] * len(people)
    uuids = [uuid.uuid4() for _ in people]
    case_rows: list[dict[str, Any]] = [
        {
            "id": case_id,
            "uuid": case_uuid,
            "reference": reference,
            "organisation_id": organisation_id,
            "person_id": person_id,
            "assigned_caseworker_id": worker_id,
        }
        for case_id, case_uuid, reference, person_id, worker_id in zip(
            keys.case_ids, uuids, keys.references, keys.person_ids, workers, strict=True
        )
    ]
    if case_fields:
        for row, extra in zip(case_rows, case_fields, strict=True):
            row.update(extra)
    audit = [
        {
            "at": context.now,
            "actor_id": context.actor_id,
            "actor_username": context.actor_username,
            "organisation_id": organisation_id,
            "holder_id": organisation_id,
            "action": AuditAction.CREATE,
            "object_type": kind,
            "object_id": str(row["uuid"]),
            "detail": {"import": True},
            "ip_address": context.address,
            "user_agent": context.user_agent,
        }
        for kind, rows in (("person", person_rows), ("case", case_rows))
        for row in rows
    ]
    return BatchRows(
        tables=[
            (Person, person_rows, True),
            (NameToken, token_rows, False),
            (Case, case_rows, True),
            (AuditEntry, audit, False),
        ],
        case_uuids=uuids,
    )


def people_write(
    *,
    actor: Actor,
    people: Sequence[Person],
    assigned: Sequence[User | None] | None = None,
    tokens: TokenCache | None = None,
    case_fields: Sequence[Mapping[str, Any]] | None = None,
) -> ImportResult:
    """Write validated people, their name tokens, a case each and the audit entries, in bulk.

    The caller holds the transaction (`people_import` does). `assigned` gives each case its
    caseworker (by default the actor, if a caseworker or supervisor, else none); `case_fields`
    other values of each case (a status, the day it was opened, for a hand-over's history).
    """
    context = WriteContext.of(actor)
    tokens = tokens or TokenCache()
    case_ids: list[int] = []
    case_uuids: list[uuid.UUID] = []
    for start in range(0, len(people), BATCH):
        batch = people[start : start + BATCH]
        keys = BatchKeys.reserve(len(batch))
        made = batch_rows(
            batch,
            keys,
            context,
            tokens,
            worker_ids=[w.pk if w else None for w in assigned[start : start + BATCH]]
            if assigned
            else None,
            case_fields=case_fields[start : start + BATCH] if case_fields else None,
        )
        for model, rows, with_id in made.tables:
            bulk.insert_rows(model, rows, with_id=with_id)
        case_ids += keys.case_ids
        case_uuids += made.case_uuids
    return ImportResult(people=len(people), cases=case_ids, case_uuids=case_uuids)


def people_import(
    *, actor: Actor, rows: Iterable[Mapping[str, Any]], processes: int = PROCESSES
) -> ImportResult:
    """Validate every row and write them all or nothing (see the module's text). On PostgreSQL
    with `processes` workers, the rows are made by the workers while this process writes
    (`import_pipeline`); otherwise (SQLite, or 0) all are validated first, then written."""
    context = WriteContext.of(actor)
    if processes > 0 and connection.vendor == "postgresql":
        from needsfirst.web.cases.import_pipeline import people_write_pipelined

        with transaction.atomic():
            return people_write_pipelined(context=context, rows=rows, processes=processes)
    people = people_validate(rows, organisation_id=context.organisation_id)
    with transaction.atomic():
        return people_write(actor=actor, people=people)
