"""The exchange page: only an organisation administrator, only their organisation's records."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from needsfirst.exchange import from_json
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import Case, Person
from needsfirst.web.conftest import signed_in
from needsfirst.web.exchange.models import ExportJob, ExportStatus, ImportJob, JobStatus
from needsfirst.web.exchange.services import export_organisation
from needsfirst.web.exchange.tests.conftest import admin_actor

pytestmark = pytest.mark.django_db


def _upload(client: object, content: bytes, name: str = "file.json") -> object:
    """Upload as the page does; the queued check runs once the request's transaction commits."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(  # type: ignore[attr-defined]
            reverse("exchange:home"), {"file": SimpleUploadedFile(name, content)}
        )


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.SUPERVISOR, Role.ANALYST, Role.LABOUR_INSPECTOR]
)
def test_no_other_role_may_export_or_import_and_the_refusal_is_audited(
    make_user: object, shelter: object, full_case: Case, role: str
) -> None:
    user = make_user(role, shelter, f"someone-{role}")  # type: ignore[operator]
    client = signed_in(user)

    assert client.get(reverse("exchange:home")).status_code == 403
    for file_format in ("json", "xlsx", "toolkit"):
        assert client.post(reverse("exchange:export", args=[file_format])).status_code == 403
    assert _upload(client, b"{}").status_code == 403
    assert AuditEntry.objects.filter(actor=user, action=AuditAction.ACCESS_DENIED).count() == 5
    assert not ImportJob.objects.exists()
    assert not ExportJob.objects.exists()


def test_an_export_never_holds_another_organisations_records_nor_cases_shared_with_us(
    full_case: Case, other_admin: User, open_case: object, make_user: object, other_ngo: object
) -> None:
    # The other NGO holds a case of its own; the shelter's case is not shared with it.
    other_worker = make_user(Role.CASEWORKER, other_ngo, "other-worker")  # type: ignore[operator]
    own = open_case("Bilal", "Othercase", by=other_worker)  # type: ignore[operator]

    content = download(signed_in(other_admin), "json")
    document = from_json(content)

    assert [row["nf_Id"] for row in document["tables"]["case"]] == [str(own.uuid)]
    assert str(full_case.person.uuid) not in content.decode()
    assert "Amina" not in content.decode()
    assert document["tables"]["event"] == []


def test_a_case_another_organisation_shares_is_not_in_the_export(
    full_case: Case, other_admin: User, caseworker: User
) -> None:
    from datetime import date

    from needsfirst.web.accounts.actor import Actor
    from needsfirst.web.cases.models import CaseShare
    from needsfirst.web.cases.services import consent_record

    consent = consent_record(
        actor=Actor.for_user(caseworker),
        case=full_case,
        data={
            "kind": "data_sharing",
            "granted": True,
            "purpose": "referral",
            "recipient": other_admin.organisation,
            "method": "written",
            "decided_on": date.today(),
        },
    )
    CaseShare.objects.create(
        case=full_case,
        organisation=other_admin.organisation,
        consent=consent,
        sections=["identity", "events", "notes"],
    )

    document = export_organisation(actor=admin_actor(other_admin), file_format="json")

    assert sum(document.rows.values()) == 0


def test_the_administrator_uploads_checks_and_imports_a_file_in_steps(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    content = export_organisation(actor=admin_actor(shelter_admin), file_format="xlsx").content
    client = signed_in(other_admin)

    response = _upload(client, content, "from-the-shelter.xlsx")
    job = ImportJob.objects.get()
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert job.status == JobStatus.READY  # the check ran (inline in the tests)
    assert job.total == 9
    assert job.file_name == "from-the-shelter.xlsx"
    page = client.get(reverse("exchange:job", args=[job.uuid]))
    assert "New records: 9. Records to update: 0." in page.content.decode()
    assert not Person.objects.filter(organisation=other_admin.organisation).exists()

    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("exchange:job_run", args=[job.uuid]))
    job.refresh_from_db()

    assert job.status == JobStatus.DONE
    assert Person.objects.filter(organisation=other_admin.organisation).count() == 1
    progress = client.get(reverse("exchange:job_progress", args=[job.uuid]))
    assert 'value="100"' in progress.content.decode()


def test_a_rejected_file_lists_each_row_in_words(other_admin: User) -> None:
    document = {
        "standard": "HTCDS",
        "version": "2.0",
        "tables": {
            "person": [{"nf_Id": "p1", "prs_Gender": "Female"}],
            "case": [{"nf_Id": "c1", "nf_PersonId": "p2", "cas_Status": "Active"}],
        },
    }
    client = signed_in(other_admin)

    _upload(client, json.dumps(document).encode())
    job = ImportJob.objects.get()
    page = client.get(reverse("exchange:job", args=[job.uuid])).content.decode()

    assert job.status == JobStatus.REJECTED
    assert [(r["table"], r["row"], r["field"]) for r in job.rejections] == [
        ("person", 1, "prs_Gender"),
        ("case", 1, "nf_PersonId"),
    ]
    assert "The value is not in the field&#x27;s HTCDS code list." in page
    assert "The row refers to a record that is not in the file." in page
    assert "Nothing was imported" in page


