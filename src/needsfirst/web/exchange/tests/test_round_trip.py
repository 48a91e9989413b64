"""Export then import into an empty organisation gives the same records, field by field; the
same file again creates nothing; one bad row writes nothing."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
import pytest

from needsfirst.exchange import from_json
from needsfirst.web.accounts.models import User
from needsfirst.web.assistance.models import PlanItem
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import Case, CaseEvent, Person
from needsfirst.web.exchange.models import ExchangeKey, ImportJob, JobStatus
from needsfirst.web.exchange.records import EVENT_FIELDS, PERSON_FIELDS, PLAN_FIELDS
from needsfirst.web.exchange.services import export_organisation, import_now
from needsfirst.web.exchange.tests.conftest import admin_actor
from needsfirst.web.recruitment.models import CaseParty
from needsfirst.web.screening.models import AuthorityDecision

pytestmark = pytest.mark.django_db


def _export(user: User, file_format: str = "json") -> bytes:
    return export_organisation(actor=admin_actor(user), file_format=file_format).content


def _import(user: User, content: bytes, name: str = "file.json") -> ImportJob:
    return import_now(actor=admin_actor(user), file_name=name, content=content)


def _same(before: Any, after: Any, fields: dict[str, str]) -> None:
    for attribute in fields.values():
        assert getattr(after, attribute) == getattr(before, attribute), attribute


@pytest.mark.parametrize("file_format", ["json", "xlsx"])
def test_export_then_import_into_an_empty_organisation_gives_the_same_records(
    full_case: Case, shelter_admin: User, other_admin: User, file_format: str
) -> None:
    content = _export(shelter_admin, file_format)
    job = _import(other_admin, content, f"shelter.{file_format}")

    assert job.status == JobStatus.DONE, job.rejections
    person = Person.objects.get(organisation=other_admin.organisation)
    _same(full_case.person, person, PERSON_FIELDS)
    case = Case.objects.get(organisation=other_admin.organisation)
    assert case.person == person
    assert case.status == full_case.status
    assert case.closure_reason == full_case.closure_reason
    assert case.opened_at.date() == full_case.opened_at.date()
    assert case.reference != full_case.reference  # references are never reused
    old_events = list(CaseEvent.objects.filter(case=full_case).order_by("type"))
    new_events = list(CaseEvent.objects.filter(case=case).order_by("type"))
    assert len(new_events) == len(old_events) == 2
    for before, after in zip(old_events, new_events, strict=True):
        _same(before, after, EVENT_FIELDS)
    before_item = PlanItem.objects.get(case=full_case)
    after_item = PlanItem.objects.get(case=case)
    _same(before_item, after_item, PLAN_FIELDS)
    before_decision = AuthorityDecision.objects.get(case=full_case)
    after_decision = AuthorityDecision.objects.get(case=case)
    for name in ("status", "decision_making_org", "organisation_name", "decided_on"):
        assert getattr(after_decision, name) == getattr(before_decision, name)
    party = CaseParty.objects.get(case=case)
    assert (party.recruiter.name, party.role) == ("Sunrise Manpower", "recruiter")
    assert party.recruiter == CaseParty.objects.get(case=full_case).recruiter


def test_the_same_file_imported_again_creates_nothing_twice(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    content = _export(shelter_admin)
    first = _import(other_admin, content)
    second = _import(other_admin, content)

    # person, case, victim context, screening, decision, 2 events, plan, party
    assert first.summary["created"] == 9
    assert second.status == JobStatus.DONE
    assert second.summary["created"] == 0
    assert second.summary["existing"]["person"] == 1
    assert Person.objects.filter(organisation=other_admin.organisation).count() == 1
    assert CaseEvent.objects.filter(case__organisation=other_admin.organisation).count() == 2


def test_an_organisation_importing_its_own_export_creates_nothing(
    full_case: Case, shelter_admin: User
) -> None:
    job = _import(shelter_admin, _export(shelter_admin))

    assert job.status == JobStatus.DONE
    assert job.summary["created"] == 0
    assert Person.objects.filter(organisation=shelter_admin.organisation).count() == 1


def test_a_new_row_in_a_file_seen_before_is_added_to_the_record_it_belongs_to(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    document = from_json(_export(shelter_admin))
    _import(other_admin, json.dumps(document).encode())
    case_id = document["tables"]["case"][0]["nf_Id"]
    document["tables"]["event"].append(
        {"nf_Id": "later-1", "nf_CaseId": case_id, "hte_Type": "Transit"}
    )

    job = _import(other_admin, json.dumps(document).encode())

    assert job.summary["created"] == 1
    case = Case.objects.get(organisation=other_admin.organisation)
    assert case.events.filter(type="Transit").count() == 1


def test_one_bad_row_writes_nothing_and_the_report_names_table_row_and_field(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    document = from_json(_export(shelter_admin))
    document["tables"]["event"][1]["hte_Date"] = "2024-02-30"

    job = _import(other_admin, json.dumps(document).encode())

    assert job.status == JobStatus.REJECTED
    assert job.rejections == [
        {
            "table": "event",
            "row": 2,
            "field": "hte_Date",
            "reason": "bad_date",
            "message": "not a date (YYYY-MM-DD)",
        }
    ]
    assert not Person.objects.filter(organisation=other_admin.organisation).exists()
    assert not ExchangeKey.objects.exists()
    assert job.payload == ""  # the refused file is not kept


def test_a_row_only_the_database_rules_refuse_rejects_the_whole_file(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    document = from_json(_export(shelter_admin))
    # A valid date for the file; an authority's decision dated in the future is refused.
    document["tables"]["identification"][-1]["nf_DecidedOn"] = "2999-01-01"

    job = _import(other_admin, json.dumps(document).encode())

    assert job.status == JobStatus.REJECTED
    assert job.rejections[0]["table"] == "identification"
    assert job.rejections[0]["field"] == "nf_DecidedOn"
    assert not Case.objects.filter(organisation=other_admin.organisation).exists()


def test_the_spreadsheet_neutralises_formulas_in_every_cell(
    full_case: Case, shelter_admin: User
) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(_export(shelter_admin, "xlsx")))
    cells = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(min_row=3)
        for cell in row
        if isinstance(cell.value, str)
    ]

    assert cells
    assert all(cell.data_type != "f" for cell in cells)
    assert not any(cell.value.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    people = workbook["Person"]
    header = [cell.value for cell in people[1]]
    assert people.cell(3, header.index("prs_SecondName") + 1).value == "'=Testperson"
    assert people.cell(3, header.index("prs_MobilePhone") + 1).value == "'+977980000000"


def test_an_export_is_audited_with_counts_and_never_the_content(
    full_case: Case, shelter_admin: User
) -> None:
    _export(shelter_admin)

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, object_type="htcds_export")
    assert entry.actor == shelter_admin
    assert entry.detail["rows"]["person"] == 1
    assert "Amina" not in json.dumps(entry.detail)


def test_the_export_says_how_the_person_was_identified(
    full_case: Case, shelter_admin: User
) -> None:
    document = from_json(_export(shelter_admin))

    stages = [
        (row["nf_Stage"], row["vic_TraffickingStatus"])
        for row in document["tables"]["identification"]
    ]
    assert ("authority", "PossibleVictimOfTrafficking") in stages
    assert any(stage == "screening" for stage, _status in stages)
    context = document["tables"]["victim_context"][0]
    assert context["vic_TraffickingStatus"] == "PossibleVictimOfTrafficking"
    assert context["vic_TraffickingStatusDecisionMakingOrg"] == "NonPoliceGovernmentalOrganization"
    assert set(context["vic_MethodsOfControl"]) == {
        "WithholdsDocuments",
        "TakesEarnings",
        "ExcessiveWorkingHours",
    }
    assert context["vic_TypeOfExploitation"] == ["ForcedLabour"]


def test_when_another_import_wrote_the_same_rows_between_check_and_run_nothing_is_kept(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    from needsfirst.web.exchange.services import import_check_job, import_run_job, import_start
    from needsfirst.web.exchange.services import import_upload as upload

    content = _export(shelter_admin)
    actor = admin_actor(other_admin)
    job = upload(actor=actor, file_name="a.json", content=content, queue=False)
    import_check_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.READY
    # The world changes: the same file is imported by another job before this one runs.
    assert _import(other_admin, content).summary["created"] == 9
    import_start(actor=actor, job=job, queue=False)

    import_run_job(job.pk)
    job.refresh_from_db()

    assert job.status == JobStatus.DONE
    assert job.summary["created"] == 0  # checked again inside the transaction: nothing twice
    assert Person.objects.filter(organisation=other_admin.organisation).count() == 1


def test_an_administrator_who_lost_the_role_cannot_run_the_import_they_queued(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    from django.core.exceptions import PermissionDenied

    from needsfirst.web.exchange.services import import_start
    from needsfirst.web.exchange.services import import_upload as upload

    job = upload(actor=admin_actor(other_admin), file_name="a.json", content=b"{}", queue=False)
    other_admin.role = "caseworker"
    other_admin.save()

    with pytest.raises(PermissionDenied):
        import_start(actor=admin_actor(other_admin), job=job, queue=False)
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKING


def test_a_sheet_in_the_toolkits_layout_is_imported_once(other_admin: User) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sheet1"
    names = [None, "cas_CaseOwner", "prs_FirstName", "prs_Gender", "cas_Status"]
    sheet.append(names)
    sheet.append([None, "Case Owner", "First Name", "Gender", "Status"])
    sheet.append([1, None, "Amina", "Feminine", "Active"])
    sheet.append([2, None, "Bilal", "Masculine", "FollowUp"])
    sheet.append([3])  # the template's numbered empty rows
    buffer = io.BytesIO()
    workbook.save(buffer)

    first = _import(other_admin, buffer.getvalue(), "toolkit.xlsx")
    second = _import(other_admin, buffer.getvalue(), "toolkit.xlsx")

    assert first.summary["created"] == 4
    assert second.summary["created"] == 0
    people = Person.objects.filter(organisation=other_admin.organisation)
    assert sorted(p.first_name for p in people) == ["Amina", "Bilal"]
    assert sorted(c.status for c in Case.objects.filter(organisation=other_admin.organisation)) == [
        "follow_up",
        "open",
    ]


def test_the_example_file_from_another_system_is_imported_as_the_docs_say(
    other_admin: User,
) -> None:
    from pathlib import Path

    from needsfirst.web.recruitment.models import Recruiter, RecruiterNameKey

    example = Path(__file__).resolve().parents[5] / "examples" / "htcds.json"

    job = _import(other_admin, example.read_bytes())
    again = _import(other_admin, example.read_bytes())

    assert job.status == JobStatus.DONE
    # person, case, its victim context, the screening and the authority's decision, two
    # events, a plan action, a party
    assert job.summary["created"] == 9
    assert job.summary["information"] == {}
    case = Case.objects.get(organisation=other_admin.organisation)
    decision = AuthorityDecision.objects.get(case=case)
    assert decision.organisation_name == "Example Competent Authority"
    recruiter = Recruiter.objects.get(name="Example Manpower Agency")  # added to the registry
    assert RecruiterNameKey.objects.filter(recruiter=recruiter).exists()
    assert CaseParty.objects.get(case=case).recruiter == recruiter
    assert again.summary["created"] == 0
    assert Recruiter.objects.filter(name="Example Manpower Agency").count() == 1


# Fields that name a record in its own system (ids, references, the file's source): they
# differ by design between two organisations' exports. `con_Consent` is exported, not imported
# (a consent is the person's dated decision with its method, which a checkbox does not carry).
NOT_COMPARED = {"nf_Id", "nf_PersonId", "nf_CaseId", "nf_Reference", "con_Consent"}


def _comparable(document: dict[str, Any]) -> dict[str, list[str]]:
    return {
        table: sorted(
            json.dumps({k: v for k, v in row.items() if k not in NOT_COMPARED}, sort_keys=True)
            for row in rows
        )
        for table, rows in document["tables"].items()
    }


def _every_victim_context_field(case: Case) -> None:
    """What an earlier file told the shelter: every victim-context field, and a screening by
    another organisation (dated before the shelter's own)."""
    from datetime import date

    from needsfirst.web.exchange.models import OutsideScreening, VictimContext

    VictimContext.objects.create(
        case=case,
        fields={
            "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
            "vic_TraffickingStatusDecisionMakingOrg": "NGO",
            "vic_RelationshipToTrafficker": "Acquainted",
            "vic_AgeWhenTrafficked": 29,
            "vic_RecruitmentWebsitesAndApps": ["Facebook", "WhatsApp"],
            "vic_MethodOfRecruitment": ["AtWork"],
            "vic_LocationOfRecruitment": "Pokhara",
            "vic_MethodsOfControl": ["DebtBondage"],  # the shelter's own facts win
            "vic_TypeOfExploitation": ["SexualExploitation"],
            "vic_ForcedLabourIndustry": "T_ActivitiesOfHouseholdsAsEmployers",
            "vic_TypeOfSexExploitation": ["Prostitution"],
            "vic_LocationOfExploitation": "A private house in London",
            "vic_ExploitationWebsitesAndApps": ["Telegram"],
        },
    )
    OutsideScreening.objects.create(
        case=case,
        status="PossibleVictimOfTrafficking",
        decision_making_org="Police",
        organisation_name="Metropolitan Police",
        decided_on=date(2025, 1, 10),
    )


@pytest.mark.parametrize("everything", [False, True])
@pytest.mark.parametrize("file_format", ["json", "xlsx"])
def test_export_import_export_gives_the_same_file_field_by_field(
    full_case: Case, shelter_admin: User, other_admin: User, file_format: str, everything: bool
) -> None:
    if everything:
        _every_victim_context_field(full_case)
    from needsfirst.exchange import read_file
    from needsfirst.exchange.document import make_document

    first = _export(shelter_admin, file_format)
    job = _import(other_admin, first, f"shelter.{file_format}")
    assert job.status == JobStatus.DONE, job.rejections
    second = _export(other_admin, file_format)

    def document(content: bytes) -> dict[str, Any]:
        checked = read_file(content, f"x.{file_format}")
        assert checked.ok, checked.rejections
        return make_document(checked.tables, source="", exported_at="")

    before, after = _comparable(document(first)), _comparable(document(second))
    assert set(before) == set(after)
    for table in before:
        assert after[table] == before[table], table
    # Every table the file has was carried, including the victim context and the screening.
    assert all(before[table] for table in before)
    stages = sorted(json.loads(row)["nf_Stage"] for row in after["identification"])
    assert stages == (
        ["authority", "screening", "screening"] if everything else ["authority", "screening"]
    )
    if everything:
        [context] = [json.loads(row) for row in after["victim_context"]]
        assert context["vic_ExploitationWebsitesAndApps"] == ["Telegram"]
        assert context["vic_AgeWhenTrafficked"] == 29
        assert "DebtBondage" not in context["vic_MethodsOfControl"]
