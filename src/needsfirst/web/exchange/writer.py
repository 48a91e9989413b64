"""Checked exchange rows written as the organisation's records, each row once.

`plan(...)` looks at what the database already holds: which rows were imported before (their
`ExchangeKey`, or, for a file this organisation exported itself, the record with that id) and
which rows break a rule only the database knows (a decision dated in the future). `write(...)`
then creates the new rows inside the caller's transaction, with an audit entry for each record.

A row imported before from the same source is compared with its record, field by field (only
the fields the row names). The rule for a field that differs:
- changed at the source only (the record's field still has the digest the last import left):
  the field is updated, and the record gets one audit entry naming the fields changed;
- changed here since the last import (the digest differs, or there is none): a **conflict**;
  the field is left as it is and reported (table, row, field, reason), and the rest of the
  file is written. The local version wins until the two agree again;
- a recorded authority decision is never edited (a conflict too), a record removed here is not
  brought back (a conflict), a person erased on request stays erased (counted unchanged).
A file this organisation exported itself changes nothing. Only the importing organisation's
records are ever looked up (by its keys, and by its organisation on every query).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Field as DjangoField
from django.db.models import Model
from django.utils import timezone

from needsfirst.exchange import TABLES, Checked, Reason, Rejection
from needsfirst.exchange.tables import CASE_STATUS_FROM_HTCDS, CASE_STATUS_TO_HTCDS
from needsfirst.exchange.validate import GIVEN
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.assistance.models import PlanItem
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case, CaseEvent, Person
from needsfirst.web.cases.services import new_case_reference, person_reindex
from needsfirst.web.exchange.models import ExchangeKey, OutsideScreening, VictimContext
from needsfirst.web.exchange.records import (
    CASE_FIELDS,
    DECISION_FIELDS,
    EVENT_FIELDS,
    PERSON_FIELDS,
    PLAN_FIELDS,
    VICTIM_FIELDS,
    current_values,
    digests_of,
    plain,
    source_of,
)
from needsfirst.web.recruitment.models import CaseParty, Recruiter
from needsfirst.web.recruitment.services import recruiter_name_keys_refresh
from needsfirst.web.screening.models import AuthorityDecision, Determination

# The tables an import writes, in order (a table only refers to those before it).
WRITTEN = (
    "person",
    "case",
    "victim_context",
    "identification",
    "event",
    "support_plan",
    "perpetrator",
)
MODEL_OF = {
    "person": "cases.Person",
    "case": "cases.Case",
    "identification": "screening.AuthorityDecision",
    "event": "cases.CaseEvent",
    "support_plan": "assistance.PlanItem",
}
# The fields an import compares and may update, by table (the file's names).
UPDATED: dict[str, tuple[str, ...]] = {
    "person": tuple(PERSON_FIELDS),
    "case": CASE_FIELDS,
    "victim_context": VICTIM_FIELDS,
    "identification": DECISION_FIELDS,
    "event": tuple(EVENT_FIELDS),
    "support_plan": tuple(PLAN_FIELDS),
}


@dataclass
class Update:
    """One record imported before whose fields the source changed."""

    table: str
    key: ExchangeKey
    record: Any
    row: dict[str, Any]
    changes: dict[str, Any]  # field -> the file's value
    digests: dict[str, str]  # the key's digests once written (changed fields: after the write)


@dataclass
class Plan:
    source: str
    rows: dict[str, list[dict[str, Any]]]  # the rows to create, by table
    existing: dict[str, dict[str, uuid.UUID]]  # already imported: table -> id -> record uuid
    rejections: list[Rejection] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # rows kept for information only
    updates: list[Update] = field(default_factory=list)
    unchanged: dict[str, int] = field(default_factory=dict)
    conflicts: list[Rejection] = field(default_factory=list)  # left as they are, reported
    # keys whose digests move to values the file and the record now agree on
    refresh: list[tuple[ExchangeKey, dict[str, str]]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.rows.values()) + len(self.updates)

    def counts(self) -> dict[str, Any]:
        updated: dict[str, int] = {}
        for update in self.updates:
            updated[update.table] = updated.get(update.table, 0) + 1
        return {
            "new": {name: len(rows) for name, rows in self.rows.items() if rows},
            "existing": {name: len(ids) for name, ids in self.existing.items() if ids},
            "update": updated,
            "unchanged": {name: n for name, n in self.unchanged.items() if n},
            "conflicts": [conflict.as_dict() for conflict in self.conflicts[:1000]],
            "information": {name: n for name, n in self.skipped.items() if n},
        }


def _own_records(table: str, ids: Iterable[str], organisation_id: int) -> dict[str, uuid.UUID]:
    """For a file this organisation exported: the ids that are its own records already."""
    wanted = {value for value in ids if _is_uuid(value)}
    if not wanted:
        return {}
    if table == "victim_context":  # one row per case, keyed by the case's id
        table = "case"
    models: list[Any] = []
    if table == "identification":
        models = [AuthorityDecision, Determination, OutsideScreening]
    elif table in MODEL_OF:
        models = [apps.get_model(MODEL_OF[table])]
    found: dict[str, uuid.UUID] = {}
    for model in models:
        if table in ("person", "case"):
            lookup = "organisation_id"
        elif model is Determination:
            lookup = "screening__case__organisation_id"
        else:
            lookup = "case__organisation_id"
        query = model.objects.filter(uuid__in=wanted, **{lookup: organisation_id})
        found.update({str(value): value for value in query.values_list("uuid", flat=True)})
    return found


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _key_field(table: str) -> str:
    return "nf_CaseId" if table == "victim_context" else "nf_Id"


def plan(*, actor: Actor, checked: Checked, today: date | None = None) -> Plan:
    """What importing the checked file would create and update, what it leaves (conflicts),
    and what the database refuses."""
    today = today or timezone.localdate()
    organisation_id = actor.organisation_id
    assert organisation_id is not None
    source = checked.source or "unnamed"
    own = source == source_of(actor.staff.organisation)  # type: ignore[arg-type]
    result = Plan(source=source, rows={}, existing={})
    erased: set[str] = set()  # the file's ids of people erased here, and of their cases
    for table in TABLES:
        rows = checked.tables.get(table.name, [])
        if table.name not in WRITTEN:
            result.skipped[table.name] = len(rows)
            continue
        id_field = _key_field(table.name)
        ids = [row[id_field] for row in rows]
        # Nothing is added to, nor updated in, a person erased on request or their cases.
        parent = "nf_PersonId" if table.name == "case" else "nf_CaseId"
        found = ExchangeKey.objects.filter(
            organisation_id=organisation_id,
            source=source,
            table=table.name,
            external_id__in=ids,
        )
        keys_found = {key.external_id: key for key in found}
        keys = {external: key.record_uuid for external, key in keys_found.items()}
        if own:
            own_ids = _own_records(table.name, ids, organisation_id)
            keys.update(own_ids)
            result.unchanged[table.name] = sum(1 for row in rows if row[id_field] in keys)
        else:
            seen = [r for r in rows if r[id_field] in keys_found]
            live = [r for r in seen if r.get(parent) not in erased]
            result.unchanged[table.name] = len(seen) - len(live)
            _plan_updates(result, table.name, live, keys_found, organisation_id)
        result.existing[table.name] = keys
        fresh = [row for row in rows if row[id_field] not in keys]
        kept = [row for row in fresh if row.get(parent) not in erased]
        if len(kept) != len(fresh):
            result.unchanged[table.name] = (
                result.unchanged.get(table.name, 0) + len(fresh) - len(kept)
            )
            fresh = kept
        if table.name in ("person", "case"):
            erased |= _erased(table.name, keys, organisation_id)
        if table.name == "identification":
            for row in fresh:
                if row["nf_DecidedOn"] > today:
                    result.rejections.append(
                        Rejection(table.name, row["_row"], "nf_DecidedOn", Reason.OUT_OF_RANGE)
                    )
                if row["nf_Stage"] == "authority" and not row.get("nf_DecidingOrganisation"):
                    result.rejections.append(
                        Rejection(
                            table.name, row["_row"], "nf_DecidingOrganisation", Reason.REQUIRED
                        )
                    )
        result.rows[table.name] = fresh
    return result


def _erased(table: str, keys: dict[str, uuid.UUID], organisation_id: int) -> set[str]:
    """The file's ids of the people (or cases) here whose person was erased on request."""
    model: Any = Person if table == "person" else Case
    lookup = "anonymised_at__isnull" if table == "person" else "person__anonymised_at__isnull"
    gone = set(
        model.objects.filter(
            uuid__in=set(keys.values()), organisation_id=organisation_id, **{lookup: False}
        ).values_list("uuid", flat=True)
    )
    return {external for external, record_uuid in keys.items() if record_uuid in gone}


