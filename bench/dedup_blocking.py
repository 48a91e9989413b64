"""What blocking keeps: candidate pairs and true pairs of each rule of the duplicate model.

    .venv/bin/python bench/dedup_blocking.py [--records 100000]

On generated records (`needsfirst.dedup.generate`, truth known): for each of the model's
blocking rules, and for candidate rules on the first given name and the family name, the pairs
it makes and the true pairs among them; then the union of the present rules, and of the present
rules with each candidate. Writes bench/results/dedup_blocking.<records>.json with CPU seconds
and the load average (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
from pathlib import Path
from typing import Any

import duckdb

from needsfirst.dedup.generate import generate
from needsfirst.dedup.model import BLOCKING_RULES, _frame

RESULTS = Path(__file__).parent / "results"
CANDIDATES = (
    "l.given_skel = r.given_skel AND l.family_skel = r.family_skel",
    "l.given_skel = r.given_skel AND l.family_skel = r.family_skel"
    " AND l.nationality = r.nationality",
)


def _counts(con: duckdb.DuckDBPyConnection, rules: list[int]) -> tuple[int, int]:
    listed = ",".join(str(r) for r in rules)
    row = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE tl.person = tr.person) FROM "
        f"(SELECT DISTINCT l, r FROM cover WHERE rule IN ({listed})) c "
        "JOIN t tl ON tl.unique_id = c.l JOIN t tr ON tr.unique_id = c.r"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def measure(count: int) -> dict[str, Any]:
    records, truth = generate(count)
    frame = _frame(records)
    frame["person"] = [truth[r.record_id] for r in records]
    con = duckdb.connect()
    con.register("f", frame)
    con.execute("CREATE TABLE t AS SELECT * FROM f")
    true_pairs = con.execute(
        "SELECT count(*) FROM t l JOIN t r ON l.person = r.person AND l.unique_id < r.unique_id"
    ).fetchone()
    assert true_pairs is not None
    con.execute("CREATE TABLE cover (l BIGINT, r BIGINT, rule INT)")
    rules = [*BLOCKING_RULES, *CANDIDATES]
    each = []
    for index, rule in enumerate(rules):
        con.execute(
            f"INSERT INTO cover SELECT l.unique_id, r.unique_id, {index} FROM t l "
            f"JOIN t r ON ({rule}) AND l.unique_id < r.unique_id"
        )
        pairs, true = _counts(con, [index])
        each.append({"rule": rule, "pairs": pairs, "true_pairs": true})
    present = list(range(len(BLOCKING_RULES)))
    unions = {"present rules": _counts(con, present)}
    for index, rule in enumerate(CANDIDATES, start=len(BLOCKING_RULES)):
        unions[f"present rules + {rule}"] = _counts(con, [*present, index])
    return {
        "records": count,
        "true_pairs": int(true_pairs[0]),
        "each_rule": each,
        "unions": [
            {"rules": name, "pairs": p, "true_pairs_kept": round(t / int(true_pairs[0]), 4)}
            for name, (p, t) in unions.items()
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    arguments = parser.parse_args()
    load = [round(x, 2) for x in os.getloadavg()]
    result = measure(arguments.records)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result |= {
        "load_average_at_start": load,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
    }
    text = json.dumps(result, indent=2)
    print(text)
    (RESULTS / f"dedup_blocking.{arguments.records}.json").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
