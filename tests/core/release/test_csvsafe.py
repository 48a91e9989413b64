"""CSV cells a spreadsheet would run as formulas are neutralised; numbers stay numbers."""

from needsfirst.release.csvsafe import neutralise, to_csv


def test_formula_triggers_are_prefixed_with_a_quote() -> None:
    for cell in ("=SUM(A1)", "+1+2", "-2+3", "@cmd", "\tx", '=HYPERLINK("x")'):
        assert neutralise(cell) == "'" + cell


def test_numbers_and_plain_text_are_left_alone() -> None:
    assert neutralise("-99") == "-99"
    assert neutralise("-1.5") == "-1.5"
    assert neutralise("Nepal") == "Nepal"
    assert neutralise(None) == ""


def test_a_whole_file_is_neutralised() -> None:
    assert to_csv(["=h"], [["=1+1", 5]]) == "'=h\n'=1+1,5\n"
