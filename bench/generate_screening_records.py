"""Realistic synthetic screening records (JSON Lines) for the benchmark and the batch tests.

Mixes the situations caseworkers meet: underpaid migrants, forced labour, smuggling with and
without abuse, child cases, sparse intake records with mostly unknowns, and some bad lines.
Seeded, so a run can be repeated.
"""

from __future__ import annotations

import argparse
import random
import sys
from typing import Any

import orjson

from needsfirst.screening.rules import load_rules

COUNTRIES = ["GB", "US", "DE", "IT", "ES", "FR", "NL", "SA", "AE", "QA", "MY", "TH"]
ORIGINS = ["NG", "VN", "RO", "PH", "NP", "BD", "ER", "MX", "GT", "UA", "AL", "IN"]
CURRENCY = {
    "GB": "GBP",
    "US": "USD",
    "DE": "EUR",
    "IT": "EUR",
    "ES": "EUR",
    "FR": "EUR",
    "NL": "EUR",
    "SA": "SAR",
    "AE": "AED",
    "QA": "QAR",
    "MY": "MYR",
    "TH": "THB",
}
ANSWERS = ["yes", "no", "unknown"]


def record(rng: random.Random, number: int, indicator_ids: list[str]) -> dict[str, Any]:
    country = rng.choice(COUNTRIES)
    year = rng.randint(2015, 2025)
    r: dict[str, Any] = {
        "record_id": f"r{number}",
        "as_of": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "jurisdiction": country,
        "person": {"age": rng.randint(12, 60), "citizenship": [rng.choice(ORIGINS)]},
    }
    if rng.random() < 0.5:
        r["person"]["child_at_recruitment"] = rng.choice(ANSWERS)
    if rng.random() < 0.6:
        r["movement"] = {
            "crossed_border": rng.choice(ANSWERS),
            "entry": rng.choice(["regular", "irregular", "unknown"]),
        }
        if rng.random() < 0.4:
            r["movement"].update(
                arranged_by=["Smuggler"],
                benefit_to_facilitator="yes",
                danger_to_life_or_safety=rng.choice(ANSWERS),
            )
    if rng.random() < 0.5:
        r["acts"] = {
            rng.choice(["recruitment", "transportation", "harbouring"]): rng.choice(ANSWERS)
        }
    if rng.random() < 0.4:
        r["means"] = {
            rng.choice(["deception", "use_of_force", "abuse_of_vulnerability"]): rng.choice(ANSWERS)
        }
    if rng.random() < 0.4:
        r["purposes"] = {
            rng.choice(["ForcedLabour", "SexualExploitation", "Servitude"]): rng.choice(ANSWERS)
        }
    if rng.random() < 0.7:
        r["indicators"] = {
            i: rng.choice(ANSWERS) for i in rng.sample(indicator_ids, rng.randint(1, 8))
        }
    if rng.random() < 0.6:
        currency = CURRENCY[country]
        paid = round(rng.uniform(0, 3000), 2)
        r["work"] = {
            "wage_paid": {"amount": paid, "currency": currency, "period": "month"},
            "wage_promised": {
                "amount": round(paid * rng.uniform(0.8, 2), 2),
                "currency": currency,
                "period": "month",
            },
            "hours_per_day": rng.randint(6, 16),
            "days_per_week": rng.randint(4, 7),
            "documents_held_by": rng.choice(["self", "employer", "unknown"]),
            "wages_withheld": rng.choice(ANSWERS),
        }
    if rng.random() < 0.5:
        r["own_view"] = {
            "agreed_to_conditions": rng.choice(ANSWERS),
            "free_to_leave": rng.choice(ANSWERS),
        }
    return r


def generate(count: int, seed: int = 2009, bad_every: int = 1000) -> bytes:
    rng = random.Random(seed)
    ids = sorted(load_rules().all_indicator_ids)
    lines = []
    for n in range(count):
        if bad_every and n % bad_every == bad_every - 1:
            lines.append(b'{"as_of": "2020-02-30", "jurisdiction": "GB"}')
        else:
            lines.append(orjson.dumps(record(rng, n, ids)))
    return b"\n".join(lines) + b"\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=2009)
    arguments = parser.parse_args()
    sys.stdout.buffer.write(generate(arguments.count, arguments.seed))


if __name__ == "__main__":
    main()
