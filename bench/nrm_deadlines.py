"""How fast the NRM core answers the queue's questions: the mechanism in force, the deadline of a
stage and what a first responder may do, for many referrals of different days.

Run: .venv/bin/python bench/nrm_deadlines.py [--referrals 20000]
Prints the time per referral (p50, p99 over batches) and writes bench/results/nrm_deadlines.txt.
The deadlines skip each nation's bank holidays (law data, 2023-2027); the bench also counts how
many first-decision deadlines a holiday moved, against a count of weekdays alone.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from needsfirst import nrm

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "nrm_deadlines.txt"
CODES = ("GB-ENG", "GB-WLS", "GB-SCT", "GB-NIR")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=20000)
    args = parser.parse_args()
    rng = random.Random(11)
    today = date(2026, 12, 3)
    work = [
        (rng.choice(CODES), today - timedelta(days=rng.randint(0, 900)), rng.random() < 0.5)
        for _ in range(args.referrals)
    ]
    start = time.perf_counter()
    nrm.mechanism_on("GB-ENG", today)  # first load: YAML read and schema check
    first_load = time.perf_counter() - start
    batch = 500
    per_referral: list[float] = []
    overdue = 0
    moved = 0
    for index in range(0, len(work), batch):
        chunk = work[index : index + batch]
        started = time.perf_counter()
        for code, received, child in chunk:
            mechanism = nrm.mechanism_on(code, received)
            stage = nrm.StageName.REASONABLE_GROUNDS
            deadline = nrm.deadline_for(mechanism, stage, started_on=received, today=today)
            nrm.actions_allowed(mechanism, child=child, consent=False)
            overdue += deadline.overdue
        per_referral.append((time.perf_counter() - started) / len(chunk))
    per_referral.sort()
    for code, received, _child in work:  # outside the timed loop
        mechanism = nrm.mechanism_on(code, received)
        rule = mechanism.stage(nrm.StageName.REASONABLE_GROUNDS).deadline
        due = nrm.deadline_for(
            mechanism, nrm.StageName.REASONABLE_GROUNDS, started_on=received, today=today
        ).due_on
        moved += rule is not None and due != rule.end(received)
    p50 = statistics.median(per_referral) * 1e6
    p99 = per_referral[int(len(per_referral) * 0.99) - 1] * 1e6
    lines = [
        f"referrals: {args.referrals} over {len(CODES)} jurisdictions and 900 days",
        f"first load of the mechanism: {first_load * 1000:.1f} ms",
        f"per referral (mechanism, deadline, actions): p50 {p50:.1f} us, p99 {p99:.1f} us",
        f"overdue first decisions found: {overdue}",
        f"first-decision deadlines a bank holiday moved later: {moved}",
    ]
    print("\n".join(lines))
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