def _records_of(table: str, keys: Iterable[ExchangeKey], organisation_id: int) -> dict[Any, Any]:
    """The importing organisation's records the keys point to, by record uuid, in one query per
    kind of record (a key whose record is gone, or is not this organisation's, finds none)."""
    wanted = {key.record_uuid for key in keys}
    if not wanted:
        return {}
    if table == "victim_context":
        contexts = VictimContext.objects.filter(
            case__uuid__in=wanted, case__organisation_id=organisation_id
        ).select_related("case")
        return {context.case.uuid: context for context in contexts}
    if table in ("person", "case"):
        model: Any = Person if table == "person" else Case
        found = model.objects.filter(uuid__in=wanted, organisation_id=organisation_id)
        return {record.uuid: record for record in found}
    models: list[Any] = (
        [AuthorityDecision, OutsideScreening]
        if table == "identification"
        else [apps.get_model(MODEL_OF[table])]
    )
    records: dict[Any, Any] = {}
    for kind in models:
        found = kind.objects.filter(uuid__in=wanted, case__organisation_id=organisation_id)
        records.update({record.uuid: record for record in found})
    return records


def incoming_values(table: str, row: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """The row's values for the fields it names (a blank one as None), in the file's names."""
    given = row.get(GIVEN, frozenset(row))
    values = {name: row.get(name) for name in UPDATED[table] if name in given}
    if table == "case":
        if values.get("nf_OpenedOn") is None:
            values.pop("nf_OpenedOn", None)  # a case always has an opening day: kept
        htcds = row["cas_Status"]
        if row.get("nf_Status"):
            values["nf_Status"] = row["nf_Status"]
        elif CASE_STATUS_TO_HTCDS.get(current.get("nf_Status", "")) == htcds:
            values["nf_Status"] = current["nf_Status"]  # the same in the standard's terms
        else:
            values["nf_Status"] = CASE_STATUS_FROM_HTCDS[htcds]
    return values


def _plan_updates(
    result: Plan,
    table: str,
    rows: list[dict[str, Any]],
    keys: dict[str, ExchangeKey],
    organisation_id: int,
) -> None:
    if table not in UPDATED:  # a party is a link: nothing of it to update
        result.unchanged[table] = result.unchanged.get(table, 0) + len(rows)
        return
    id_field = _key_field(table)
    records = _records_of(table, (keys[row[id_field]] for row in rows), organisation_id)
    for row in rows:
        key = keys[row[id_field]]
        record = records.get(key.record_uuid)
        if record is None:
            result.conflicts.append(Rejection(table, row["_row"], id_field, Reason.REMOVED_HERE))
            continue
        if table == "person" and record.anonymised_at is not None:
            result.unchanged[table] = result.unchanged.get(table, 0) + 1
            continue  # erased on request: stays erased
        _compare(result, table, row, key, record)


def _compare(result: Plan, table: str, row: dict[str, Any], key: ExchangeKey, record: Any) -> None:
    """Plan the update of one record imported before: each field the row names and the record
    holds differently is updated if only the source changed it, else reported as a conflict."""
    current = current_values(table, record)
    incoming = incoming_values(table, row, current)
    digests = dict(key.digests)
    changes: dict[str, Any] = {}
    for name, value in incoming.items():
        now = digests_of({name: current.get(name)})[name]
        if plain(value) == plain(current.get(name)):
            digests[name] = now  # the two agree: a later change at the source applies
            continue
        if table == "identification" and isinstance(record, AuthorityDecision):
            reason: Reason | None = Reason.NEVER_EDITED
        elif key.digests.get(name) != now:
            reason = Reason.CHANGED_HERE
        else:
            reason = None
        if reason is None:
            changes[name] = value
        else:
            result.conflicts.append(Rejection(table, row["_row"], name, reason))
    if changes:
        result.updates.append(Update(table, key, record, row, changes, digests))
    else:
        result.unchanged[table] = result.unchanged.get(table, 0) + 1
        if digests != key.digests:
            result.refresh.append((key, digests))


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


class Writer:
    """Creates the planned rows for one actor; `progress(n)` after each row."""

    def __init__(self, actor: Actor, planned: Plan, progress: Callable[[int], None]) -> None:
        self.actor = actor
        self.plan = planned
        self.progress = progress
        self.done = 0  # rows handled, for the progress bar
        self.created = 0  # records created
        self.updated = 0  # records updated
        assert actor.organisation_id is not None
        self.organisation_id: int = actor.organisation_id
        self.keys: list[ExchangeKey] = []  # written together at the end, in the transaction
        self.people: dict[str, Person] = {}
        self.cases: dict[str, Case] = {}

    def _key(self, table: str, row: dict[str, Any], record: Model) -> None:
        # The victim context is the case's: keyed and audited as the case.
        subject = record.case if isinstance(record, VictimContext) else record
        self._new_key(
            table,
            row,
            subject.uuid,  # type: ignore[attr-defined]
            digests_of(current_values(table, record)),
        )
        audit_record(
            actor=self.actor,
            action=AuditAction.CREATE if subject is record else AuditAction.UPDATE,
            obj=subject,
            detail={"import": table},
        )
        self.created += 1
        self._step()

    def _step(self) -> None:
        self.done += 1
        self.progress(self.done)

    def _new_key(
        self,
        table: str,
        row: dict[str, Any],
        record_uuid: uuid.UUID,
        digests: dict[str, str] | None = None,
    ) -> None:
        self.keys.append(
            ExchangeKey(
                organisation_id=self.organisation_id,
                source=self.plan.source,
                table=table,
                external_id=row[_key_field(table)],
                record_uuid=record_uuid,
                digests=digests or {},
            )
        )

    def _person(self, external: str) -> Person:
        if external not in self.people:
            record_uuid = self.plan.existing["person"][external]
            found = Person.objects.filter(
                uuid=record_uuid, organisation_id=self.organisation_id
            ).first()
            if found is None:  # removed here since: its new rows have nowhere to go
                raise RowRefused(Rejection("person", 0, "nf_Id", Reason.REMOVED_HERE))
            self.people[external] = found
        return self.people[external]

    def _case(self, external: str) -> Case:
        if external not in self.cases:
            record_uuid = self.plan.existing["case"][external]
            found = Case.objects.filter(
                uuid=record_uuid, organisation_id=self.organisation_id
            ).first()
            if found is None:
                raise RowRefused(Rejection("case", 0, "nf_Id", Reason.REMOVED_HERE))
            self.cases[external] = found
        return self.cases[external]

    def _save(
        self,
        table: str,
        row: dict[str, Any],
        record: Model,
        fields: dict[str, str] | None = None,
        exclude: tuple[str, ...] = (),
    ) -> None:
        """Save after the model's own checks; a refusal names the file's field, never a value."""
        # The links are to records this writer holds already (no query per link), and ids are
        # fresh UUIDs (no uniqueness query): the model's checks of the values are what matter.
        links = [f.name for f in record._meta.concrete_fields if f.is_relation]
        try:
            record.full_clean(exclude=[*exclude, *links], validate_unique=False)
        except ValidationError as error:
            names = list(getattr(error, "error_dict", {}) or [""])
            by_attribute = {attribute: name for name, attribute in (fields or {}).items()}
            refused = Rejection(
                table, row["_row"], by_attribute.get(names[0], names[0]), Reason.OUT_OF_RANGE
            )
            raise RowRefused(refused) from error
        record.save()

    def write(self) -> None:
        rows = self.plan.rows
        organisation = self.actor.staff.organisation
        for row in rows.get("person", []):
            person = Person(organisation=organisation, created_by=self.actor.staff)
            for name, attribute in PERSON_FIELDS.items():
                if name in row:
                    setattr(person, attribute, row[name])
            self._save("person", row, person, PERSON_FIELDS)
            person_reindex(person)
            self.people[row["nf_Id"]] = person
            self._key("person", row, person)
        for row in rows.get("case", []):
            status = row.get("nf_Status") or CASE_STATUS_FROM_HTCDS[row["cas_Status"]]
            case = Case(
                reference=new_case_reference(),
                organisation=organisation,
                person=self._person(row["nf_PersonId"]),
                status=status,
                closure_reason=row.get("cas_ReasonForCaseClosure", ""),
                closed_at=_aware(row["nf_ClosedOn"]) if row.get("nf_ClosedOn") else None,
            )
            self._save("case", row, case)
            if row.get("nf_OpenedOn"):
                case.opened_at = _aware(row["nf_OpenedOn"])
                Case.objects.filter(pk=case.pk).update(opened_at=case.opened_at)
            self.cases[row["nf_Id"]] = case
            self._key("case", row, case)
        for row in rows.get("victim_context", []):
            context, _created = VictimContext.objects.get_or_create(
                case=self._case(row["nf_CaseId"])
            )
            context.fields = {name: plain(row[name]) for name in VICTIM_FIELDS if name in row}
            context.save()
            self._key("victim_context", row, context)
        self._write_case_rows()
        self._write_updates()
        for key, digests in self.plan.refresh:
            ExchangeKey.objects.filter(pk=key.pk).update(digests=digests)
        # The unique constraint still stops a concurrent import of the same rows (IntegrityError).
        ExchangeKey.objects.bulk_create(self.keys, batch_size=500)

    def _write_case_rows(self) -> None:
        rows = self.plan.rows
        staff = self.actor.staff
        for row in rows.get("identification", []):
            if row["nf_Stage"] == "screening":
                step = OutsideScreening(
                    case=self._case(row["nf_CaseId"]),
                    status=row["vic_TraffickingStatus"],
                    decision_making_org=row["vic_TraffickingStatusDecisionMakingOrg"],
                    organisation_name=row.get("nf_DecidingOrganisation", ""),
                    decided_on=row["nf_DecidedOn"],
                )
                self._save("identification", row, step)
                self._key("identification", row, step)
                continue
            decision = AuthorityDecision(
                case=self._case(row["nf_CaseId"]),
                status=row["vic_TraffickingStatus"],
                decision_making_org=row["vic_TraffickingStatusDecisionMakingOrg"],
                organisation_name=row["nf_DecidingOrganisation"],
                decided_on=row["nf_DecidedOn"],
                recorded_by=staff,
            )
            self._save("identification", row, decision)
            self._key("identification", row, decision)
        for row in rows.get("event", []):
            event = CaseEvent(case=self._case(row["nf_CaseId"]), recorded_by=staff)
            for name, attribute in EVENT_FIELDS.items():
                if name in row:
                    setattr(event, attribute, row[name])
            self._save("event", row, event, EVENT_FIELDS)
            self._key("event", row, event)
        for number, row in enumerate(rows.get("support_plan", []), start=1):
            item = PlanItem(case=self._case(row["nf_CaseId"]), origin="caseworker")
            item.key = f"custom-import-{number}"
            item.reasons = []  # the reasons of a triage stay with the organisation that made it
            for name, attribute in PLAN_FIELDS.items():
                if name in row:
                    setattr(item, attribute, row[name])
            self._save("support_plan", row, item, PLAN_FIELDS, exclude=("reasons",))
            self._key("support_plan", row, item)
        for row in rows.get("perpetrator", []):
            self._perpetrator(row)

    def _write_updates(self) -> None:
        """Apply the source's changes to records imported before, each record audited once
        with the names of the fields changed (never their values)."""
        self.updated = 0
        for update in self.plan.updates:
            record = update.record
            table = update.table
            if table == "victim_context":
                fields = dict(record.fields)
                for name, value in update.changes.items():
                    fields[name] = plain(value)
                record.fields = {name: v for name, v in fields.items() if v is not None}
                record.save()
            elif table == "case":
                self._update_case(record, update)
            else:
                mapping = {
                    "person": PERSON_FIELDS,
                    "event": EVENT_FIELDS,
                    "support_plan": PLAN_FIELDS,
                    "identification": IDENTIFICATION_FIELDS,
                }[table]
                for name, value in update.changes.items():
                    attribute = mapping[name]
                    setattr(record, attribute, _value_or_empty(record, attribute, value))
                self._save(table, update.row, record, mapping, exclude=("reasons",))
                if table == "person":
                    person_reindex(record)
            after = current_values(table, record)
            digests = dict(update.digests)
            digests.update(digests_of({name: after.get(name) for name in update.changes}))
            ExchangeKey.objects.filter(pk=update.key.pk).update(
                digests=digests, updated_at=timezone.now()
            )
            audit_record(
                actor=self.actor,
                action=AuditAction.UPDATE,
                obj=record.case if table == "victim_context" else record,
                detail={"import": table, "fields": sorted(update.changes)},
            )
            self.updated += 1
            self._step()

    def _update_case(self, case: Case, update: Update) -> None:
        changes = update.changes
        if "nf_Status" in changes:
            case.status = changes["nf_Status"]
        if "cas_ReasonForCaseClosure" in changes:
            case.closure_reason = changes["cas_ReasonForCaseClosure"] or ""
        if "nf_ClosedOn" in changes:
            day = changes["nf_ClosedOn"]
            case.closed_at = _aware(day) if day else None
        self._save("case", update.row, case)
        if changes.get("nf_OpenedOn"):
            case.opened_at = _aware(changes["nf_OpenedOn"])
            Case.objects.filter(pk=case.pk).update(opened_at=case.opened_at)

    def _perpetrator(self, row: dict[str, Any]) -> None:
        recruiter = _recruiter(row)
        case = self._case(row["nf_CaseId"])
        _party, created = CaseParty.objects.get_or_create(
            case=case,
            recruiter=recruiter,
            role=row["nf_PartyRole"],
            defaults={"recorded_by": self.actor.user},
        )
        self._new_key("perpetrator", row, recruiter.uuid)
        if created:  # a file this organisation exported names its own links again
            audit_record(
                actor=self.actor,
                action=AuditAction.UPDATE,
                obj=case,
                detail={"import": "perpetrator", "recruiter": str(recruiter.uuid)},
            )
            self.created += 1
        self._step()


IDENTIFICATION_FIELDS = {
    "vic_TraffickingStatus": "status",
    "vic_TraffickingStatusDecisionMakingOrg": "decision_making_org",
    "nf_DecidingOrganisation": "organisation_name",
    "nf_DecidedOn": "decided_on",
}


def _value_or_empty(record: Model, attribute: str, value: Any) -> Any:
    """The file's value, or the field's own empty value when the file emptied it."""
    if value not in (None, "", []):
        return value
    model_field = record._meta.get_field(attribute)
    assert isinstance(model_field, DjangoField)
    if model_field.get_internal_type() == "BooleanField":
        return False
    if model_field.null:
        return None
    if model_field.has_default() and callable(model_field.default):
        return model_field.default()
    return ""


def _recruiter(row: dict[str, Any]) -> Recruiter:
    """The registry's entry: by its id, else by its exact name, else a new entry."""
    found = None
    if row.get("nf_RecruiterId") and _is_uuid(row["nf_RecruiterId"]):
        found = Recruiter.objects.filter(uuid=row["nf_RecruiterId"]).first()
    name = row["nf_RecruiterName"].strip()
    if found is None:
        found = Recruiter.objects.filter(name__iexact=name).order_by("id").first()
    if found is None:
        found = Recruiter.objects.create(name=name)
        recruiter_name_keys_refresh(recruiter=found)
    return found


class RowRefused(Exception):
    """A row the database refused while writing: the whole import is rolled back."""

    def __init__(self, rejection: Rejection) -> None:
        super().__init__(str(rejection))
        self.rejection = rejection
