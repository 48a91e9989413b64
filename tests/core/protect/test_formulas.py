"""The one rule against spreadsheet formula injection, for releases and exchange files alike."""

from __future__ import annotations

import pytest

from needsfirst.exchange.document import neutralise as exchange_neutralise
from needsfirst.protect.formulas import neutralise, restore
from needsfirst.release.csvsafe import neutralise as release_neutralise


def test_formula_triggers_are_prefixed_with_a_quote() -> None:
    for cell in ("=SUM(A1)", "+1+2", "-2+3", "@cmd", "\tx", '=HYPERLINK("x")'):
        assert neutralise(cell) == "'" + cell


def test_numbers_and_plain_text_are_left_alone_in_a_release() -> None:
    assert neutralise("-99") == "-99"
    assert neutralise("-1.5") == "-1.5"
    assert neutralise("Nepal") == "Nepal"
    assert neutralise(None) == ""
    assert neutralise(5) == "5"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'x"])
def test_a_file_read_back_escapes_every_trigger_and_restore_undoes_it(text: str) -> None:
    assert neutralise(text, reversible=True).startswith("'")
    assert restore(neutralise(text, reversible=True)) == text


def test_plain_text_goes_round_unchanged() -> None:
    assert neutralise("Nepal", reversible=True) == "Nepal"
    assert restore("Nepal") == "Nepal"


def test_the_release_and_the_exchange_use_this_rule_and_no_copy_of_it() -> None:
    assert release_neutralise is neutralise
    assert exchange_neutralise("-1") == neutralise("-1", reversible=True)
    assert exchange_neutralise("'x") == "''x"
