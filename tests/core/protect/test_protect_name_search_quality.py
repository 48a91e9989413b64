"""Measured quality of tolerant name search on the fictitious corpus (floors, not targets).

The figures behind these floors are in bench/results/name_search.txt (bench/name_search.py).
A change to the matching rules that lowers them must be a deliberate, documented choice.
"""

from __future__ import annotations

from needsfirst.protect.blind_index import BlindIndex
from needsfirst.protect.crypto import KeyRing, generate_key
from needsfirst.protect.names import LIKELY_MATCH, POSSIBLE_MATCH, name_similarity, rank
from tests.core.protect.protect_name_corpus import (
    NEAR_NAMES,
    PEOPLE,
    negative_pairs,
    positive_pairs,
    search_cases,
)


def _precision_recall(threshold: float) -> tuple[float, float]:
    positives, negatives = positive_pairs(), negative_pairs()
    true_pos = sum(name_similarity(a, b) >= threshold for a, b in positives)
    false_pos = sum(name_similarity(a, b) >= threshold for a, b in negatives)
    return true_pos / max(true_pos + false_pos, 1), true_pos / len(positives)


def test_the_corpus_has_at_least_200_pairs_of_each_kind() -> None:
    assert len(positive_pairs()) >= 200
    assert len(negative_pairs()) >= 200


def test_possible_matches_keep_precision_above_92_and_recall_above_80_percent() -> None:
    precision, recall = _precision_recall(POSSIBLE_MATCH)
    print(f"at {POSSIBLE_MATCH}: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.92
    assert recall >= 0.80


def test_likely_matches_keep_precision_above_97_percent() -> None:
    precision, recall = _precision_recall(LIKELY_MATCH)
    print(f"at {LIKELY_MATCH}: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.97
    assert recall >= 0.60


def test_strangers_who_share_no_near_name_are_never_possible_matches() -> None:
    strangers = [pair for pair in negative_pairs() if pair not in set(NEAR_NAMES)]
    assert len(strangers) >= 200
    wrong = [(a, b) for a, b in strangers if name_similarity(a, b) >= POSSIBLE_MATCH]
    assert wrong == []


def test_a_search_through_the_blind_index_puts_the_right_person_in_the_top_five() -> None:
    index = BlindIndex(KeyRing([generate_key()]), field="person.name")
    stored = {i: index.index_tokens(person[0]) for i, person in enumerate(PEOPLE)}
    cases = search_cases()
    top1 = top5 = 0
    for text, expected in cases:
        query = index.build_query(text)
        hits = {rid: toks & query.tokens for rid, toks in stored.items() if toks & query.tokens}
        ranked = [rid for rid, _ in rank(query, hits)]
        top1 += ranked[:1] == [expected]
        top5 += expected in ranked[:5]
    print(f"recall@1 {top1 / len(cases):.3f}, recall@5 {top5 / len(cases):.3f}")
    assert top1 / len(cases) >= 0.95
    assert top5 / len(cases) >= 0.98
