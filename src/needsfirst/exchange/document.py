"""An exchange file as JSON and as the toolkit's spreadsheet layout.

JSON: `{"standard": "HTCDS", "version": "2.0", "source": ..., "exported_at": ...,
"tables": {"person": [{"nf_Id": ..., "prs_FirstName": ...}, ...], ...}}`.

A spreadsheet in the toolkit's own one-sheet layout (a person, their case and victim context on
each row, no ids) is read too: each row is split into the three tables, with ids made from the
row's content, so the same sheet imported again creates nothing twice.

Spreadsheet (XLSX): one worksheet per table, named as in `tables.TABLES`; as in the toolkit's
`HTCDS Excel Spreadsheet v2.0.xlsx`, row 1 holds the field names and row 2 their labels, and the
records start on row 3. Several values of a multiselect field are joined by ";" (Salesforce's
way). Every text cell that a spreadsheet program would read as a formula (starting with =, +,
-, @, a tab or a carriage return) is written with a leading apostrophe, and the apostrophe is
taken off again on import, so a file goes round unchanged and opens without running anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook

from needsfirst.exchange.tables import CASE, PERSON, TABLES, VICTIM_CONTEXT, Kind, Table
from needsfirst.exchange.validate import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    STANDARD,
    VERSION,
    Reason,
    Rejection,
)
from needsfirst.protect import formulas
from needsfirst.protect.formulas import restore as restore

README_SHEET = "About"
ATTRIBUTION = "Human Trafficking Case Data Standard (HTCDS) v2.0, IOM, CC BY 4.0"
# Where the reader of a spreadsheet keeps the sheet row of each record, for the rejections.
ROW_NUMBERS = "_row_numbers"


class FileRejected(ValueError):
    """The file cannot be read as an exchange file at all."""

    def __init__(self, rejection: Rejection) -> None:
        super().__init__(str(rejection))
        self.rejection = rejection


def neutralise(value: str) -> str:
    """A text a spreadsheet shows as text, never runs, and that `restore` gives back exactly."""
    return formulas.neutralise(value, reversible=True)


def label(name: str) -> str:
    """`prs_FirstName` -> `First Name` (the toolkit's second header row)."""
    bare = name.split("_", 1)[1] if "_" in name else name
    words: list[str] = []
    for char in bare:
        if char.isupper() and words and not words[-1].endswith(" "):
            words.append(" ")
        words.append(char)
    return "".join(words).replace("  ", " ")


def jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return value


def make_document(
    tables: Mapping[str, list[dict[str, Any]]], *, source: str, exported_at: str
) -> dict[str, Any]:
    """The JSON-ready document of rows in Python types.

    A field the row names is written even when blank (as null): an importer updating a record
    it took from an earlier file then knows the field was emptied at the source, where a field
    left out says nothing."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        rows = []
        for row in tables.get(table.name, []):
            rows.append(
                {
                    name: None if row[name] in (None, "", []) else jsonable(row[name])
                    for name in table.names
                    if name in row
                }
            )
        out[table.name] = rows
    return {
        "standard": STANDARD,
        "version": VERSION,
        "source": source,
        "exported_at": exported_at,
        "tables": out,
    }


def to_json(document: Mapping[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")


def from_json(data: bytes) -> Any:
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(Rejection("", 0, "", Reason.TOO_LARGE))
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise FileRejected(Rejection("", 0, "", Reason.NOT_A_FILE)) from error


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        value = ";".join(str(item) for item in value)
    if isinstance(value, str):
        return neutralise(value)
    return value


def to_xlsx(document: Mapping[str, Any]) -> bytes:
    """The spreadsheet layout: an About sheet, then one sheet per table."""
    workbook = Workbook()
    about = workbook.active
    assert about is not None
    about.title = README_SHEET
    for key in ("standard", "version", "source", "exported_at"):
        about.append([key, _cell(str(document.get(key, "")))])
    about.append(
        ["attribution", "Human Trafficking Case Data Standard (HTCDS) v2.0, IOM, CC BY 4.0"]
    )
    for table in TABLES:
        sheet = workbook.create_sheet(table.sheet)
        sheet.append(list(table.names))
        sheet.append([label(name) for name in table.names])
        for row in document["tables"].get(table.name, []):
            sheet.append([_cell(row.get(name)) for name in table.names])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read_cell(kind: Kind, value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat() if kind is Kind.DATE else value.isoformat()
    if isinstance(value, str):
        return restore(value)
    return value


def _read_about(sheet: Any, document: dict[str, Any]) -> None:
    for key, value, *_rest in sheet.iter_rows(max_col=2, values_only=True):
        if key == "source" and isinstance(value, str):
            document["source"] = restore(value)


def _header_of(sheet: Any) -> list[str]:
    first = next(sheet.iter_rows(max_row=1, values_only=True), ())
    return [str(name).strip() if name is not None else "" for name in first]


def _read_sheet(sheet: Any, table: Table) -> tuple[list[dict[str, Any]], list[int]]:
    rows = sheet.iter_rows(values_only=True)
    header = [str(name).strip() if name is not None else "" for name in next(rows, ())]
    next(rows, None)  # the labels
    records: list[dict[str, Any]] = []
    numbers: list[int] = []
    for number, values in enumerate(rows, start=3):
        if all(value is None or value == "" for value in values):
            continue
        if len(records) >= MAX_ROWS:
            raise FileRejected(Rejection(table.name, 0, "", Reason.TOO_MANY_ROWS))
        record: dict[str, Any] = {}
        for name, value in zip(header, values, strict=False):
            if value is None or value == "":
                continue
            field = table.field(name)
            record[name or "?"] = _read_cell(field.kind if field else Kind.TEXT, value)
        records.append(record)
        numbers.append(number)
    return records, numbers


def _open_workbook(data: bytes) -> Any:
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected(Rejection("", 0, "", Reason.TOO_LARGE))
    try:
        # A zip bomb: refuse a workbook that would unpack to far more than the file limit.
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > 10 * MAX_FILE_BYTES:
            raise FileRejected(Rejection("", 0, "", Reason.TOO_LARGE))
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileRejected:
        raise
    except Exception as error:  # openpyxl and zipfile raise many kinds on a damaged file
        raise FileRejected(Rejection("", 0, "", Reason.NOT_A_FILE)) from error


# The toolkit's one-sheet layout (`HTCDS Excel Spreadsheet v2.0.xlsx`, "Sheet1"): a person, their
# case and their victim context on one row, with no record ids. Its column of the deciding
# organisation is misspelt; it is read under the field list's name.
TOOLKIT_SPELLING = {
    "vic_TraffickinStatusDecisionMakingOrg": "vic_TraffickingStatusDecisionMakingOrg"
}
FLAT_TABLES = (PERSON, CASE, VICTIM_CONTEXT)


def _is_toolkit_sheet(header: list[str]) -> bool:
    return "nf_Id" not in header and any(name.startswith("prs_") for name in header)


def _toolkit_key(header: list[str], values: tuple[Any, ...]) -> str:
    """A row's id from its content: the same row in the same file again gets the same id."""
    content = json.dumps(
        [[name, str(value)] for name, value in zip(header, values, strict=False)],
        ensure_ascii=False,
    )
    return hashlib.sha256(content.encode()).hexdigest()[:20]


def _split_toolkit_row(header: list[str], values: tuple[Any, ...]) -> dict[str, dict[str, Any]]:
    key = _toolkit_key(header, values)
    rows: dict[str, dict[str, Any]] = {
        "person": {"nf_Id": f"p-{key}"},
        "case": {"nf_Id": f"c-{key}", "nf_PersonId": f"p-{key}"},
        "victim_context": {},
    }
    for name, value in zip(header, values, strict=False):
        if value is None or value == "" or not name:
            continue
        name = TOOLKIT_SPELLING.get(name, name)
        table = next((t for t in FLAT_TABLES if t.field(name) is not None), CASE)
        field = table.field(name)
        rows[table.name][name] = _read_cell(field.kind if field else Kind.TEXT, value)
    if rows["victim_context"]:
        rows["victim_context"]["nf_CaseId"] = f"c-{key}"
    return rows


def _read_toolkit_sheet(
    sheet: Any, header: list[str], document: dict[str, Any], numbers: dict[str, list[int]]
) -> None:
    rows = sheet.iter_rows(values_only=True)
    next(rows, None)  # the names
    labels = next(rows, ())
    # A column the template left unnamed (its "Reason for Outgoing Referral") is named by its label.
    by_label = {label(f.name).lower(): f.name for table in FLAT_TABLES for f in table.fields}
    header = [
        name or by_label.get(str(labels[i] or "").strip().lower(), "") if i < len(labels) else name
        for i, name in enumerate(header)
    ]
    count = 0
    # The toolkit's template numbers its rows in the first column (cas_CaseOwner): a row with
    # nothing else is an empty row of the template.
    filled = [index for index, name in enumerate(header) if name and name != "cas_CaseOwner"]
    for number, values in enumerate(rows, start=3):
        if all(
            index >= len(values) or values[index] is None or values[index] == "" for index in filled
        ):
            continue
        count += 1
        if count > MAX_ROWS:
            raise FileRejected(Rejection("person", 0, "", Reason.TOO_MANY_ROWS))
        for name, row in _split_toolkit_row(header, values).items():
            if row:
                document["tables"].setdefault(name, []).append(row)
                numbers.setdefault(name, []).append(number)


# The template's columns, in its order, as it spells them: its first column (unnamed) numbers
# the rows; one column is misspelt and one has a label but no name (both read back, above).
TOOLKIT_COLUMNS: tuple[str | None, ...] = (
    None,
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
    None,  # "Reason for Outgoing Referral"
    "cas_OutgoingReferralDate",
    "cas_OutgoingReferralDetails",
    "cas_ReasonForCaseClosure",
)
UNNAMED_LABEL = "Reason for Outgoing Referral"


def _toolkit_header() -> list[str | None]:
    """The template's columns, then every other HTCDS field of a person, a case and a victim
    context (never an `nf_` field: the layout has no ids, and needsfirst's own fields are not
    the standard's)."""
    known = {TOOLKIT_SPELLING.get(n, n) for n in TOOLKIT_COLUMNS if n} | {
        "cas_ReasonForOutgoingReferral"
    }
    extra = [
        f.name
        for table in FLAT_TABLES
        for f in table.fields
        if not f.name.startswith("nf_") and f.name not in known
    ]
    return [*TOOLKIT_COLUMNS, *extra]


def _field_of(column: str | None) -> str:
    """The field a column of the template holds (its unnamed column: by its label)."""
    if column is None:
        return "cas_ReasonForOutgoingReferral"
    return TOOLKIT_SPELLING.get(column, column)


def to_toolkit_xlsx(document: Mapping[str, Any]) -> bytes:
    """The toolkit's one-sheet layout: one row per case (the person's fields repeated on each
    of their cases), with the case's victim context. A row of this layout is always a case, so
    a person without a case is not written. Events, identification steps, plans and parties
    have no place in it: the layout of one sheet per table carries them."""
    tables = document["tables"]
    cases_of: dict[str, list[dict[str, Any]]] = {}
    for case in tables.get("case", []):
        cases_of.setdefault(case.get("nf_PersonId", ""), []).append(case)
    context_of = {row.get("nf_CaseId"): row for row in tables.get("victim_context", [])}
    header = _toolkit_header()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(header)
    sheet.append(
        [
            None if index == 0 else label(name) if name else UNNAMED_LABEL
            for index, name in enumerate(header)
        ]
    )
    number = 0
    for person in tables.get("person", []):
        for case in cases_of.get(person.get("nf_Id", ""), []):
            number += 1
            values = {**person, **case, **context_of.get(case.get("nf_Id"), {})}
            sheet.append([number] + [_cell(values.get(_field_of(name))) for name in header[1:]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def from_xlsx(data: bytes) -> dict[str, Any]:
    """The document a spreadsheet holds (still to be validated): row 3 on are the records."""
    workbook = _open_workbook(data)
    by_sheet = {table.sheet: table for table in TABLES}
    document: dict[str, Any] = {"standard": STANDARD, "version": VERSION, "tables": {}}
    numbers: dict[str, list[int]] = {}
    try:
        for sheet in workbook.worksheets:
            if sheet.title == README_SHEET:
                _read_about(sheet, document)
                continue
            table = by_sheet.get(sheet.title)
            if table is None:
                header = _header_of(sheet)
                if _is_toolkit_sheet(header):
                    _read_toolkit_sheet(sheet, header, document, numbers)
                else:
                    document["tables"][sheet.title] = []
                continue
            records, numbers[table.name] = _read_sheet(sheet, table)
            document["tables"][table.name] = records
    except FileRejected:
        raise
    except Exception as error:
        raise FileRejected(Rejection("", 0, "", Reason.NOT_A_FILE)) from error
    finally:
        workbook.close()
    document[ROW_NUMBERS] = numbers
    return document
