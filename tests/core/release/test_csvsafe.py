"""CSV files of the releases: every cell goes through the one formula rule
(tests/core/protect/test_formulas.py)."""

from needsfirst.release.csvsafe import to_csv


def test_a_whole_file_is_neutralised() -> None:
    assert to_csv(["=h"], [["=1+1", 5, "-99"]]) == "'=h\n'=1+1,5,-99\n"
