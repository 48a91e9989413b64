"""Writing cases and people. Each service is one transaction and leaves its audit entry."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, ParamSpec, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from needsfirst.protect.names import clean_name
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.consent_recipients import outside_recipients
from needsfirst.web.cases.exports import CASE_DATA
from needsfirst.web.cases.models import (
    CASE_TRANSITIONS,
    Case,
    CaseEvent,
    CaseNote,
    CaseStatus,
    Consent,
    ConsentKind,
    IdentityDocument,
    NameToken,
    Person,
    PersonName,
)
from needsfirst.web.common import crypto
from needsfirst.web.common.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class ConcurrentEditError(Exception):
    """Someone saved the record after this form was opened."""


class CaseReadOnlyError(ValidationError):
    """A change to a case that was handed over and accepted: the receiving organisation holds
    the person now, and the sending organisation's case is closed history, read-only. Pages
    answer it with `cases.middleware.CaseReadOnlyMiddleware` (409 and the reason); the API,
    like any validation error, with 400 and the code `case_read_only`."""

    case_uuid: Any = None


READ_ONLY_CODE = "case_read_only"

P = ParamSpec("P")
R = TypeVar("R")


def _refuse_read_only(actor: Actor, obj: Case | Person, what: str) -> None:
    # Written before the service's transaction opens, so the refused attempt stays on the trail.
    audit_record(
        actor=actor,
        action=AuditAction.ACCESS_DENIED,
        obj=obj,
        detail={"view": what, "reason": READ_ONLY_CODE},
    )
    # Not bound to a field: forms show it on the form, the API under non_field_errors.
    error = CaseReadOnlyError(
        _(
            "This case was handed over to another organisation, which holds it now. "
            "It is closed and can be read here, but no longer changed."
        ),
        code=READ_ONLY_CODE,
    )
    case = obj if isinstance(obj, Case) else Case.objects.filter(person_id=obj.pk).first()
    error.case_uuid = case.uuid if case is not None else None  # the page's way back
    raise error


def case_is_read_only(case: Case) -> bool:
    """Whether the case was handed over and accepted, read afresh from the database (the world
    may have changed since the page that asked for the change was drawn)."""
    if case.pk is None:
        return False
    handed = Case.objects.filter(pk=case.pk).values_list("handed_over_at", flat=True).first()
    return handed is not None


def case_check_writable(*, actor: Actor, case: Case, what: str) -> None:
    """Refuse (audited, with the reason) any change to a handed-over case."""
    if case_is_read_only(case):
        _refuse_read_only(actor, case, what)


def person_check_writable(*, actor: Actor, person: Person, what: str) -> None:
    """A person's record is read-only when every case of theirs here was handed over."""
    cases = Case.objects.filter(person_id=person.pk)
    if cases.exists() and not cases.filter(handed_over_at__isnull=True).exists():
        _refuse_read_only(actor, person, what)


def writes_case(
    what: str, case_of: Callable[[Mapping[str, Any]], Case | None]
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Mark a service as a change to one case: it is refused on a handed-over case, before its
    transaction opens. `case_of` finds the case among the service's keyword arguments (None:
    this call changes nothing of the holder's case, e.g. a receiver's answer)."""

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(service)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            actor = kwargs["actor"]
            assert isinstance(actor, Actor)
            case = case_of(kwargs)
            if case is not None:
                case_check_writable(actor=actor, case=case, what=what)
            return service(*args, **kwargs)

        return guarded

    return decorate


def case_arg(kwargs: Mapping[str, Any]) -> Case:
    """The `case` keyword argument of a service (for `writes_case`)."""
    case = kwargs["case"]
    assert isinstance(case, Case)
    return case


def case_of_arg(name: str) -> Callable[[Mapping[str, Any]], Case]:
    """For `writes_case`: the case of the record passed as keyword `name` (its `.case`)."""

    def case_of(kwargs: Mapping[str, Any]) -> Case:
        case = kwargs[name].case
        assert isinstance(case, Case)
        return case

    return case_of


def new_case_reference() -> str:
    # Random, not sequential: a reference must not reveal how many cases an office holds.
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"NF-{body[:4]}-{body[4:]}"


def person_reindex(person: Person) -> None:
    """Recompute the person's blind-index tokens from the names (after a change or key rotation)."""
    names = [person.first_name, person.middle_name, person.second_name]
    names += [other.value for other in person.other_names.all()]
    full = " ".join(name for name in names[:3] if name)
    tokens = crypto.name_tokens([full, *names[3:]])
    NameToken.objects.filter(person=person).delete()
    NameToken.objects.bulk_create(
        [
            NameToken(person=person, organisation_id=person.organisation_id, token=token)
            for token in tokens
        ]
    )


def people_reindex_all() -> None:
    """Rebuild every person's blind index under the newest key (run after a key rotation)."""
    people = Person.objects.filter(anonymised_at__isnull=True).values_list("pk", flat=True)
    for person_id in people.iterator(chunk_size=200):
        with transaction.atomic():
            # Locked and read again: a name changed since the list was read is indexed as saved.
            person = Person.objects.select_for_update().filter(pk=person_id).first()
            if person is not None and person.anonymised_at is None:
                person_reindex(person)


