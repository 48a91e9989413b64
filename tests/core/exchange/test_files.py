"""The pure exchange package: whole-file checks, the two layouts, formulas, and fuzzing."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from needsfirst.cli import main
from needsfirst.exchange import (
    TABLES,
    TABLES_BY_NAME,
    FileRejected,
    Reason,
    from_json,
    from_xlsx,
    make_document,
    read_file,
    to_json,
    to_xlsx,
    validate,
)
from needsfirst.exchange.codes import CODE_LISTS

REFERENCE = Path("/work/shared/reference/data/htcds-2.0/field-standards-2.0.csv")


def _document(**tables: list[dict[str, Any]]) -> dict[str, Any]:
    return {"standard": "HTCDS", "version": "2.0", "source": "test", "tables": tables}


PERSON = {
    "nf_Id": "p1",
    "prs_FirstName": "Amina",
    "prs_Birthdate": "1994-03-02",
    "prs_Gender": "Feminine",
    "prs_Citizenship": ["NP"],
}
CASE = {"nf_Id": "c1", "nf_PersonId": "p1", "cas_Status": "Active"}


def test_a_valid_file_comes_back_in_python_types() -> None:
    checked = validate(_document(person=[PERSON], case=[CASE]))

    assert checked.ok
    person = checked.tables["person"][0]
    assert person["prs_Birthdate"] == date(1994, 3, 2)
    assert person["prs_Citizenship"] == ["NP"]


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("prs_Gender", "Female", Reason.NOT_IN_CODE_LIST),
        ("prs_Birthdate", "02/03/1994", Reason.BAD_DATE),
        ("prs_Birthdate", "1994-02-30", Reason.BAD_DATE),
        ("prs_Citizenship", ["XX"], Reason.UNKNOWN_COUNTRY),
        ("prs_PrimaryLanguage", "zz9", Reason.UNKNOWN_LANGUAGE),
        ("prs_FirstName", "x" * 201, Reason.TOO_LONG),
        ("nf_EstimatedAge", 300, Reason.OUT_OF_RANGE),
        ("prs_Nickname", "Ami", Reason.UNKNOWN_FIELD),
        ("nf_Id", "has space", Reason.BAD_ID),
    ],
)
def test_each_rejected_row_names_its_table_row_field_and_reason(
    field: str, value: Any, reason: Reason
) -> None:
    bad = {**PERSON, "nf_Id": "p2", field: value} if field != "nf_Id" else {**PERSON, field: value}
    checked = validate(_document(person=[PERSON, bad]))

    assert [(r.table, r.row, r.field, r.reason) for r in checked.rejections] == [
        ("person", 2, field, reason)
    ]
    assert str(value) not in str(checked.rejections[0])  # the value is never quoted


def test_references_to_rows_not_in_the_file_and_duplicate_ids_are_rejected() -> None:
    checked = validate(
        _document(
            person=[PERSON],
            case=[CASE, {**CASE, "nf_PersonId": "p9", "nf_Id": "c2"}, CASE],
            event=[{"nf_Id": "e1", "nf_CaseId": "c1"}],
        )
    )

    assert [(r.table, r.row, r.field, r.reason) for r in checked.rejections] == [
        ("case", 2, "nf_PersonId", Reason.UNKNOWN_REFERENCE),
        ("case", 3, "nf_Id", Reason.DUPLICATE_ID),
        ("event", 1, "hte_Type", Reason.REQUIRED),
    ]


def test_a_rejected_parent_does_not_also_reject_its_children() -> None:
    checked = validate(_document(person=[{**PERSON, "prs_Gender": "F"}], case=[CASE]))

    assert [(r.table, r.field) for r in checked.rejections] == [("person", "prs_Gender")]


def test_a_file_of_another_standard_or_shape_is_refused_as_a_whole() -> None:
    assert validate([1, 2]).rejections[0].reason is Reason.NOT_A_FILE
    assert validate({**_document(), "version": "1.0"}).rejections[0].reason is (
        Reason.WRONG_STANDARD
    )
    assert validate(_document(victims=[])).rejections[0].reason is Reason.UNKNOWN_TABLE


def test_the_code_lists_are_those_of_the_htcds_2_0_field_list() -> None:
    assert CODE_LISTS["prs_Gender"] == (
        "Feminine",
        "Masculine",
        "TransgenderFeminine",
        "TransgenderMasculine",
        "NonConforming",
        "NonSpecifiedUnknown",
    )
    assert "DebtBondage" in CODE_LISTS["vic_MethodsOfControl"]
    assert CODE_LISTS["cas_Status"] == ("Active", "FollowUp", "Closed", "ClosedReferred")
    if REFERENCE.exists():  # the reference copy of the standard, where it is at hand
        import csv

        with REFERENCE.open() as handle:
            standard = {row["Field Name including Prefix"] for row in csv.DictReader(handle)}
        for table in TABLES:
            for field in table.fields:
                assert field.name.startswith("nf_") or field.name in standard, field.name


def test_a_document_goes_through_json_and_the_spreadsheet_unchanged() -> None:
    tricky = {
        **PERSON,
        "prs_FirstName": '=HYPERLINK("http://evil")',
        "prs_SecondName": "'quoted",
        "prs_MobilePhone": "+4479000000",
        "prs_MailingStreet": "@home\tthere",
    }
    checked = validate(_document(person=[tricky], case=[CASE]))
    document = make_document(checked.tables, source="test", exported_at="2026-01-01T00:00:00")

    from_sheet = validate(from_xlsx(to_xlsx(document)))
    from_text = validate(from_json(to_json(document)))

    assert from_sheet.ok
    assert from_text.ok
    for table in ("person", "case"):
        plain = [
            {k: v for k, v in r.items() if not k.startswith("_")} for r in checked.tables[table]
        ]
        for again in (from_sheet, from_text):
            assert [
                {k: v for k, v in r.items() if not k.startswith("_")} for r in again.tables[table]
            ] == (plain)


def _fields_only(row: dict[str, Any]) -> dict[str, Any]:
    """A checked row without the reader's notes (`_row`, `_given`)."""
    return {k: v for k, v in row.items() if not k.startswith("_")}


