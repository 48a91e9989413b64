"""Importing a licensing authority's list published as an Excel workbook (XLSX).

The same checks as the CSV import: the whole file first, each rejected row with its line, field
and reason, nothing written if any row is rejected, idempotent. Plus what only a workbook can
bring: formulas (refused, never evaluated), dates and numbers as cell types, macros, archives
that are not workbooks, the old .xls format.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.conftest import signed_in
from needsfirst.web.recruitment import services
from needsfirst.web.recruitment.importing import parse_licence_list
from needsfirst.web.recruitment.models import Licence, Recruiter

pytestmark = pytest.mark.django_db

MAPPING = {
    "name": "Agency Name",
    "licence_number": "Licence No.",
    "status": "Status",
    "valid_from": "From",
    "valid_until": "Until",
    "countries": "Destinations",
}
HEADER = ["Agency Name", "Licence No.", "Status", "From", "Until", "Destinations"]
GOOD_ROWS: list[list[Any]] = [
    [
        "Himalayan Manpower Services",
        "1234/070",
        "active",
        dt.date(2020, 1, 1),
        dt.date(2030, 12, 31),
        "QA;AE",
    ],
    ["Everest Overseas", 882075, "suspended", dt.datetime(2021, 2, 1), None, "SAU"],
    ["Old Gulf Recruiters", "5/2060", "licensed", "2010-01-01", "01/01/2015", "QA"],
]


def workbook(rows: list[list[Any]], *, title_rows: int = 0) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for _ in range(title_rows):
        sheet.append(["Department of Foreign Employment: licensed agencies"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def admin(make_user: Callable[..., User], shelter: Organisation) -> User:
    return make_user(Role.ORGANISATION_ADMIN, shelter, "orgadmin")


def _import(admin: User, data: bytes) -> services.ImportReport:
    return services.licence_list_import(
        actor=Actor.for_user(admin),
        data=data,
        mapping=MAPPING,
        authority="Department of Foreign Employment, Nepal",
        source_title="DoFE list of licensed recruiting agencies",
    )


def test_a_workbook_imports_like_a_csv_and_importing_it_again_changes_nothing(admin: User) -> None:
    data = workbook(GOOD_ROWS)
    first = _import(admin, data)
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    again = _import(admin, data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    everest = Licence.objects.get(recruiter__name="Everest Overseas")
    # A number cell is read as the number written, a date cell as the day.
    assert everest.number == "882075"
    assert everest.valid_from == dt.date(2021, 2, 1)
    assert everest.status == "suspended"
    old = Licence.objects.get(number="5/2060")
    assert old.valid_until == dt.date(2015, 1, 1)
    assert Recruiter.objects.get(name="Himalayan Manpower Services").countries == ["QA", "AE"]


def test_the_header_may_sit_below_a_title_and_lines_are_the_sheets_rows(admin: User) -> None:
    rows = [GOOD_ROWS[0], ["", "77/1", "sleeping", None, None, "ZZ"]]
    report = _import(admin, workbook(rows, title_rows=2))
    assert not report.imported
    found = {(error.row, error.field) for error in report.errors}
    # Row 1 and 2 are the title, row 3 the header, row 4 the good row, row 5 the bad one.
    assert found == {(5, "name"), (5, "status"), (5, "countries")}
    assert Recruiter.objects.count() == 0


def test_a_bad_row_in_a_workbook_writes_nothing_and_names_line_field_and_reason(
    admin: User,
) -> None:
    rows = [*GOOD_ROWS, ["Moon Agency", "1234-070", "active", "2020-13-01", None, "QA"]]
    report = _import(admin, workbook(rows))
    assert not report.imported
    assert Recruiter.objects.count() == 0
    reasons = {(e.row, e.field): e.reason for e in report.errors}
    assert set(reasons) == {(5, "licence_number"), (5, "valid_from")}
    assert "line 2" in reasons[(5, "licence_number")]
    assert "2020-13-01" in reasons[(5, "valid_from")]


def test_a_formula_in_a_mapped_cell_is_refused_never_evaluated(admin: User) -> None:
    rows = [
        ["Himalayan Manpower Services", "1234/070", "active", None, None, "QA"],
        ['=HYPERLINK("http://attacker.example/","Click")', "=1+1", "active", None, None, "QA"],
    ]
    report = _import(admin, workbook(rows))
    assert not report.imported
    assert {(e.row, e.field) for e in report.errors} == {(3, "name"), (3, "licence_number")}
    assert all("formula" in e.reason for e in report.errors)
    assert Recruiter.objects.count() == 0


def test_a_formula_in_a_column_not_mapped_is_ignored(admin: User) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([*HEADER, "Total"])
    sheet.append(["Everest Overseas", "88/2075", "active", None, None, "QA", "=SUM(1,2)"])
    out = io.BytesIO()
    book.save(out)
    assert _import(admin, out.getvalue()).created == 1


def test_a_row_with_cells_beyond_the_header_is_refused(admin: User) -> None:
    rows = [[*GOOD_ROWS[0], "", "stray"]]
    report = _import(admin, workbook(rows))
    assert [(e.row, e.field) for e in report.errors] == [(2, "file")]


def test_a_missing_column_in_the_workbook_is_named(admin: User) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Agency Name", "Licence"])
    sheet.append(["Everest Overseas", "88/2075"])
    out = io.BytesIO()
    book.save(out)
    fields = {e.field for e in _import(admin, out.getvalue()).errors}
    assert fields == {"licence_number", "status", "valid_from", "valid_until", "countries"}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def test_a_zip_that_is_not_a_workbook_is_refused_whatever_its_name() -> None:
    result = parse_licence_list(_zip({"list.csv": b"Agency Name\n"}), MAPPING)
    assert [(e.row, e.field) for e in result.errors] == [(0, "file")]
    assert "neither a CSV nor an XLSX" in result.errors[0].reason


def test_a_macro_enabled_workbook_is_refused() -> None:
    data = workbook(GOOD_ROWS)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/vbaProject.bin"] = b"\x00" * 64
    result = parse_licence_list(_zip(parts), MAPPING)
    assert "macros" in result.errors[0].reason


def test_a_small_archive_that_unpacks_into_a_huge_one_is_refused_before_reading() -> None:
    data = workbook(GOOD_ROWS)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/media/padding.bin"] = b"\x00" * (101 * 1024 * 1024)
    bomb = _zip(parts)
    assert len(bomb) < 1024 * 1024
    result = parse_licence_list(bomb, MAPPING)
    assert "100 MB" in result.errors[0].reason


def test_a_broken_workbook_and_the_old_xls_format_are_refused_with_a_reason() -> None:
    data = workbook(GOOD_ROWS)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/workbook.xml"] = b"<not-xml"
    broken = parse_licence_list(_zip(parts), MAPPING)
    assert broken.errors[0].reason == "The XLSX workbook could not be read."
    old = parse_licence_list(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, MAPPING)
    assert ".xls" in old.errors[0].reason


def test_the_import_page_takes_a_workbook_and_reports_a_bad_one(admin: User) -> None:
    client = signed_in(admin)
    data = {
        "authority": "DoFE",
        "source_title": "DoFE list",
        "mapping": "\n".join(f"{ours} = {theirs}" for ours, theirs in MAPPING.items()),
    }
    bad_rows = [["Moon Agency", "77/1", "sleeping", None, None, "QA"]]
    # The name says CSV, the content is a workbook: the content decides.
    bad = client.post(
        reverse("recruitment:import"),
        {**data, "file": SimpleUploadedFile("list.csv", workbook(bad_rows), "text/csv")},
    )
    assert bad.status_code == 400
    assert "sleeping is not a licence status" in bad.content.decode()
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    good = client.post(
        reverse("recruitment:import"),
        {**data, "file": SimpleUploadedFile("list.xlsx", workbook(GOOD_ROWS), xlsx)},
    )
    assert good.status_code == 200
    assert "3 new" in good.content.decode()
    assert Recruiter.objects.count() == 3


def test_the_command_imports_a_workbook_and_refuses_a_bad_one(tmp_path: Path) -> None:
    args = ["--authority", "DoFE", "--source-title", "DoFE list"]
    args += [f"--map={ours}={theirs}" for ours, theirs in MAPPING.items()]
    good = tmp_path / "list.xlsx"
    good.write_bytes(workbook(GOOD_ROWS))
    out = StringIO()
    call_command("import_recruiters", str(good), *args, stdout=out)
    call_command("import_recruiters", str(good), *args, stdout=out)
    assert "3 new" in out.getvalue()
    assert "3 unchanged" in out.getvalue()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([["", "9/9", "active", None, None, "QA"]]))
    err = StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_recruiters", str(bad), *args, stderr=err)
    assert "line 2: name: the name is empty" in err.getvalue()