def _set_other_names(person: Person, other_names: Iterable[tuple[str, str]]) -> None:
    person.other_names.all().delete()
    cleaned = [(kind, clean_name(value)) for kind, value in other_names]
    PersonName.objects.bulk_create(
        [PersonName(person=person, kind=kind, value=value) for kind, value in cleaned if value]
    )


@transaction.atomic
def case_intake(
    *,
    actor: Actor,
    person_data: Mapping[str, Any],
    other_names: Iterable[tuple[str, str]] = (),
    assistance_consent: bool | None = None,
    consent_method: str = "verbal",
) -> Case:
    """Open a person's first case in one step: as little as a name and an estimated age."""
    if actor.staff.organisation is None:
        raise ValidationError(_("Only a member of an organisation can open a case."))
    person = Person(organisation=actor.staff.organisation, created_by=actor.staff, **person_data)
    if person.estimated_age is not None and person.estimated_age_on is None:
        person.estimated_age_on = timezone.localdate()
    person.full_clean()
    person.save()
    _set_other_names(person, other_names)
    person_reindex(person)
    case = Case.objects.create(
        reference=new_case_reference(),
        organisation=actor.staff.organisation,
        person=person,
        assigned_caseworker=actor.staff if actor.staff.role in CASE_ROLES else None,
    )
    audit_record(action=AuditAction.CREATE, obj=person, actor=actor)
    audit_record(action=AuditAction.CREATE, obj=case, actor=actor)
    if assistance_consent is not None:
        consent_record(
            actor=actor,
            case=case,
            data={
                "kind": ConsentKind.ASSISTANCE,
                "granted": assistance_consent,
                "method": consent_method,
                "decided_on": timezone.localdate(),
            },
        )
    return case


def _claim_version(model: type[Person] | type[Case], pk: int, expected_version: int) -> None:
    claimed = model.objects.filter(pk=pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise ConcurrentEditError


def person_update(
    *,
    actor: Actor,
    person: Person,
    data: Mapping[str, Any],
    expected_version: int,
    other_names: Iterable[tuple[str, str]] | None = None,
) -> Person:
    """Change the person's record; refused when every case of theirs here was handed over."""
    person_check_writable(actor=actor, person=person, what="person_update")
    return _person_update(
        actor=actor,
        person=person,
        data=data,
        expected_version=expected_version,
        other_names=other_names,
    )


@transaction.atomic
def _person_update(
    *,
    actor: Actor,
    person: Person,
    data: Mapping[str, Any],
    expected_version: int,
    other_names: Iterable[tuple[str, str]] | None,
) -> Person:
    _claim_version(Person, person.pk, expected_version)
    changed = sorted(name for name, value in data.items() if getattr(person, name) != value)
    for name, value in data.items():
        setattr(person, name, value)
    person.version = expected_version + 1
    person.full_clean()
    person.save()
    if other_names is not None:
        _set_other_names(person, other_names)
        changed.append("other_names")
    person_reindex(person)
    audit_record(action=AuditAction.UPDATE, obj=person, actor=actor, detail={"fields": changed})
    return person


@writes_case("case_update", case_arg)
@transaction.atomic
def case_update(
    *,
    actor: Actor,
    case: Case,
    data: Mapping[str, Any],
    expected_version: int,
) -> Case:
    new_status = data.get("status", case.status)
    if new_status != case.status and new_status not in CASE_TRANSITIONS[case.status]:
        raise ValidationError(
            {
                "status": _("A case cannot go from “%(old)s” to “%(new)s”.")
                % {"old": case.get_status_display(), "new": CaseStatus(new_status).label}
            }
        )
    if new_status == CaseStatus.CLOSED and not (
        data.get("closure_reason", case.closure_reason) or data.get("closure_code")
    ):
        # The form says so too; the API reaches here without it.
        raise ValidationError({"closure_reason": _("Say why the case is closed.")})
    caseworker = data.get("assigned_caseworker", case.assigned_caseworker)
    if caseworker is not None and caseworker.organisation_id != case.organisation_id:
        raise ValidationError(
            {"assigned_caseworker": _("Choose a caseworker of your own organisation.")}
        )
    _claim_version(Case, case.pk, expected_version)
    changed = sorted(name for name, value in data.items() if getattr(case, name) != value)
    for name, value in data.items():
        setattr(case, name, value)
    if new_status == CaseStatus.CLOSED and case.closed_at is None:
        case.closed_at = timezone.now()
    if new_status == CaseStatus.REOPENED:
        case.closed_at = None
    case.version = expected_version + 1
    case.save()
    audit_record(action=AuditAction.UPDATE, obj=case, actor=actor, detail={"fields": changed})
    return case


@writes_case("document_add", case_arg)
@transaction.atomic
def document_add(*, actor: Actor, case: Case, data: Mapping[str, Any]) -> IdentityDocument:
    document = IdentityDocument(person=case.person, **data)
    document.full_clean()
    document.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=document,
        actor=actor,
        detail={"case": str(case.uuid), "held_by": document.held_by},
    )
    return document