def test_the_spreadsheet_has_one_sheet_per_table_with_names_then_labels() -> None:
    document = make_document({"person": [PERSON]}, source="s", exported_at="now")
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(document)))

    assert workbook.sheetnames == ["About", *(table.sheet for table in TABLES)]
    sheet = workbook["Person"]
    assert sheet["A1"].value == "nf_Id"
    assert sheet["C2"].value == "First Name"
    assert sheet["C3"].value == "Amina"


def test_a_rejection_in_a_spreadsheet_names_the_row_of_its_sheet() -> None:
    document = make_document(
        {"person": [PERSON, {**PERSON, "nf_Id": "p2"}]}, source="", exported_at=""
    )
    workbook = openpyxl.load_workbook(io.BytesIO(to_xlsx(document)))
    sheet = workbook["Person"]
    sheet.insert_rows(4)  # an empty row, then the second person on row 5
    header = [cell.value for cell in sheet[1]]
    sheet.cell(5, header.index("prs_Gender") + 1).value = "Woman"
    buffer = io.BytesIO()
    workbook.save(buffer)

    checked = read_file(buffer.getvalue(), "people.xlsx")

    assert [(r.table, r.row, r.field) for r in checked.rejections] == [("person", 5, "prs_Gender")]


def test_a_damaged_spreadsheet_or_a_zip_bomb_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert read_file(b"PK\x03\x04 broken", "x.xlsx").rejections[0].reason is Reason.NOT_A_FILE
    monkeypatch.setattr("needsfirst.exchange.document.MAX_FILE_BYTES", 1000)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/huge.xml", b"0" * 20_000)  # 20 kB from a few dozen bytes
    assert read_file(bomb.getvalue(), "x.xlsx").rejections[0].reason is Reason.TOO_LARGE
    with pytest.raises(FileRejected):
        from_json(b"{" * 10)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=20), children, max_size=4)
    ),
    max_leaves=20,
)
FIELD_NAMES = st.sampled_from([f.name for t in TABLES for f in t.fields] + ["other"])
ROWS = st.lists(st.dictionaries(FIELD_NAMES, JSONISH, max_size=8), max_size=5)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables=st.dictionaries(st.sampled_from([*TABLES_BY_NAME, "x"]), ROWS | JSONISH))
def test_any_json_document_is_checked_without_a_crash_and_every_rejection_is_placed(
    tables: dict[str, Any],
) -> None:
    checked = read_file(json.dumps(_document(**tables)).encode(), "fuzz.json")

    for rejection in checked.rejections:
        assert isinstance(rejection.reason, Reason)
        assert rejection.message
        assert rejection.table == "" or isinstance(rejection.table, str)
    if checked.ok:  # what passes goes out and comes back the same
        again = validate(
            from_json(to_json(make_document(checked.tables, source="", exported_at="")))
        )
        assert again.ok


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=400))
def test_any_bytes_are_refused_with_a_reason_not_a_crash(data: bytes) -> None:
    for name in ("fuzz.json", "fuzz.xlsx"):
        checked = read_file(data, name)
        assert checked.ok or checked.rejections


