"""Benchmark of the identification engine: batch throughput and peak memory, single latency.

    .venv/bin/python bench/screening.py [--records 1000000] [--workers 2]

Prints the figures and writes them to bench/results/screening.json. Not a timed test.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

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
    arguments = parser.parse_args()

    data = generate(arguments.records, seed=2009)
    sink = 0

    def write(chunk: bytes) -> None:
        nonlocal sink
        sink += len(chunk)

    start = time.perf_counter()
    summary = screen_stream(io.BytesIO(data), write, workers=arguments.workers)
    elapsed = time.perf_counter() - start
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

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
        "records": summary.records,
        "rejected_lines": summary.errors,
        "workers": arguments.workers,
        "seconds": round(elapsed, 2),
        "records_per_second": round(summary.records / elapsed),
        "output_mb": round(sink / 1e6, 1),
        "peak_rss_mb_parent": round(self_peak, 1),
        "peak_rss_mb_worker": round(child_peak, 1),
        "single_p50_ms": round(statistics.median(timings), 4),
        "single_p99_ms": round(timings[int(len(timings) * 0.99)], 4),
        "machine": f"{platform.processor() or platform.machine()}, python {platform.python_version()}",
    }
    print(json.dumps(figures, indent=2))
    out = Path(__file__).parent / "results" / "screening.json"
    out.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