@writes_case("note_add", case_arg)
@transaction.atomic
def note_add(*, actor: Actor, case: Case, body: str, on: date) -> CaseNote:
    note = CaseNote.objects.create(case=case, body=body, note_date=on, author=actor.staff)
    audit_record(
        action=AuditAction.CREATE,
        obj=note,
        actor=actor,
        detail={"case": str(case.uuid)},
    )
    return note


@writes_case("event_add", case_arg)
@transaction.atomic
def event_add(*, actor: Actor, case: Case, data: Mapping[str, Any]) -> CaseEvent:
    event = CaseEvent(case=case, recorded_by=actor.staff, **data)
    event.full_clean()
    event.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=event,
        actor=actor,
        detail={"case": str(case.uuid)},
    )
    return event


def _check_recipient(consent: Consent) -> dict[str, str]:
    """A data-sharing consent names one recipient: an organisation of needsfirst, or an outside
    provider of the directory, whose name is kept as the person was told it."""
    if consent.recipient_service is not None and consent.recipient_id is not None:
        return {
            "recipient_service": _(
                "Name either an organisation or an outside service, not both: record one "
                "consent for each."
            )
        }
    if consent.recipient_service is not None:
        labels = dict(outside_recipients())
        label = labels.get(str(consent.recipient_service))
        if label is None:
            return {"recipient_service": _("Choose an outside service from the directory.")}
        consent.recipient_service_name = label[:200]
        return {}
    if consent.recipient_id is None:
        return {"recipient": _("Say with which organisation the data may be shared.")}
    return {}


@writes_case("consent_record", case_arg)
@transaction.atomic
def consent_record(*, actor: Actor, case: Case, data: Mapping[str, Any]) -> Consent:
    consent = Consent(case=case, recorded_by=actor.staff, **data)
    errors: dict[str, str] = {}
    if consent.kind == ConsentKind.DATA_SHARING:
        if not consent.purpose:
            errors["purpose"] = _("Say for what purpose the data may be shared.")
        errors.update(_check_recipient(consent))
    else:
        consent.recipient_service = None
    if consent.decided_on and consent.decided_on > timezone.localdate():
        errors["decided_on"] = _("The date of the decision cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    consent.full_clean()
    consent.save()
    audit_record(
        action=AuditAction.CREATE,
        obj=consent,
        actor=actor,
        detail={"case": str(case.uuid), "kind": consent.kind, "granted": consent.granted},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Actor, consent: Consent, on: date) -> Consent:
    if consent.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": _("This consent was already withdrawn.")})
    if on < consent.decided_on or on > timezone.localdate():
        raise ValidationError(
            {"withdrawn_on": _("The withdrawal date must be between the decision and today.")}
        )
    consent.withdrawn_on = on
    consent.withdrawal_recorded_by = actor.staff
    consent.save(update_fields=["withdrawn_on", "withdrawal_recorded_by"])
    consent.shares.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit_record(
        action=AuditAction.UPDATE,
        obj=consent,
        actor=actor,
        detail={"case": str(consent.case.uuid), "withdrawn": True},
    )
    return consent


ERASED = "[erased]"


def _erased_value(field: EncryptedTextField) -> Any:
    if isinstance(field, EncryptedJSONField):
        # The empty value of the field's own shape, so the pages that read it still work.
        return field.get_default() if field.has_default() else {}
    if isinstance(field, EncryptedDateField):
        return None
    return "" if field.blank else ERASED


def _erase_case_data(case: Case) -> None:
    """Blank every encrypted field of the records other apps keep about the case."""
    for entry in CASE_DATA:
        rows = entry.rows(case)
        fields = [f for f in rows.model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            rows.update(**{f.attname: _erased_value(f) for f in fields})


@transaction.atomic
def person_erase(*, actor: Actor, person: Person) -> Person:
    """Anonymise: identifiers and free text go; counts and dates stay for statistics."""
    for name in (
        "first_name",
        "middle_name",
        "second_name",
        "email",
        "mobile_phone",
        "home_phone",
        "mailing_street",
        "mailing_city",
        "identity_number",
        "safe_contact",
    ):
        setattr(person, name, "")
    person.birthdate = None
    person.anonymised_at = timezone.now()
    person.version += 1
    person.save()
    person.other_names.all().delete()
    person.name_tokens.all().delete()
    person.documents.update(number="")
    for case in person.cases.all():
        _erase_case_data(case)
        case.notes.update(body=ERASED)
        case.events.update(street="", description="")
        if case.closure_reason:
            case.closure_reason = ERASED
            case.save(update_fields=["closure_reason"])
    audit_record(action=AuditAction.ERASE, obj=person, actor=actor)
    return person
