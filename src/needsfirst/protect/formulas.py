"""Cells a spreadsheet would run as a formula (OWASP "CSV injection"), neutralised: the one rule
of every CSV and XLSX that needsfirst writes (statistics releases, exchange files).

A text starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe, which
spreadsheet programs show as text and never run. Two uses differ in one point each:

- a file only written (a release): plain numbers such as CTDC's -99 stay numbers;
- a file read back (`reversible=True`, the exchange spreadsheets): every such text is escaped,
  and so is a text that already starts with the apostrophe, so `restore` gives back exactly
  what was written.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def neutralise(value: object, *, reversible: bool = False) -> str:
    """The cell as text that a spreadsheet shows and never runs (None is the empty text)."""
    text = "" if value is None else str(value)
    if reversible:
        return ESCAPE + text if text.startswith((*FORMULA_STARTS, ESCAPE)) else text
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return ESCAPE + text
    return text


def restore(value: str) -> str:
    """The text `neutralise(..., reversible=True)` protected."""
    return value[1:] if value.startswith(ESCAPE) else value
