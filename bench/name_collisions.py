"""How often a generated record's name is also a stranger's: the namesakes no model can resolve.

    .venv/bin/python bench/name_collisions.py 100000 1000000

For each size, the share of records whose whole name (transliteration folded: the sorted name
skeleton), birth year and nationality are also those of a record of another person, and the
same with only the first given name and the family name (a middle name dropped, as 30 % of
duplicates do). Writes bench/results/name_collisions.json. Run with PYTHONPATH pointing at
another checkout's src/ to count an older generator.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from needsfirst.dedup.generate import generate
from needsfirst.dedup.records import PersonRecord, name_features

RESULTS = Path(__file__).parent / "results" / "name_collisions.json"
Key = Callable[[PersonRecord], tuple[object, ...]]


def _whole_name(record: PersonRecord) -> tuple[object, ...]:
    year = record.birthdate.year if record.birthdate else None
    return (name_features(record.given_name, record.family_name).skeleton, year, record.nationality)


def _first_and_family(record: PersonRecord) -> tuple[object, ...]:
    name = name_features(record.given_name, record.family_name)
    year = record.birthdate.year if record.birthdate else None
    return (name.given, name.family, year, record.nationality)


def shared_with_a_stranger(
    records: Sequence[PersonRecord], truth: dict[str, str], key: Key
) -> float:
    """The share of records (with a year and a nationality) whose key another person also has."""
    people: defaultdict[tuple[object, ...], set[str]] = defaultdict(set)
    keyed = [(key(r), truth[r.record_id]) for r in records if r.birthdate and r.nationality]
    for k, person in keyed:
        people[k].add(person)
    return sum(1 for k, _ in keyed if len(people[k]) > 1) / len(records)


def count(size: int) -> dict[str, object]:
    started = time.process_time()
    records, truth = generate(size)
    return {
        "records": size,
        "whole_name_year_nationality": round(
            shared_with_a_stranger(records, truth, _whole_name), 4
        ),
        "first_family_year_nationality": round(
            shared_with_a_stranger(records, truth, _first_and_family), 4
        ),
        "cpu_seconds": round(time.process_time() - started, 1),
    }


def main() -> int:
    sizes = [int(a) for a in sys.argv[1:]] or [100_000]
    results = {
        "generator": os.environ.get("GENERATOR", "needsfirst.dedup.names (Zipf pools)"),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "counts": [count(size) for size in sizes],
    }
    text = json.dumps(results, indent=2)
    print(text)
    target = Path(os.environ.get("RESULTS", RESULTS))
    target.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
