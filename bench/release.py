"""A k-anonymous release of a million case records: time, rows kept, levels of generalisation.

Run: .venv/bin/python bench/release.py [--rows 1000000] [--k 11]
Synthetic rows (seeded): age skewed to the twenties and thirties with 4 % missing, 30
nationalities with a long tail (Zipf-like weights) and 2 % missing, registration dates over
2015-2025, gender 58 % women, 39 % men, 1 % trans or non-conforming and 2 % unknown, 15
countries of exploitation, 5 % of people with a second case. Quasi-identifiers: age,
nationality, registration date, gender, country of exploitation; type of exploitation is
released as it is. Prints the figures and writes bench/results/release.{json,txt}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from pathlib import Path

import numpy as np

from needsfirst.release import QuasiIdentifier, ReleaseSpec, anonymise

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
NATIONALITIES = [
    "NP",
    "BD",
    "IN",
    "PK",
    "LK",
    "PH",
    "ID",
    "VN",
    "KH",
    "MM",
    "TH",
    "ET",
    "ER",
    "SO",
    "SD",
    "NG",
    "GH",
    "KE",
    "UG",
    "SY",
    "AF",
    "IQ",
    "UA",
    "MD",
    "RO",
    "AL",
    "VE",
    "CO",
    "HN",
    "CN",
]
DESTINATIONS = [
    "QA",
    "SA",
    "AE",
    "KW",
    "MY",
    "TH",
    "GB",
    "DE",
    "IT",
    "ES",
    "US",
    "LB",
    "JO",
    "IL",
    "GR",
]
TYPES = ["ForcedLabour", "SexualExploitation", "ForcedLabour;SexualExploitation", "Other"]


def generate(rows: int, seed: int = 12) -> dict[str, list[str]]:
    rng = np.random.default_rng(seed)
    ages = np.clip(rng.gamma(7.0, 4.2, rows) + 6, 8, 80).astype(int).astype(str)
    ages[rng.random(rows) < 0.04] = ""
    weights = 1 / np.arange(1, len(NATIONALITIES) + 1) ** 1.1
    nationality = rng.choice(NATIONALITIES, rows, p=weights / weights.sum()).astype(object)
    nationality[rng.random(rows) < 0.02] = ""
    days = rng.integers(0, 11 * 365, rows)
    dates = (np.datetime64("2015-01-01") + days).astype(str)
    gender = rng.choice(
        ["Feminine", "Masculine", "NonConforming", "NonSpecifiedUnknown"],
        rows,
        p=[0.58, 0.39, 0.01, 0.02],
    )
    dest_weights = 1 / np.arange(1, len(DESTINATIONS) + 1) ** 0.8
    exploitation_country = rng.choice(DESTINATIONS, rows, p=dest_weights / dest_weights.sum())
    people = np.arange(rows)
    repeat = rng.random(rows) < 0.05
    people[repeat] = rng.integers(0, rows, int(repeat.sum()))
    kind = rng.choice(TYPES, rows, p=[0.55, 0.3, 0.05, 0.1])
    return {
        "age": ages.tolist(),
        "nationality": nationality.tolist(),
        "registered": dates.tolist(),
        "gender": gender.tolist(),
        "exploitation_country": exploitation_country.tolist(),
        "person": people.astype(str).tolist(),
        "type": kind.tolist(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--k", type=int, default=11)
    arguments = parser.parse_args()
    started = time.perf_counter()
    table = generate(arguments.rows)
    generated = time.perf_counter() - started
    spec = ReleaseSpec(
        quasi_identifiers=(
            QuasiIdentifier("age", "age"),
            QuasiIdentifier("nationality", "country"),
            QuasiIdentifier("registered", "date"),
            QuasiIdentifier("gender", "category"),
            QuasiIdentifier("exploitation_country", "country"),
        ),
        sensitive=("type",),
        person_column="person",
        k=arguments.k,
    )
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    cpu_started = time.process_time()
    release = anonymise(table, spec)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    report = release.report.as_dict()
    figures = {
        "rows": arguments.rows,
        "k": arguments.k,
        "generate_seconds": round(generated, 2),
        "release_seconds": round(seconds, 2),
        "release_cpu_seconds": round(cpu_seconds, 2),
        # the machine is shared: the 1-minute load average before and after the release
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "cores": os.cpu_count(),
        "kept_share": report["kept_share"],
        "rows_suppressed": report["rows_suppressed"],
        "classes": report["classes"],
        "smallest_class": report["smallest_class"],
        "levels": {c["column"]: c["level_name"] for c in report["columns"]},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "targets": "under 30 s, at least 99 % of rows kept",
        "met": seconds < 30 and report["kept_share"] >= 0.99,
    }
    text = "\n".join(f"{name}: {value}" for name, value in figures.items())
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "release.json").write_text(json.dumps(figures, indent=2) + "\n")
    (RESULTS / "release.txt").write_text(text + "\n")


if __name__ == "__main__":
    main()
