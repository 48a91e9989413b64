"""A file imported again after its records changed at the source: updates field by field,
conflicts with changes made here are reported and left, nothing of another organisation is
ever touched, and a file with one bad row still writes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from needsfirst.exchange import from_json
from needsfirst.web.accounts.models import User
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import Case, CaseEvent, Person
from needsfirst.web.exchange.models import ExchangeKey, ImportJob, JobStatus, VictimContext
from needsfirst.web.exchange.services import export_organisation, import_now
from needsfirst.web.exchange.tests.conftest import admin_actor
from needsfirst.web.screening.models import AuthorityDecision

pytestmark = pytest.mark.django_db


def _document(user: User) -> dict[str, Any]:
    return from_json(export_organisation(actor=admin_actor(user), file_format="json").content)


def _import(user: User, document: dict[str, Any]) -> ImportJob:
    content = json.dumps(document).encode()
    return import_now(actor=admin_actor(user), file_name="file.json", content=content)


def _imported_person(user: User) -> Person:
    return Person.objects.get(organisation=user.organisation)


def test_a_record_changed_at_the_source_is_updated_field_by_field_and_audited(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    document = _document(shelter_admin)
    _import(other_admin, document)
    document["tables"]["person"][0]["prs_MailingCity"] = "Lalitpur"
    document["tables"]["person"][0]["prs_Email"] = None  # emptied at the source
    recruitment = next(r for r in document["tables"]["event"] if r["hte_Type"] == "Recruitment")
    recruitment["hte_Description"] = "Offered a job as a cook in Doha."

    job = _import(other_admin, document)

    assert job.status == JobStatus.DONE, job.rejections
    assert job.summary["created"] == 0
    assert job.summary["updated"] == 2
    assert job.summary["update"] == {"person": 1, "event": 1}
    assert job.summary["unchanged"]["case"] == 1
    assert job.summary["conflicts"] == []
    person = _imported_person(other_admin)
    assert person.mailing_city == "Lalitpur"
    assert person.email == ""
    assert person.first_name == "Amina"  # the fields the source did not change stay
    event = CaseEvent.objects.get(case__organisation=other_admin.organisation, type="Recruitment")
    assert event.description == "Offered a job as a cook in Doha."
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_id=str(person.uuid))
    assert entry.detail == {"import": "person", "fields": ["prs_Email", "prs_MailingCity"]}
    assert "Lalitpur" not in json.dumps(entry.detail)


def test_a_field_changed_here_since_the_last_import_is_left_and_reported_as_a_conflict(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    document = _document(shelter_admin)
    _import(other_admin, document)
    person = _imported_person(other_admin)
    person.mailing_city = "Bhaktapur"  # a caseworker here corrected it
    person.save()
    document["tables"]["person"][0]["prs_MailingCity"] = "Lalitpur"
    document["tables"]["person"][0]["prs_MobilePhone"] = "+977981111111"

    job = _import(other_admin, document)

    assert job.status == JobStatus.DONE
    assert job.summary["conflicts"] == [
        {
            "table": "person",
            "row": 1,
            "field": "prs_MailingCity",
            "reason": "changed_here",
            "message": "changed here since the last import: left as it is",
        }
    ]
    person.refresh_from_db()
    assert person.mailing_city == "Bhaktapur"  # the local version wins
    assert person.mobile_phone == "+977981111111"  # the rest of the record is updated
    # The same file again: still a conflict, still left.
    again = _import(other_admin, document)
    assert len(again.summary["conflicts"]) == 1
    person.refresh_from_db()
    assert person.mailing_city == "Bhaktapur"


def test_once_the_two_agree_again_a_later_change_at_the_source_applies(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    document = _document(shelter_admin)
    _import(other_admin, document)
    person = _imported_person(other_admin)
    person.mailing_city = "Bhaktapur"
    person.save()
    document["tables"]["person"][0]["prs_MailingCity"] = "Bhaktapur"  # the source agrees
    assert _import(other_admin, document).summary["conflicts"] == []

    document["tables"]["person"][0]["prs_MailingCity"] = "Patan"
    job = _import(other_admin, document)

    assert job.summary["conflicts"] == []
    person.refresh_from_db()
    assert person.mailing_city == "Patan"


def test_a_case_closed_at_the_source_is_closed_here(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    document = _document(shelter_admin)
    _import(other_admin, document)
    row = document["tables"]["case"][0]
    row.update(
        cas_Status="Closed",
        nf_Status="closed",
        cas_ReasonForCaseClosure="Returned home safely.",
        nf_ClosedOn="2026-01-05",
    )

    job = _import(other_admin, document)

    assert job.summary["update"] == {"case": 1}
    case = Case.objects.get(organisation=other_admin.organisation)
    assert case.status == "closed"
    assert case.closure_reason == "Returned home safely."
    assert case.closed_at is not None
    assert case.closed_at.date().isoformat() == "2026-01-05"


def test_one_bad_row_in_a_second_import_writes_no_update_either(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    document = _document(shelter_admin)
    _import(other_admin, document)
    document["tables"]["person"][0]["prs_MailingCity"] = "Lalitpur"
    document["tables"]["event"][1]["hte_Date"] = "2024-02-30"

    job = _import(other_admin, document)

    assert job.status == JobStatus.REJECTED
    assert _imported_person(other_admin).mailing_city == "Kathmandu"
    assert not AuditEntry.objects.filter(
        action=AuditAction.UPDATE, detail__import="person"
    ).exists()


def test_a_recorded_authority_decision_is_never_edited_by_a_file(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    document = _document(shelter_admin)
    _import(other_admin, document)
    authority = next(
        row for row in document["tables"]["identification"] if row["nf_Stage"] == "authority"
    )
    authority["vic_TraffickingStatus"] = "ActualVictimOfTrafficking"

    job = _import(other_admin, document)

    assert [(c["table"], c["field"], c["reason"]) for c in job.summary["conflicts"]] == [
        ("identification", "vic_TraffickingStatus", "never_edited")
    ]
    decision = AuthorityDecision.objects.get(case__organisation=other_admin.organisation)
    assert decision.status == "PossibleVictimOfTrafficking"


def test_a_record_removed_here_is_not_brought_back_and_is_reported(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    document = _document(shelter_admin)
    _import(other_admin, document)
    CaseEvent.objects.filter(
        case__organisation=other_admin.organisation, type="Exploitation"
    ).delete()
    for row in document["tables"]["event"]:
        row["hte_Description"] = "Changed at the source."

    job = _import(other_admin, document)

    assert job.status == JobStatus.DONE
    assert ("event", "nf_Id", "removed_here") in [
        (c["table"], c["field"], c["reason"]) for c in job.summary["conflicts"]
    ]
    assert CaseEvent.objects.filter(case__organisation=other_admin.organisation).count() == 1


def test_an_organisation_importing_its_own_old_export_changes_nothing(
    full_case: Case, shelter_admin: User
) -> None:
    document = _document(shelter_admin)
    person = full_case.person
    person.mailing_city = "Lalitpur"  # changed here after the export
    person.save()
    document["tables"]["person"][0]["prs_FirstName"] = "Someone else"

    job = _import(shelter_admin, document)

    assert job.summary["created"] == 0
    assert job.summary["updated"] == 0
    person.refresh_from_db()
    assert (person.first_name, person.mailing_city) == ("Amina", "Lalitpur")


def test_a_file_naming_another_organisations_record_ids_never_updates_them(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    # The other organisation takes the shelter's export, changes it, and passes it off as the
    # shelter's own file or as its own: the shelter's records must stay as they are.
    for source in (
        f"needsfirst:{shelter_admin.organisation.uuid}",  # type: ignore[union-attr]
        f"needsfirst:{other_admin.organisation.uuid}",  # type: ignore[union-attr]
    ):
        document = _document(shelter_admin)
        document["source"] = source
        document["tables"]["person"][0]["prs_FirstName"] = "Hijacked"
        document["tables"]["case"][0].update(cas_Status="Closed", nf_Status="closed")

        job = _import(other_admin, document)

        assert job.status == JobStatus.DONE, job.rejections
        full_case.refresh_from_db()
        full_case.person.refresh_from_db()
        assert full_case.person.first_name == "Amina"
        assert full_case.status != "closed"
        assert not AuditEntry.objects.filter(
            action=AuditAction.UPDATE, object_id=str(full_case.person.uuid)
        ).exists()
    # What the other organisation imported is its own copy.
    assert Person.objects.filter(organisation=other_admin.organisation).exists()
    assert not ExchangeKey.objects.filter(organisation=shelter_admin.organisation).exists()


def test_the_victim_context_a_file_gives_is_kept_and_updated(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    document = _document(shelter_admin)
    context = document["tables"]["victim_context"][0]
    context.update(
        vic_RelationshipToTrafficker="Acquainted",
        vic_AgeWhenTrafficked=29,
        vic_MethodOfRecruitment=["AtWork"],
        vic_LocationOfExploitation="A private house in London",
    )
    first = _import(other_admin, document)
    assert first.status == JobStatus.DONE, first.rejections
    context["vic_LocationOfExploitation"] = "A private house in Leeds"

    job = _import(other_admin, document)

    assert job.summary["update"] == {"victim_context": 1}
    kept = VictimContext.objects.get(case__organisation=other_admin.organisation)
    assert kept.fields["vic_LocationOfExploitation"] == "A private house in Leeds"
    assert kept.fields["vic_RelationshipToTrafficker"] == "Acquainted"
    assert kept.fields["vic_MethodsOfControl"] == sorted(
        ["WithholdsDocuments", "TakesEarnings", "ExcessiveWorkingHours"]
    )


def test_a_field_changed_here_between_the_check_and_the_import_is_not_overwritten(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    from needsfirst.web.exchange.services import import_check_job, import_run_job, import_start
    from needsfirst.web.exchange.services import import_upload as upload

    document = _document(shelter_admin)
    _import(other_admin, document)
    document["tables"]["person"][0]["prs_MailingCity"] = "Lalitpur"
    actor = admin_actor(other_admin)
    job = upload(
        actor=actor, file_name="a.json", content=json.dumps(document).encode(), queue=False
    )
    import_check_job(job.pk)
    job.refresh_from_db()
    assert job.summary["update"] == {"person": 1}  # what the check foresaw
    # The world changes: a caseworker corrects the city before the administrator runs it.
    person = _imported_person(other_admin)
    person.mailing_city = "Bhaktapur"
    person.save()
    import_start(actor=actor, job=job, queue=False)

    import_run_job(job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.summary["updated"] == 0
    assert [c["field"] for c in job.summary["conflicts"]] == ["prs_MailingCity"]
    person.refresh_from_db()
    assert person.mailing_city == "Bhaktapur"


def test_nothing_is_added_to_or_updated_in_a_person_erased_on_request(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    from needsfirst.web.cases.services import person_erase

    document = _document(shelter_admin)
    _import(other_admin, document)
    person = _imported_person(other_admin)
    person_erase(actor=admin_actor(other_admin), person=person)
    case_id = document["tables"]["case"][0]["nf_Id"]
    document["tables"]["event"].append(
        {"nf_Id": "later-1", "nf_CaseId": case_id, "hte_Type": "Transit", "hte_Description": "x"}
    )
    for row in document["tables"]["event"]:
        row["hte_Description"] = "Changed at the source."
    document["tables"]["victim_context"][0]["vic_LocationOfExploitation"] = "A farm"

    job = _import(other_admin, document)

    assert job.status == JobStatus.DONE
    assert job.summary["created"] == 0
    assert job.summary["updated"] == 0
    assert job.summary["conflicts"] == []
    case = Case.objects.get(organisation=other_admin.organisation)
    assert not case.events.filter(type="Transit").exists()
    assert set(case.events.values_list("description", flat=True)) == {""}
    assert VictimContext.objects.get(case=case).fields == {}  # erased with the person
