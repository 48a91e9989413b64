"""Measure tolerant name search on the fictitious corpus; write bench/results/name_search.txt.

Run: .venv/bin/python bench/name_search.py

Pair metrics: a pair (search, record) is predicted "same person" when
`name_similarity(search, record) >= threshold`. Precision and recall are over the positive pairs
(two spellings of one person) and negative pairs (two different people, mostly hard ones) of
tests/core/protect/protect_name_corpus.py. Search metrics: every non-record spelling searched
through a real `BlindIndex` over all records; recall@k is how often the right person is in the
top k. The phonetic comparison swaps `names.phonetic_key` for metaphone or nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import jellyfish

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "core" / "protect"))

import protect_name_corpus as corpus  # noqa: E402

from needsfirst.protect import names  # noqa: E402
from needsfirst.protect.blind_index import BlindIndex  # noqa: E402
from needsfirst.protect.crypto import KeyRing  # noqa: E402

THRESHOLDS = (0.5, 0.6, names.POSSIBLE_MATCH, 0.7, 0.75, names.LIKELY_MATCH, 0.9)
CHOSEN_THRESHOLD = names.POSSIBLE_MATCH
# A fixed, public benchmark key: never use it for real data.
BENCH_KEY = "YmVuY2htYXJrLWtleS1ub3QtZm9yLXJlYWwtZGF0YSE="


def _metaphone(token: str) -> str:
    folded = names.skeleton(token)
    return str(jellyfish.metaphone(folded)) if folded else ""


def _no_phonetic(token: str) -> str:
    return ""


def _metaphone_raw(token: str) -> str:
    return str(jellyfish.metaphone(token)) if token else ""


PHONETICS: dict[str, Callable[[str], str]] = {
    "nysiis(skeleton) [chosen]": names.phonetic_key,
    "metaphone(skeleton)": _metaphone,
    "metaphone(raw token)": _metaphone_raw,
    "none": _no_phonetic,
}


@contextmanager
def phonetic(function: Callable[[str], str]) -> Iterator[None]:
    original = names.phonetic_key
    names.phonetic_key = function  # type: ignore[assignment]
    try:
        yield
    finally:
        names.phonetic_key = original  # type: ignore[assignment]


def pair_metrics(threshold: float) -> tuple[float, float, int, int, int]:
    positives = corpus.positive_pairs()
    negatives = corpus.negative_pairs()
    true_pos = sum(names.name_similarity(a, b) >= threshold for a, b in positives)
    false_pos = sum(names.name_similarity(a, b) >= threshold for a, b in negatives)
    predicted = true_pos + false_pos
    precision = true_pos / predicted if predicted else 1.0
    recall = true_pos / len(positives)
    return precision, recall, true_pos, false_pos, len(positives) - true_pos


def search_metrics() -> tuple[float, float, list[str]]:
    ring = KeyRing.parse(BENCH_KEY)
    index = BlindIndex(ring, field="bench.person.name")
    stored = {i: index.index_tokens(person[0]) for i, person in enumerate(corpus.PEOPLE)}
    top1 = top5 = 0
    misses: list[str] = []
    cases = corpus.search_cases()
    for text, expected in cases:
        query = index.build_query(text)
        # What the database would return: only records sharing at least one token.
        hits = {rid: toks & query.tokens for rid, toks in stored.items() if toks & query.tokens}
        ranked = [rid for rid, _ in names.rank(query, hits)]
        top1 += bool(ranked[:1] == [expected])
        top5 += expected in ranked[:5]
        if expected not in ranked[:5]:
            misses.append(f"{text!r} -> {corpus.PEOPLE[expected][0]!r}")
    return top1 / len(cases), top5 / len(cases), misses


def main() -> None:
    lines: list[str] = []
    positives, negatives = corpus.positive_pairs(), corpus.negative_pairs()
    lines.append("needsfirst tolerant name search: bench/name_search.py")
    lines.append(
        f"corpus: {len(corpus.PEOPLE)} fictitious people, {len(positives)} positive pairs, "
        f"{len(negatives)} negative pairs ({len(corpus.NEAR_NAMES) - 1} near-name pairs)"
    )
    lines.append("")
    for label, function in PHONETICS.items():
        lines.append(f"phonetic key: {label}")
        with phonetic(function):
            for threshold in THRESHOLDS:
                precision, recall, tp, fp, fn = pair_metrics(threshold)
                marker = "  <- chosen threshold" if threshold == CHOSEN_THRESHOLD else ""
                lines.append(
                    f"  threshold {threshold:.2f}: precision {precision:.3f} recall {recall:.3f}"
                    f"  (tp {tp}, fp {fp}, fn {fn}){marker}"
                )
        lines.append("")

    precision, recall, *_ = pair_metrics(CHOSEN_THRESHOLD)
    fn_pairs = [
        (a, b, names.name_similarity(a, b))
        for a, b in positives
        if names.name_similarity(a, b) < CHOSEN_THRESHOLD
    ]
    fp_pairs = [
        (a, b, names.name_similarity(a, b))
        for a, b in negatives
        if names.name_similarity(a, b) >= CHOSEN_THRESHOLD
    ]
    lines.append(f"false positives at {CHOSEN_THRESHOLD} (different people scored as same):")
    lines.extend(f"  {s:.2f}  {a!r} ~ {b!r}" for a, b, s in sorted(fp_pairs, key=lambda x: -x[2]))
    lines.append(f"false negatives at {CHOSEN_THRESHOLD} (same person missed):")
    lines.extend(f"  {s:.2f}  {a!r} ~ {b!r}" for a, b, s in sorted(fn_pairs, key=lambda x: x[2]))
    lines.append("")

    started = time.perf_counter()
    top1, top5, misses = search_metrics()
    elapsed = time.perf_counter() - started
    lines.append(
        f"search through the blind index over {len(corpus.PEOPLE)} records "
        f"({len(corpus.search_cases())} searches): recall@1 {top1:.3f}, recall@5 {top5:.3f}"
    )
    lines.append("  not in the top 5:")
    lines.extend(f"    {m}" for m in misses)
    ring = KeyRing.parse(BENCH_KEY)
    index = BlindIndex(ring, field="bench.person.name")
    sizes = [len(index.index_tokens(p[0])) for p in corpus.PEOPLE]
    lines.append(
        f"  tokens per record: mean {sum(sizes) / len(sizes):.1f}, max {max(sizes)}; "
        f"search run took {elapsed:.2f} s"
    )
    lines.append("")
    lines.append(
        f"summary: threshold {CHOSEN_THRESHOLD}, precision {precision:.3f}, recall {recall:.3f}"
    )
    text = "\n".join(lines) + "\n"
    out = ROOT / "bench" / "results" / "name_search.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
