"""The registry: importing an authority's licence list, looking a recruiter up, its status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from needsfirst.recruitment import RecruiterStatus
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in
from needsfirst.web.recruitment import selectors, services
from needsfirst.web.recruitment.models import EventKind, Licence, Recruiter, RegistryEvent

pytestmark = pytest.mark.django_db

MAPPING = {
    "name": "Agency Name",
    "transliterations": "Other spellings",
    "licence_number": "Licence No.",
    "status": "Status",
    "valid_from": "From",
    "valid_until": "Until",
    "countries": "Destinations",
    "sectors": "Sectors",
}
HEADER = "Agency Name,Other spellings,Licence No.,Status,From,Until,Destinations,Sectors\n"
GOOD = (
    HEADER
    + "Himalayan Manpower Services,हिमालयन म्यानपावर,1234/070,active,2020-01-01,2030-12-31,"
    + "QA;AE,construction\n"
    + "Everest Overseas,,88/2075,suspended,01/02/2021,,SAU,domestic\n"
    + "Old Gulf Recruiters,,5/2060,licensed,2010-01-01,2015-01-01,QA,\n"
)
BAD = (
    HEADER
    + "Himalayan Manpower Services,,1234/070,active,2020-01-01,2030-12-31,QA,construction\n"
    + ",,99/1,active,,,QA,\n"
    + "Moon Agency,,77/1,sleeping,2020-13-01,,ZZ,mining\n"
    + "Twin Agency,,1234-070,active,,,QA,\n"
)


@pytest.fixture
def admin(make_user: Callable[..., User], shelter: Organisation) -> User:
    return make_user(Role.ORGANISATION_ADMIN, shelter, "orgadmin")


def _import(admin: User, text: str) -> services.ImportReport:
    return services.licence_list_import(
        actor=Actor.for_user(admin),
        data=text.encode(),
        mapping=MAPPING,
        authority="Department of Foreign Employment, Nepal",
        source_title="DoFE list of licensed recruiting agencies",
    )


def test_it_imports_a_list_and_importing_it_again_changes_nothing(admin: User) -> None:
    first = _import(admin, GOOD)
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    again = _import(admin, GOOD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Recruiter.objects.count() == 3
    changed = _import(admin, GOOD.replace("88/2075,suspended", "88/2075,revoked"))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)
    assert Licence.objects.get(number="88/2075").status == "revoked"
    assert AuditEntry.objects.filter(actor=admin, object_type="licence_list").count() == 3


def test_a_malformed_file_writes_nothing_and_reports_each_row_with_field_and_reason(
    admin: User,
) -> None:
    report = _import(admin, BAD)
    assert not report.imported
    assert Recruiter.objects.count() == 0
    found = {(error.row, error.field) for error in report.errors}
    assert (3, "name") in found
    assert {(4, "status"), (4, "valid_from"), (4, "countries"), (4, "sectors")} <= found
    assert (5, "licence_number") in found  # the same licence as line 2, written differently
    assert all(error.reason for error in report.errors)


def test_a_mapping_to_a_column_the_file_lacks_is_named(admin: User) -> None:
    report = _import(admin, GOOD.replace("Licence No.", "Licence"))
    assert [(e.row, e.field) for e in report.errors] == [(1, "licence_number")]


def test_a_caseworker_cannot_import_and_the_refusal_is_audited(
    make_user: Callable[..., User], shelter: Organisation
) -> None:
    caseworker = make_user(Role.CASEWORKER, shelter)
    with pytest.raises(PermissionDenied):
        _import(caseworker, GOOD)
    assert AuditEntry.objects.filter(actor=caseworker, action=AuditAction.ACCESS_DENIED).exists()


def test_look_up_by_licence_number_ignores_spaces_dashes_and_slashes(admin: User) -> None:
    _import(admin, GOOD)
    (found,) = selectors.recruiter_lookup(query="1234-070", on=dt.date(2026, 12, 1))
    assert found.recruiter.name == "Himalayan Manpower Services"
    assert found.status is RecruiterStatus.LICENSED


@pytest.mark.parametrize("query", ["Himalayan Manpower", "himalyan manpowr", "हिमालयन म्यानपावर"])
def test_look_up_by_name_tolerates_typos_and_another_script(admin: User, query: str) -> None:
    _import(admin, GOOD)
    results = selectors.recruiter_lookup(query=query, on=dt.date(2026, 12, 1))
    assert results
    assert results[0].recruiter.name == "Himalayan Manpower Services"


def test_the_status_is_as_of_the_day_asked(admin: User) -> None:
    _import(admin, GOOD)
    old = Recruiter.objects.get(name="Old Gulf Recruiters")
    assert selectors.recruiter_status_on(recruiter=old, on=dt.date(2014, 6, 1))[0] is (
        RecruiterStatus.LICENSED
    )
    assert selectors.recruiter_status_on(recruiter=old, on=dt.date(2026, 12, 1))[0] is (
        RecruiterStatus.EXPIRED
    )
    suspended = Recruiter.objects.get(name="Everest Overseas")
    assert selectors.recruiter_status_on(recruiter=suspended, on=dt.date(2026, 12, 1))[0] is (
        RecruiterStatus.SUSPENDED
    )


def test_the_offer_checker_hears_not_listed_only_when_a_registry_is_loaded(admin: User) -> None:
    day = dt.date(2026, 12, 1)
    assert selectors.recruiter_status_for_offer(name="Nobody Ltd", licence=None, on=day) is (
        RecruiterStatus.UNKNOWN
    )
    _import(admin, GOOD)
    assert selectors.recruiter_status_for_offer(name="Nobody Ltd", licence=None, on=day) is (
        RecruiterStatus.NOT_LISTED
    )
    assert selectors.recruiter_status_for_offer(name=None, licence="88/2075", on=day) is (
        RecruiterStatus.SUSPENDED
    )


def test_the_registry_page_counts_complaints_and_shows_the_sources(admin: User) -> None:
    _import(admin, GOOD)
    everest = Recruiter.objects.get(name="Everest Overseas")
    for _ in range(2):
        services.registry_event_add(
            actor=Actor.for_user(admin),
            recruiter=everest,
            kind=EventKind.COMPLAINT,
            on=dt.date(2025, 3, 1),
            summary="Fees charged to workers",
            source_title="DoFE complaint register",
        )
    client = signed_in(admin)
    page = client.get(reverse("recruitment:registry"), {"q": "Everest Overseas"}).content.decode()
    assert "Everest Overseas" in page
    assert "2 · 0 · 0" in page
    detail = client.get(reverse("recruitment:detail", args=[everest.uuid])).content.decode()
    assert "DoFE complaint register" in detail
    assert "DoFE list of licensed recruiting agencies" in detail
    assert RegistryEvent.objects.count() == 2


def test_the_import_page_imports_for_an_administrator_and_lists_rejected_rows(admin: User) -> None:
    client = signed_in(admin)
    mapping = "\n".join(f"{ours} = {theirs}" for ours, theirs in MAPPING.items())
    data = {
        "authority": "DoFE",
        "source_title": "DoFE list",
        "mapping": mapping,
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = client.post(
        reverse("recruitment:import"),
        {**data, "file": SimpleUploadedFile("list.csv", BAD.encode(), "text/csv")},
    )
    assert bad.status_code == 400
    assert "sleeping" in bad.content.decode()
    good = client.post(
        reverse("recruitment:import"),
        {**data, "file": SimpleUploadedFile("list.csv", GOOD.encode(), "text/csv")},
    )
    assert good.status_code == 200
    assert Recruiter.objects.count() == 3
    wrong_mapping = client.post(
        reverse("recruitment:import"),
        {**data, "mapping": "nam = Agency Name", "file": SimpleUploadedFile("l.csv", b"x")},
    )
    assert wrong_mapping.status_code == 400
    assert "nam" in wrong_mapping.content.decode()


def test_the_command_imports_and_refuses_a_bad_file_naming_rows(tmp_path: Path) -> None:
    args = ["--authority", "DoFE", "--source-title", "DoFE list"]
    args += [f"--map={ours}={theirs}" for ours, theirs in MAPPING.items()]
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    call_command("import_recruiters", str(good), *args, stdout=out)
    assert "3 new" in out.getvalue()
    call_command("import_recruiters", str(good), *args, stdout=out)
    assert "3 unchanged" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_recruiters", str(bad), *args, stderr=err)
    assert "line 4: status:" in err.getvalue()


def test_a_case_names_a_recruiter_and_others_see_only_the_count(
    admin: User,
    make_user: Callable[..., User],
    shelter: Organisation,
    other_ngo: Organisation,
) -> None:
    from needsfirst.web.cases import services as cases

    _import(admin, GOOD)
    everest = Recruiter.objects.get(name="Everest Overseas")
    amina = make_user(Role.CASEWORKER, shelter, "amina")
    case = cases.case_intake(actor=Actor.for_user(amina), person_data={"first_name": "Nadia"})
    client = signed_in(amina)
    url = reverse("recruitment:detail", args=[everest.uuid])
    response = client.post(url, {"case_reference": case.reference.lower(), "role": "recruiter"})
    assert response.status_code == 302
    assert case.reference in client.get(url).content.decode()
    stranger = signed_in(make_user(Role.CASEWORKER, other_ngo, "outsider"))
    page = stranger.get(url).content.decode()
    assert "1 case in all organisations." in page
    assert case.reference not in page
    refused = stranger.post(url, {"case_reference": case.reference, "role": "recruiter"})
    assert refused.status_code == 400
    assert "No case of your organisation has this reference." in refused.content.decode()
    results = selectors.recruiter_lookup(query="88/2075", on=dt.date(2026, 12, 1))
    assert results[0].event_counts["cases"] == 1


def test_a_certification_in_the_list_is_recorded_once_and_shown(admin: User) -> None:
    from needsfirst.web.recruitment.models import Certification

    mapping = {**MAPPING, "certification": "Certified", "certified_until": "Certified until"}
    text = (
        HEADER.rstrip("\n")
        + ",Certified,Certified until\n"
        + "Himalayan Manpower Services,,1234/070,active,2020-01-01,2030-12-31,QA,,"
        + "IOM IRIS,2027-06-30\n"
    )
    for _ in range(2):
        report = services.licence_list_import(
            actor=Actor.for_user(admin),
            data=text.encode(),
            mapping=mapping,
            authority="DoFE",
            source_title="DoFE list",
        )
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    (certification,) = Certification.objects.all()
    assert certification.scheme == "IOM IRIS"
    assert certification.valid_until == dt.date(2027, 6, 30)
    page = (
        signed_in(admin)
        .get(reverse("recruitment:detail", args=[certification.recruiter.uuid]))
        .content.decode()
    )
    assert "IOM IRIS" in page
    orphan = text.replace("IOM IRIS,", ",")
    refused = services.licence_list_import(
        actor=Actor.for_user(admin),
        data=orphan.encode(),
        mapping=mapping,
        authority="DoFE",
        source_title="DoFE list",
    )
    assert [(e.row, e.field) for e in refused.errors] == [(2, "certification")]


def test_an_administrator_records_a_sourced_sanction_and_bad_input_is_refused(admin: User) -> None:
    _import(admin, GOOD)
    everest = Recruiter.objects.get(name="Everest Overseas")
    client = signed_in(admin)
    url = reverse("recruitment:event_add", args=[everest.uuid])
    sanction = {
        "kind": "sanction",
        "on": "2025-05-02",
        "summary": "Licence suspended for charging fees to workers",
        "source_title": "DoFE notice 12/2082",
    }
    assert client.post(url, {**sanction, "on": "not a day"}).status_code == 400
    assert RegistryEvent.objects.count() == 0
    assert client.post(url, sanction).status_code == 302
    page = client.get(reverse("recruitment:detail", args=[everest.uuid])).content.decode()
    assert "Licence suspended for charging fees to workers" in page
    assert "DoFE notice 12/2082" in page