def test_needsfirst_import_check_reports_each_rejected_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_document(person=[{**PERSON, "prs_Title": "Ms"}], case=[CASE])))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_document(person=[{**PERSON, "prs_Gender": "F"}])))

    assert main(["import", "--check", str(good)]) == 0
    out = capsys.readouterr().out
    assert "valid, 2 rows" in out
    assert "not kept by needsfirst: prs_Title" in out
    assert main(["import", "--check", str(bad)]) == 1
    assert "person row 1, prs_Gender: not a value of the field's code list" in (
        capsys.readouterr().err
    )


# The field names of the toolkit's `HTCDS Excel Spreadsheet v2.0.xlsx` ("Sheet1"), from column B.
TOOLKIT_NAMES = [
    "cas_CaseOwner",
    "prs_Salutation",
    "prs_FirstName",
    "prs_SecondName",
    "con_Consent",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_Title",
    "prs_Email",
    "prs_HomePhone",
    "prs_MobilePhone",
    "prs_MailingCity",
    "prs_MailingCountry",
    "prs_MailingState",
    "prs_MailingStreet",
    "prs_MailingPostalCode",
    "vic_TraffickingStatus",
    "vic_TraffickinStatusDecisionMakingOrg",
    "vic_MethodOfRecruitment",
    "vic_LocationOfRecruitment",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "vic_TypeOfSexExploitation",
    "vic_LocationOfExploitation",
    "cas_Status",
    "cas_ReferringOrganisation",
    "cas_IncomingReferralDate",
    "cas_ReferringPrimaryCaseWorker",
    "cas_ReasonForIncomingReferral",
    "cas_IncomingReferralDetails",
    "cas_ReferredOrganisation",
    "cas_ReferredPrimaryCaseWorker",
    None,  # unnamed in the template; labelled "Reason for Outgoing Referral"
    "cas_OutgoingReferralDate",
    "cas_OutgoingReferralDetails",
    "cas_ReasonForCaseClosure",
]
TOOLKIT = Path("/work/shared/reference/data/htcds-2.0/HTCDS Excel Spreadsheet v2.0.xlsx")


def _toolkit_sheet(rows: list[dict[str | None, Any]], template: bool, numbered: int = 10) -> bytes:
    """A sheet in the toolkit's layout: names, labels, then rows numbered in column A."""
    if template:  # the published template itself
        workbook = openpyxl.load_workbook(TOOLKIT)
        sheet = workbook.worksheets[0]
        assert [cell.value for cell in sheet[1]][1 : 1 + len(TOOLKIT_NAMES)] == TOOLKIT_NAMES
    else:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "Sheet1"
        sheet.append([None, *TOOLKIT_NAMES])  # column A has no name: it numbers the rows
        sheet.append(
            [None, *("Reason for Outgoing Referral" if n is None else "x" for n in TOOLKIT_NAMES)]
        )
        for number in range(1, numbered + 1):
            sheet.append([number])
    for index, values in enumerate(rows):
        for name, value in values.items():
            sheet.cell(3 + index, TOOLKIT_NAMES.index(name) + 2).value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("template", [True, False], ids=["published-template", "rebuilt"])
