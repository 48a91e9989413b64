"""u of the rare levels counted from the values' frequencies, checked against every pair."""

from __future__ import annotations

import itertools
import random

import duckdb
import pytest

from needsfirst.dedup.model import (
    REASONS,
    connect,
    counted_u_probabilities,
    one_edit_share,
    pair_share,
)


def _records(con: duckdb.DuckDBPyConnection, rows: list[tuple[str | None, ...]]) -> None:
    con.execute(
        "CREATE TABLE records (name_norm VARCHAR, name_skel VARCHAR, name_vowel VARCHAR,"
        " document VARCHAR)"
    )
    con.executemany("INSERT INTO records VALUES (?, ?, ?, ?)", rows)


def _levenshtein_one(a: str, b: str) -> bool:
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return len(long) == len(short) + 1 and any(
        long[:i] + long[i + 1 :] == short for i in range(len(long))
    )


def _share_of_all_pairs(values: list[str | None], agree: object) -> float:
    known = [v for v in values if v is not None]
    pairs = list(itertools.permutations(known, 2))
    return sum(bool(agree(a, b)) for a, b in pairs) / len(pairs)  # type: ignore[operator]


@pytest.fixture
def documents() -> list[str | None]:
    rng = random.Random(3)
    # short numbers over few letters, so that one-edit neighbours (and doubled letters) abound
    return [
        "".join(rng.choice("AAB1") for _ in range(rng.randint(2, 4))) if i % 7 else None
        for i in range(120)
    ]


def test_documents_one_edit_apart_are_counted_as_every_pair_would_show(
    documents: list[str | None],
) -> None:
    con = connect(threads=1)
    _records(con, [("x", "x", "x", d) for d in documents])
    expected = _share_of_all_pairs(documents, _levenshtein_one)
    assert expected > 0
    assert one_edit_share(con, "document") == pytest.approx(expected)
    assert pair_share(con, "document", "document") == pytest.approx(
        _share_of_all_pairs(documents, str.__eq__)
    )


def test_name_levels_get_the_share_of_pairs_agreeing_at_that_level_and_no_better_one() -> None:
    names = [
        ("mohammed hassan", "hasan muhamad", "hasan muhamad"),
        ("muhammad hasan", "hasan muhamad", "hasan muhamad"),
        ("mohammed hassan", "hasan muhamad", "hasan muhamad"),
        ("sita shrestha", "shrestha sita", "shrastha sita"),
        ("sita shrastha", "shrastha sita", "shrastha sita"),
        ("gita tamang", "gita tamang", "gita tamang"),
    ]
    con = connect(threads=1)
    _records(con, [(*name, None) for name in names])
    counted = counted_u_probabilities(con)
    ordered_pairs = len(names) * (len(names) - 1)
    # same spelling: the two Mohammed Hassan; same skeleton (not spelling): each of them with
    # Muhammad Hasan; e/a folded only: the two Sitas
    expected = [2 / ordered_pairs, 4 / ordered_pairs, 2 / ordered_pairs]
    assert counted["name"] == pytest.approx(expected)
    assert [code for code, _ in REASONS["name"][:3]] == [
        "name_same_spelling",
        "name_same_transliteration",
        "name_same_transliteration",
    ]


def test_a_level_no_two_records_reach_weighs_one_pair_of_the_register() -> None:
    con = connect(threads=1)
    _records(con, [(n, n, n, d) for n, d in (("a", "X1"), ("b", "Y22"), ("c", None))])
    counted = counted_u_probabilities(con)
    assert counted["document"] == [pytest.approx(1 / 6), pytest.approx(1 / 6)]
    assert all(share == pytest.approx(1 / 6) for share in counted["name"])


def test_training_gives_the_rare_levels_their_counted_u_not_splinks_one_in_a_million() -> None:
    from needsfirst.dedup import find_duplicates
    from needsfirst.dedup.generate import generate
    from needsfirst.dedup.model import _frame

    records, _ = generate(2000, seed=5)
    trained = find_duplicates(records, train=True).trained
    con = connect(threads=1)
    con.register("frame", _frame(records))
    con.execute("CREATE TABLE records AS SELECT * FROM frame")
    counted = counted_u_probabilities(con)
    for comparison in trained["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        shares = counted.get(comparison["output_column_name"], [])
        for level, share in zip(levels, shares, strict=False):
            assert level["u_probability"] == pytest.approx(share)
    assert len(counted["name"]) == 3
    assert len(counted["document"]) == 2
