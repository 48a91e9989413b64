"""Privacy-preserving linkage: accuracy, encoding speed and comparison speed, next to anonlink.

    .venv/bin/python bench/linkage.py              # 100,000 x 100,000 accuracy, speeds, 1M x 1M
    .venv/bin/python bench/linkage.py --quick      # 10,000 people, no 1M run

Two organisations hold overlapping people (a third of each organisation's people are also held
by the other). People and their records come from the generator the duplicate bench uses
(`needsfirst.dedup.generate`: Zipf name pools of eight origins, see `needsfirst.dedup.names`),
and each organisation's record carries the noise of a duplicate there (see `corrupted`): other
romanisations of one name (Mohammed / Muhammad, Hossain / Hussain, Tesfaye / Tesfay), typing
errors, given and family name swapped, a middle name dropped, a date of birth only as a year or
as 1 January, a year guessed one off, sex or nationality not recorded. Truth is known, so
precision, recall and F1 of the links are exact.

Figures written to bench/results/linkage.json and printed. The machine is shared: wall-clock
speeds vary with other load; the script prints the CPU count it used.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import resource
import secrets
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from needsfirst.dedup.generate import Person, make_person, recorded
from needsfirst.linkage.encoding import DEFAULT_SETTINGS, FILTER_BYTES, Encoder
from needsfirst.linkage.fileformat import Encodings
from needsfirst.linkage.keys import LinkageKey
from needsfirst.linkage.matching import dice_pairs, kernel_name, match
from needsfirst.linkage.records import LinkageRecord

RESULTS = Path(__file__).parent / "results" / "linkage.json"


def person(rng: random.Random) -> Person:
    """A person as the truth has them (the generator of `needsfirst.dedup.generate`)."""
    return make_person(rng)


def corrupted(truth: Person, rng: random.Random) -> LinkageRecord:
    """The person as one clerk recorded them: the duplicate noise of the shared generator."""
    record = recorded(rng, "", truth, first=False)
    date = record.birthdate
    exact_day = date is not None and not record.birth_year_only
    return LinkageRecord(
        names=tuple(name for name in (record.given_name, record.family_name) if name),
        family_name=record.family_name,
        birth_year=date.year if date is not None else None,
        birth_month_day=(date.month, date.day) if exact_day and date is not None else None,
        sex=record.sex,
        nationalities=(record.nationality,) if record.nationality else (),
    )


def two_organisations(
    people: int, seed: int = 7, overlap: float = 1 / 3
) -> tuple[list[LinkageRecord], list[LinkageRecord], set[tuple[int, int]]]:
    """Records of organisations A and B (`people` each) and the true links (row in A, row in B)."""
    rng = random.Random(seed)
    shared = int(people * overlap)
    truths = [person(rng) for _ in range(2 * people - shared)]
    left = [corrupted(truth, rng) for truth in truths[:people]]
    right_truths = truths[:shared] + truths[people:]
    order = list(range(people))
    rng.shuffle(order)
    right = [corrupted(right_truths[i], rng) for i in order]
    true_links = {(i, row) for row, i in enumerate(order) if i < shared}
    return left, right, true_links


def _encode(records: list[LinkageRecord], key: LinkageKey) -> tuple[Encodings, float]:
    started = time.perf_counter()
    filters, block_keys = Encoder(key).encode(records)
    seconds = time.perf_counter() - started
    return (
        Encodings(key.fingerprint, DEFAULT_SETTINGS.as_dict(), bytes(filters), bytes(block_keys)),
        seconds,
    )


def accuracy(people: int, key: LinkageKey, threshold: float) -> dict[str, float]:
    left, right, truth = two_organisations(people)
    left_enc, seconds_left = _encode(left, key)
    right_enc, seconds_right = _encode(right, key)
    result = match(left_enc, right_enc, threshold=threshold)
    found = {(i, j) for i, j, _ in result.links}
    true_positives = len(found & truth)
    precision = true_positives / len(found) if found else 0.0
    recall = true_positives / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    unique_truth = 2 * people - len(truth)
    return {
        "people_per_organisation": people,
        "threshold": threshold,
        "true_links": len(truth),
        "links_found": len(found),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "unique_people_true": unique_truth,
        "unique_people_estimated": result.unique_people,
        "encodings_per_second": round(2 * people / (seconds_left + seconds_right)),
        "comparisons": result.comparisons,
        "match_seconds": round(result.seconds, 2),
    }


def comparison_speed(rows: int, key: LinkageKey) -> dict[str, object]:
    """Comparisons per second of one dense block, ours (1 and 2 threads) and anonlink's."""
    left, right, _ = two_organisations(rows, seed=11)
    left_enc, _ = _encode(left, key)
    right_enc, _ = _encode(right, key)
    figures: dict[str, object] = {"block": f"{rows} x {rows}", "kernel": kernel_name()}
    started, cpu = time.perf_counter(), time.process_time()
    dice_pairs(left_enc.filters, right_enc.filters, 0.8)
    figures["ours_one_thread_per_second"] = round(rows * rows / (time.perf_counter() - started))
    # the machine is shared: per CPU-second of this thread is the figure the load does not move
    figures["ours_one_thread_per_cpu_second"] = round(rows * rows / (time.process_time() - cpu))
    # Two threads: each takes half of the left block against the whole right block.
    from concurrent.futures import ThreadPoolExecutor

    half = (rows // 2) * FILTER_BYTES
    started = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        list(
            pool.map(
                lambda part: dice_pairs(part, right_enc.filters, 0.8),
                (left_enc.filters[:half], left_enc.filters[half:]),
            )
        )
    figures["ours_two_threads_per_second"] = round(rows * rows / (time.perf_counter() - started))
    try:
        import anonlink
        from bitarray import bitarray
    except ImportError:
        figures["anonlink"] = "not installed"
        return figures

    def as_bitarrays(encodings: Encodings) -> list[bitarray]:
        out = []
        for index in range(encodings.count):
            bits = bitarray(endian="little")
            bits.frombytes(encodings.filter(index))
            out.append(bits)
        return out

    a, b = as_bitarrays(left_enc), as_bitarrays(right_enc)
    started, cpu = time.perf_counter(), time.process_time()
    anonlink.similarities.dice_coefficient_accelerated((a, b), 0.8)
    figures["anonlink_one_thread_per_second"] = round(rows * rows / (time.perf_counter() - started))
    figures["anonlink_one_thread_per_cpu_second"] = round(rows * rows / (time.process_time() - cpu))
    figures["anonlink_version"] = anonlink.__version__ if hasattr(anonlink, "__version__") else ""
    return figures


def _streamed(indices: Iterator[int], seed: int, key: LinkageKey) -> tuple[Encodings, float]:
    """Encode people generated one at a time from their index: nothing but the encodings is
    kept, so a million records fit in a few hundred megabytes."""
    encoder = Encoder(key)
    filters = bytearray()
    block_keys = bytearray()
    started = time.perf_counter()
    for index in indices:
        truth = person(random.Random(index))
        record = corrupted(truth, random.Random(seed * 10_000_019 + index))
        filters += encoder.filter_of(record)
        block_keys += encoder.block_keys_of(record)
    seconds = time.perf_counter() - started
    encodings = Encodings(
        key.fingerprint, DEFAULT_SETTINGS.as_dict(), bytes(filters), bytes(block_keys)
    )
    return encodings, seconds


def national_scale(people: int, key: LinkageKey, threshold: float) -> dict[str, object]:
    """`people` records at each organisation, a third of them shared; truth from the indices:
    person i (i < shared) is row i on the left and row i on the right."""
    shared = people // 3
    left_enc, seconds_left = _streamed(iter(range(people)), 13, key)
    right_indices = itertools.chain(range(shared), range(people, 2 * people - shared))
    right_enc, seconds_right = _streamed(right_indices, 17, key)
    load_before = os.getloadavg()[0]
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    result = match(left_enc, right_enc, threshold=threshold)
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    match_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (
        cpu_after.ru_stime - cpu_before.ru_stime
    )
    found = {(i, j) for i, j, _ in result.links}
    true_positives = sum(1 for i, j in found if i == j and i < shared)
    return {
        "people_per_organisation": people,
        "encode_seconds": round(seconds_left + seconds_right, 1),
        "generated_and_encoded_per_second": round(2 * people / (seconds_left + seconds_right)),
        "match_seconds": round(result.seconds, 1),
        "comparisons": result.comparisons,
        "comparisons_per_second": round(result.comparisons / result.seconds),
        # the machine is shared: CPU seconds the match got (2 threads: up to 2 per second) and
        # the 1-minute load average before and after it
        "match_cpu_seconds": round(match_cpu, 1),
        "comparisons_per_cpu_second": round(result.comparisons / match_cpu) if match_cpu else 0,
        "load_average_during_match": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "precision": round(true_positives / len(found), 4) if found else 0.0,
        "recall": round(true_positives / shared, 4),
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--national", type=int, default=1_000_000)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument(
        "--national-only",
        action="store_true",
        help="only the million-a-side run (bench/results/linkage.national.json)",
    )
    arguments = parser.parse_args()
    key = LinkageKey.from_secret(secrets.token_bytes(32))
    people = 10_000 if arguments.quick else arguments.people
    if arguments.national_only:
        national: dict[str, object] = {
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "kernel": kernel_name(),
                "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            },
            "national_scale": national_scale(arguments.national, key, arguments.threshold),
        }
        text = json.dumps(national, indent=2)
        print(text)
        RESULTS.with_suffix(".national.json").write_text(text + "\n")
        return 0
    results: dict[str, object] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "accuracy": [accuracy(people, key, t) for t in sorted({0.75, arguments.threshold, 0.85})],
        "comparison_speed": comparison_speed(4000 if arguments.quick else 8000, key),
    }
    if not arguments.quick:
        results["load_average_before_national_scale"] = [round(x, 2) for x in os.getloadavg()]
        results["national_scale"] = national_scale(arguments.national, key, arguments.threshold)
    text = json.dumps(results, indent=2)
    print(text)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.with_suffix(".quick.json" if arguments.quick else ".json").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
