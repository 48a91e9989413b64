"""Benchmark of the identification engine: batch throughput and peak memory, single latency.

    .venv/bin/python bench/generate_screening_records.py 1000000 > /tmp/screening-1m.jsonl
    .venv/bin/python bench/screening.py --input /tmp/screening-1m.jsonl [--workers 2] [--full]

Screens the file as `needsfirst screen --batch` does (compact format by default, `--full` for
the complete explanation per line), reading it in blocks, and prints records/s, seconds,
CPU seconds (parent + workers), peak memory (parent + workers) and the latency of one
determination; writes bench/results/screening.json and .txt. Without --input it generates
--records records in memory first. Not a timed test.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import orjson

sys.path.insert(0, str(Path(__file__).parent))
from generate_screening_records import generate

from needsfirst.screening import screen
from needsfirst.screening.batch import screen_stream


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--latency-samples", type=int, default=20_000)
    parser.add_argument("--input", help="a JSON Lines file (generate it once, outside the repo)")
    parser.add_argument("--full", action="store_true", help="full results instead of compact")
    arguments = parser.parse_args()

    source: Any = (
        open(arguments.input, "rb")  # noqa: SIM115 - closed below
        if arguments.input
        else io.BytesIO(generate(arguments.records, seed=2009))
    )
    sink = 0

    def write(chunk: bytes) -> None:
        nonlocal sink
        sink += len(chunk)

    cpu0 = _cpu()
    start = time.perf_counter()
    summary = screen_stream(source, write, workers=arguments.workers, compact=not arguments.full)
    elapsed = time.perf_counter() - start
    cpu = _cpu() - cpu0
    source.close()
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # RUSAGE_CHILDREN gives the largest single worker; with `workers` alike, the sum is bounded
    # by workers x that
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    load = os.getloadavg()

    records = [
        orjson.loads(line)
        for line in generate(arguments.latency_samples, seed=7, bad_every=0).splitlines()
    ]
    for record in records[:500]:
        screen(record)  # warm caches
    timings = []
    for record in records:
        t0 = time.perf_counter_ns()
        screen(record)
        timings.append((time.perf_counter_ns() - t0) / 1e6)
    timings.sort()
    figures = {
        "format": "full" if arguments.full else "compact",
        "records": summary.records,
        "rejected_lines": summary.errors,
        "workers": arguments.workers,
        "seconds": round(elapsed, 2),
        "records_per_second": round(summary.records / elapsed),
        "cpu_seconds_parent_and_workers": round(cpu, 1),
        "cpu_microseconds_per_record": round(cpu / summary.records * 1e6, 1),
        "records_per_cpu_second": round(summary.records / cpu),
        "load_average_1_5_15_at_end": [round(x, 1) for x in load],
        "cpu_count": os.cpu_count(),
        "output_mb": round(sink / 1e6, 1),
        "peak_rss_mb_parent": round(self_peak, 1),
        "peak_rss_mb_worker": round(child_peak, 1),
        "peak_rss_mb_parent_plus_workers": round(self_peak + arguments.workers * child_peak, 1),
        "single_p50_ms": round(statistics.median(timings), 4),
        "single_p99_ms": round(timings[int(len(timings) * 0.99)], 4),
        "machine": (
            f"{platform.processor() or platform.machine()}, python {platform.python_version()}"
        ),
    }
    print(json.dumps(figures, indent=2))
    out = Path(__file__).parent / "results" / "screening.json"
    out.write_text(json.dumps(figures, indent=2) + "\n")
    text = "\n".join(f"{key}: {value}" for key, value in figures.items())
    out.with_suffix(".txt").write_text(text + "\n")


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