def test_the_toolkits_own_one_sheet_layout_is_read_row_by_row(template: bool) -> None:
    if template and not TOOLKIT.exists():
        pytest.skip("the published template is not at hand")
    sheet = _toolkit_sheet(
        [
            {
                "prs_FirstName": "Amina",
                "prs_Gender": "Feminine",
                "prs_Citizenship": "NP;IN",
                "cas_Status": "Active",
                "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
                "vic_TraffickinStatusDecisionMakingOrg": "NGO",
                "vic_MethodsOfControl": "DebtBondage;WithholdsDocuments",
            },
            {"prs_FirstName": "Bilal", "prs_Birthdate": "1990-13-01", "cas_Status": "Active"},
            {"prs_FirstName": "Chidi", "cas_Status": "Active", None: "Moved"},
        ],
        template,
    )

    checked = read_file(sheet, "toolkit.xlsx")

    # Only the filled rows: the template's numbered empty rows are not records.
    assert [(r.table, r.row, r.field) for r in checked.rejections] == [
        ("person", 4, "prs_Birthdate"),
        # The unnamed column is read under its label's field, and checked against its list.
        ("case", 5, "cas_ReasonForOutgoingReferral"),
    ]
    person = checked.tables["person"][0]
    case = checked.tables["case"][0]
    context = checked.tables["victim_context"][0]
    assert person["prs_Citizenship"] == ["NP", "IN"]
    assert case["nf_PersonId"] == person["nf_Id"]
    assert context["nf_CaseId"] == case["nf_Id"]
    assert context["vic_TraffickingStatusDecisionMakingOrg"] == "NGO"  # the misspelt column
    assert context["vic_MethodsOfControl"] == ["DebtBondage", "WithholdsDocuments"]
    # The same sheet read again gives the same ids, so an import creates nothing twice.
    again = read_file(sheet, "toolkit.xlsx")
    assert again.tables["person"][0]["nf_Id"] == person["nf_Id"]


def test_the_toolkits_one_sheet_layout_is_written_as_the_template_lays_it_out() -> None:
    from needsfirst.exchange import to_toolkit_xlsx

    template = Path("/work/shared/reference/data/htcds-2.0/HTCDS Excel Spreadsheet v2.0.xlsx")
    person = {**PERSON, "prs_MailingStreet": "=cmd|' /C calc'!A0", "prs_MiddleName": "K."}
    second = {"nf_Id": "p2", "prs_FirstName": "Bilal"}  # a person without a case: no row
    context = {
        "nf_CaseId": "c1",
        "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
        "vic_TraffickingStatusDecisionMakingOrg": "NGO",
        "vic_MethodsOfControl": ["WithholdsDocuments", "TakesEarnings"],
        "vic_RelationshipToTrafficker": "Acquainted",
    }
    case = {
        **CASE,
        "cas_ReasonForOutgoingReferral": "MigrationOrChangeOfLocation",
        "con_Consent": True,
    }
    checked = validate(_document(person=[person, second], case=[case], victim_context=[context]))
    assert checked.ok, checked.rejections
    document = make_document(checked.tables, source="s", exported_at="now")

    content = to_toolkit_xlsx(document)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    if template.exists():
        expected = [cell.value for cell in openpyxl.load_workbook(template).worksheets[0][1]]
        assert header[: len(expected)] == expected  # the template's columns, as it spells them
    assert sheet.max_row == 3  # names, labels, one case
    assert all(cell.data_type != "f" for row in sheet.iter_rows(min_row=3) for cell in row)

    again = read_file(content, "toolkit.xlsx")
    assert again.ok, again.rejections
    [read_person] = again.tables["person"]
    [read_case] = again.tables["case"]
    [read_context] = again.tables["victim_context"]
    for name, value in checked.tables["person"][0].items():
        if not name.startswith(("nf_", "_")):
            assert read_person[name] == value, name
    assert read_case["cas_Status"] == "Active"
    assert (
        read_case["cas_ReasonForOutgoingReferral"] == "MigrationOrChangeOfLocation"
    )  # the unnamed column
    for name, value in checked.tables["victim_context"][0].items():
        if not name.startswith(("nf_", "_")):
            assert read_context[name] == value, name
