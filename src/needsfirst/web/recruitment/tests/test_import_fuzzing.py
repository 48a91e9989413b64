"""Fuzzing the licence-list importer: any bytes, any CSV a hostile file could hold, a workbook
with any cells: the parser reports rows and errors, and never raises."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from needsfirst.web.recruitment.importing import parse_licence_list

MAPPING = {
    "name": "Agency",
    "licence_number": "Licence",
    "status": "Status",
    "valid_until": "Until",
}
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CELLS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "=1+1",
            '=HYPERLINK("http://x")',
            "+1",
            "-1",
            "@SUM(A1)",
            "31/02/2024",
            "2024-13-01",
            "active",
            "cancelled",
            "",
            " ",
            "\x00",
            "\u202e",
        ]
    ),
)


def parses_without_raising(data: bytes) -> None:
    parsed = parse_licence_list(data, MAPPING)
    for error in parsed.errors:
        assert isinstance(error.row, int)
        assert error.field
        assert str(error.reason)


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes_are_parsed_or_refused_without_raising(data: bytes) -> None:
    parses_without_raising(data)


@FUZZ
@given(st.lists(st.lists(CELLS, min_size=0, max_size=6), max_size=12))
def test_any_csv_under_the_right_header_is_parsed_or_refused(rows: list[list[str]]) -> None:
    lines = ["Agency,Licence,Status,Until"]
    for row in rows:
        lines.append(",".join('"' + cell.replace('"', '""') + '"' for cell in row))
    parses_without_raising("\n".join(lines).encode("utf-8", "surrogatepass"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELLS, min_size=4, max_size=4), min_size=1, max_size=6))
def test_any_workbook_cells_are_parsed_or_refused(rows: list[list[str]]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Agency", "Licence", "Status", "Until"])
    for row in rows:
        # Characters a workbook cannot hold at all are dropped (openpyxl refuses to write them).
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
    buffer = io.BytesIO()
    book.save(buffer)
    parses_without_raising(buffer.getvalue())
