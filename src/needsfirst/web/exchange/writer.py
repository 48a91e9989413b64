"""Checked exchange rows written as the organisation's records, each row once.

`plan(...)` looks at what the database already holds: which rows were imported before (their
`ExchangeKey`, or, for a file this organisation exported itself, the record with that id) and
which rows break a rule only the database knows (a decision dated in the future). `write(...)`
then creates the new rows inside the caller's transaction, with an audit entry for each record.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone

from needsfirst.exchange import TABLES, Checked, Reason, Rejection
from needsfirst.exchange.tables import CASE_STATUS_FROM_HTCDS
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.assistance.models import PlanItem
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case, CaseEvent, Person
from needsfirst.web.cases.services import new_case_reference, person_reindex
from needsfirst.web.exchange.models import ExchangeKey
from needsfirst.web.exchange.records import EVENT_FIELDS, PERSON_FIELDS, PLAN_FIELDS, source_of
from needsfirst.web.recruitment.models import CaseParty, Recruiter
from needsfirst.web.recruitment.services import recruiter_name_keys_refresh
from needsfirst.web.screening.models import AuthorityDecision

# The tables an import writes (the others are read for checks, and reported as not kept).
WRITTEN = ("person", "case", "identification", "event", "support_plan", "perpetrator")
MODEL_OF = {
    "person": "cases.Person",
    "case": "cases.Case",
    "identification": "screening.AuthorityDecision",
    "event": "cases.CaseEvent",
    "support_plan": "assistance.PlanItem",
}


@dataclass
class Plan:
    source: str
    rows: dict[str, list[dict[str, Any]]]  # the rows to create, by table
    existing: dict[str, dict[str, uuid.UUID]]  # already imported: table -> id -> record uuid
    rejections: list[Rejection] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)  # rows kept for information only

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            "new": {name: len(rows) for name, rows in self.rows.items() if rows},
            "existing": {name: len(ids) for name, ids in self.existing.items() if ids},
            "information": {name: n for name, n in self.skipped.items() if n},
        }


def _own_records(table: str, ids: Iterable[str], organisation_id: int) -> dict[str, uuid.UUID]:
    """For a file this organisation exported: the ids that are its own records already."""
    model_name = MODEL_OF.get(table)
    wanted = {value for value in ids if _is_uuid(value)}
    if model_name is None or not wanted:
        return {}
    model = apps.get_model(model_name)
    lookup = {
        "person": "organisation_id",
        "case": "organisation_id",
    }.get(table, "case__organisation_id")
    found = model.objects.filter(uuid__in=wanted, **{lookup: organisation_id})
    return {str(value): value for value in found.values_list("uuid", flat=True)}


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def plan(*, actor: Actor, checked: Checked, today: date | None = None) -> Plan:
    """What importing the checked file would create, and what the database refuses."""
    today = today or timezone.localdate()
    organisation_id = actor.organisation_id
    assert organisation_id is not None
    source = checked.source or "unnamed"
    own = source == source_of(actor.staff.organisation)  # type: ignore[arg-type]
    result = Plan(source=source, rows={}, existing={})
    for table in TABLES:
        rows = checked.tables.get(table.name, [])
        if table.name not in WRITTEN:
            result.skipped[table.name] = len(rows)
            continue
        ids = [row["nf_Id"] for row in rows]
        keys = dict(
            ExchangeKey.objects.filter(
                organisation_id=organisation_id,
                source=source,
                table=table.name,
                external_id__in=ids,
            ).values_list("external_id", "record_uuid")
        )
        if own:
            keys.update(_own_records(table.name, ids, organisation_id))
        result.existing[table.name] = keys
        fresh = [row for row in rows if row["nf_Id"] not in keys]
        if table.name == "identification":
            # Screenings are kept for information: the receiving organisation screens again.
            result.skipped[table.name] = sum(1 for r in fresh if r["nf_Stage"] == "screening")
            fresh = [row for row in fresh if row["nf_Stage"] == "authority"]
            for row in fresh:
                if row["nf_DecidedOn"] > today:
                    result.rejections.append(
                        Rejection(table.name, row["_row"], "nf_DecidedOn", Reason.OUT_OF_RANGE)
                    )
                if not row.get("nf_DecidingOrganisation"):
                    result.rejections.append(
                        Rejection(
                            table.name, row["_row"], "nf_DecidingOrganisation", Reason.REQUIRED
                        )
                    )
        result.rows[table.name] = fresh
    return result


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
        assert actor.organisation_id is not None
        self.organisation_id: int = actor.organisation_id
        self.keys: list[ExchangeKey] = []  # written together at the end, in the transaction
        self.people: dict[str, Person] = {}
        self.cases: dict[str, Case] = {}

    def _key(self, table: str, row: dict[str, Any], record: Model) -> None:
        self._new_key(table, row, record.uuid)  # type: ignore[attr-defined]
        audit_record(
            actor=self.actor,
            action=AuditAction.CREATE,
            obj=record,
            detail={"import": table},
        )
        self.created += 1
        self.done += 1
        self.progress(self.done)

    def _new_key(self, table: str, row: dict[str, Any], record_uuid: uuid.UUID) -> None:
        self.keys.append(
            ExchangeKey(
                organisation_id=self.organisation_id,
                source=self.plan.source,
                table=table,
                external_id=row["nf_Id"],
                record_uuid=record_uuid,
            )
        )

    def _person(self, external: str) -> Person:
        if external not in self.people:
            record_uuid = self.plan.existing["person"][external]
            self.people[external] = Person.objects.get(
                uuid=record_uuid, organisation_id=self.organisation_id
            )
        return self.people[external]

    def _case(self, external: str) -> Case:
        if external not in self.cases:
            record_uuid = self.plan.existing["case"][external]
            self.cases[external] = Case.objects.get(
                uuid=record_uuid, organisation_id=self.organisation_id
            )
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
                Case.objects.filter(pk=case.pk).update(opened_at=_aware(row["nf_OpenedOn"]))
            self.cases[row["nf_Id"]] = case
            self._key("case", row, case)
        self._write_case_rows()
        # The unique constraint still stops a concurrent import of the same rows (IntegrityError).
        ExchangeKey.objects.bulk_create(self.keys, batch_size=500)

    def _write_case_rows(self) -> None:
        rows = self.plan.rows
        staff = self.actor.staff
        for row in rows.get("identification", []):
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
        self.done += 1
        self.progress(self.done)


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
