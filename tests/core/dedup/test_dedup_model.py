"""The duplicate model on small, readable cases; the generator; the clusters; no spilling."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from needsfirst.dedup import PersonRecord, cluster_pairs, find_duplicates
from needsfirst.dedup import evaluate as ev
from needsfirst.dedup.generate import generate
from needsfirst.dedup.model import connect, spill_settings
from needsfirst.dedup.records import features, is_exact_birthdate


def _people() -> list[PersonRecord]:
    return [
        PersonRecord("1", "Mohammed Ahmed", "Al-Hassan", dt.date(1990, 5, 17), nationality="SY"),
        PersonRecord("2", "Muhammad", "Alhassan", dt.date(1990, 1, 1), True, nationality="SY"),
        PersonRecord("3", "محمد", "الحسن", dt.date(1990, 5, 17), nationality="SY"),
        PersonRecord("4", "Tesfaye", "Gebremariam", dt.date(1988, 3, 2), nationality="ER"),
        PersonRecord("5", "Tesfay", "Gebre Mariam", None, nationality="ER"),
        PersonRecord("6", "Sita", "Shrestha", dt.date(2001, 11, 9), nationality="NP"),
        PersonRecord("7", "Gita", "Tamang", dt.date(1975, 7, 30), nationality="NP"),
        PersonRecord("8", "Maria", "Dela Cruz", dt.date(1983, 2, 14), document_number="P123"),
        PersonRecord("9", "Rahim", "Chowdhury", dt.date(1979, 6, 1), nationality="BD"),
    ]


def test_spellings_and_scripts_of_one_person_are_found_with_their_reasons() -> None:
    result = find_duplicates(_people())
    found = {frozenset((p.left, p.right)): p for p in result.pairs}
    assert frozenset(("1", "2")) in found
    assert frozenset(("1", "3")) in found
    assert frozenset(("4", "5")) in found
    same_script = found[frozenset(("1", "3"))]
    assert same_script.reasons["birth"] == "birth_same_date"
    assert same_script.reasons["nationality"] == "nationality_same"
    estimated = found[frozenset(("1", "2"))]
    assert estimated.reasons["birth"] == "birth_same_year_estimated"


def test_different_people_are_not_paired() -> None:
    result = find_duplicates(_people())
    paired = {frozenset((p.left, p.right)) for p in result.pairs}
    assert not any(pair & {"6", "7", "8", "9"} for pair in paired)
    assert result.clusters["6"] == "6"
    assert result.clusters["1"] == result.clusters["2"] == result.clusters["3"]


def test_a_year_only_or_first_of_january_date_is_an_estimate() -> None:
    assert not is_exact_birthdate(PersonRecord("a", birthdate=dt.date(1990, 1, 1)))
    assert not is_exact_birthdate(
        PersonRecord("a", birthdate=dt.date(1990, 6, 1), birth_year_only=True)
    )
    assert is_exact_birthdate(PersonRecord("a", birthdate=dt.date(1990, 6, 1)))
    row = features(PersonRecord("a", "Youssef", "Khalil", dt.date(1990, 1, 1)))
    assert row["dob_exact"] is False
    assert row["name_skel"] == "halil iusef"


def test_name_keys_ignore_order_and_transliteration() -> None:
    one = features(PersonRecord("a", "Mohamed", "Haddad"))
    two = features(PersonRecord("b", "Haddad", "Muhammad"))
    assert one["name_vowel"] == two["name_vowel"]


def test_clusters_never_pass_the_size_cap_and_do_not_follow_a_weak_bridge() -> None:
    ids = [str(i) for i in range(30)]
    chain = [(str(i), str(i + 1), 0.99) for i in range(29)]
    clusters = cluster_pairs(ids, chain, threshold=0.5, max_size=10)
    sizes: dict[str, int] = {}
    for cid in clusters.values():
        sizes[cid] = sizes.get(cid, 0) + 1
    assert max(sizes.values()) <= 10
    # two tight triangles joined by one pair: the bridge is not followed
    tight = [("a", "b", 0.99), ("b", "c", 0.99), ("a", "c", 0.99)]
    other = [("x", "y", 0.99), ("y", "z", 0.99), ("x", "z", 0.99)]
    clusters = cluster_pairs(
        "abcxyz", [*tight, *other, ("c", "x", 0.95)], threshold=0.5, max_size=10
    )
    assert clusters["a"] == clusters["b"] == clusters["c"]
    assert clusters["x"] == clusters["y"] == clusters["z"]
    assert clusters["a"] != clusters["x"]


def test_scores_of_pairs_and_of_clusters() -> None:
    truth = {"1": "p", "2": "p", "3": "p", "4": "q"}
    pairs = ev.pair_scores([("1", "2"), ("3", "4")], truth)
    assert (pairs.correct, pairs.found, pairs.expected) == (1, 2, 3)
    exact = ev.cluster_exact_scores({"1": "1", "2": "1", "3": "1", "4": "4"}, truth)
    assert exact.f1 == 1.0


def test_the_generator_is_seeded_and_its_duplicates_differ_like_real_registrations() -> None:
    records, truth = generate(2000, seed=5)
    again, _ = generate(2000, seed=5)
    assert records == again
    assert len(records) == len(truth) == 2000
    by_person: dict[str, list[PersonRecord]] = {}
    for record in records:
        by_person.setdefault(truth[record.record_id], []).append(record)
    duplicated = [group for group in by_person.values() if len(group) > 1]
    assert len(duplicated) > 300
    spelt_differently = sum(1 for g in duplicated if len({r.given_name for r in g}) > 1)
    assert spelt_differently > 100
    assert any(r.birth_year_only for r in records)


def test_the_model_on_generated_records_beats_exact_matching() -> None:
    records, truth = generate(3000, seed=7)
    result = find_duplicates(records)
    scores = ev.cluster_pair_scores(result.clusters, truth)
    assert scores.f1 > 0.85
    assert max(result.cluster_sizes()) <= 10


def test_duckdb_never_spills_clear_text_to_disk(tmp_path: Path) -> None:
    con = connect(memory_limit="40MB", threads=1)
    assert spill_settings(con) == {"temp_directory": "", "max_temp_directory_size": "0 bytes"}
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        with pytest.raises(Exception, match=r"(?i)memory|disk|temp"):
            # a sort far larger than memory: without a temporary directory it fails
            con.execute(
                "SELECT md5(i::VARCHAR) AS h FROM range(5000000) t(i) ORDER BY h"
            ).fetchall()
    finally:
        os.chdir(cwd)
        con.close()
    assert list(tmp_path.iterdir()) == []


def test_the_shipped_model_has_the_levels_whose_reasons_the_pages_show() -> None:
    from needsfirst.dedup.model import REASONS, shipped_model

    settings = shipped_model(1000)
    for comparison in settings["comparisons"]:
        labels = [level["label_for_charts"] for level in comparison["comparison_levels"][1:]]
        assert labels == [code for code, _ in REASONS[comparison["output_column_name"]]]
    assert 0 < settings["probability_two_random_records_match"] <= 0.5