def test_another_organisations_import_is_not_found_and_cannot_be_run(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    content = export_organisation(actor=admin_actor(shelter_admin), file_format="json").content
    _upload(signed_in(shelter_admin), content)
    job = ImportJob.objects.get()
    attacker = signed_in(other_admin)

    assert attacker.get(reverse("exchange:job", args=[job.uuid])).status_code == 404
    assert attacker.get(reverse("exchange:job_progress", args=[job.uuid])).status_code == 404
    assert attacker.post(reverse("exchange:job_run", args=[job.uuid])).status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.READY


def test_a_file_that_is_not_json_nor_a_spreadsheet_is_refused_on_the_form(
    other_admin: User,
) -> None:
    response = _upload(signed_in(other_admin), b"a,b,c", "people.csv")

    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Choose a .json or .xlsx file." in response.content.decode()  # type: ignore[attr-defined]
    assert not ImportJob.objects.exists()


def test_the_uploaded_file_is_encrypted_at_rest(full_case: Case, shelter_admin: User) -> None:
    from django.db import connection

    content = export_organisation(actor=admin_actor(shelter_admin), file_format="json").content
    _upload(signed_in(shelter_admin), content, "amina.json")
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload, file_name FROM exchange_importjob")
        payload, file_name = cursor.fetchone()

    assert "amina" not in file_name
    assert b"Amina" not in payload.encode()
    assert "QW1pbm" not in payload  # not the base64 of the name either


def test_the_audit_trail_names_an_export_and_an_import_in_words(
    full_case: Case, shelter_admin: User
) -> None:
    client = signed_in(shelter_admin)
    download(client, "json")
    _upload(client, b"{}", "empty.json")

    page = client.get(reverse("audit:list")).content.decode()

    assert "export of the organisation&#x27;s records" in page
    assert "data import" in page


def download(client: Any, file_format: str) -> bytes:
    """Ask for an export on the page, follow it to its job, and download the file."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("exchange:export", args=[file_format]))
    assert response.status_code == 302
    job = ExportJob.objects.get(uuid=response["Location"].rstrip("/").split("/")[-1])
    assert job.status == ExportStatus.READY  # the job ran (inline in the tests)
    page = client.get(response["Location"]).content.decode()
    assert reverse("exchange:export_download", args=[job.uuid]) in page
    got = client.get(reverse("exchange:export_download", args=[job.uuid]))
    assert got["Cache-Control"] == "no-store"
    return b"".join(got) if hasattr(got, "streaming_content") else got.content


def test_an_export_is_a_job_whose_file_only_the_administrator_who_asked_may_download(
    full_case: Case, shelter_admin: User, make_user: Any, shelter: Any
) -> None:
    second_admin = make_user(Role.ORGANISATION_ADMIN, shelter, "second-admin")
    client = signed_in(shelter_admin)
    content = download(client, "xlsx")
    job = ExportJob.objects.get()

    assert content.startswith(b"PK")  # a spreadsheet
    assert job.rows["person"] == 1
    assert job.done == job.total  # every step reported
    # Another administrator of the same organisation: not found, and the attempt audited.
    other = signed_in(second_admin)
    for name in ("exchange:export_job", "exchange:export_progress", "exchange:export_download"):
        assert other.get(reverse(name, args=[job.uuid])).status_code == 404
    assert (
        AuditEntry.objects.filter(
            actor=second_admin, action=AuditAction.ACCESS_DENIED, object_type="exchange_export"
        ).count()
        == 3
    )
    downloads = AuditEntry.objects.filter(
        actor=shelter_admin, action=AuditAction.EXPORT, detail__download=True
    )
    assert downloads.count() == 1
    assert "Amina" not in str(downloads.get().detail)
    assert b"Amina" not in job.payload.encode()  # kept encrypted


def test_an_export_file_is_deleted_an_hour_after_it_was_asked_for(
    full_case: Case, shelter_admin: User
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    client = signed_in(shelter_admin)
    download(client, "json")
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=2))

    response = client.get(reverse("exchange:export_download", args=[job.uuid]))

    assert response.status_code == 404
    job.refresh_from_db()
    assert job.status == ExportStatus.EXPIRED
    assert job.payload == ""


def test_an_export_asked_by_someone_who_lost_the_role_is_not_written(
    full_case: Case, shelter_admin: User
) -> None:
    from needsfirst.web.exchange.services import export_request, export_run_job

    job = export_request(actor=admin_actor(shelter_admin), file_format="json", queue=False)
    shelter_admin.role = Role.CASEWORKER
    shelter_admin.save()

    export_run_job(job.pk)

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.payload == ""


def test_the_toolkits_one_sheet_layout_is_exported_and_imported_by_another_organisation(
    full_case: Case, shelter_admin: User, other_admin: User
) -> None:
    from needsfirst.exchange import read_file
    from needsfirst.web.exchange.models import VictimContext
    from needsfirst.web.exchange.services import import_now

    content = download(signed_in(shelter_admin), "toolkit")
    checked = read_file(content, "toolkit.xlsx")
    assert checked.ok, checked.rejections
    assert ExportJob.objects.get().file_name.endswith(".toolkit.xlsx")

    job = import_now(actor=admin_actor(other_admin), file_name="toolkit.xlsx", content=content)

    assert job.status == JobStatus.DONE, job.rejections
    person = Person.objects.get(organisation=other_admin.organisation)
    assert (person.first_name, person.second_name) == ("Amina", "=Testperson")
    assert person.citizenship == full_case.person.citizenship
    context = VictimContext.objects.get(case__person=person)
    assert context.fields["vic_TypeOfExploitation"] == ["ForcedLabour"]
    assert context.fields["vic_TraffickingStatus"] == "PossibleVictimOfTrafficking"
