"""Train the shipped duplicate model on generated records; writes src/needsfirst/dedup/model.json.

Run: .venv/bin/python scripts/train_dedup_model.py [--records 50000] [--seed 2026]

An organisation's caseload (hundreds or thousands of people) is too small to learn the model's
parameters from, so its job uses these, learnt without labels (random sampling for u, EM for m)
on `needsfirst.dedup.generate` records. The truth of the generator is not used for training.
The size, the seed and the date are written into the model file next to the settings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from needsfirst.dedup.generate import generate  # noqa: E402
from needsfirst.dedup.model import MODEL_FILE, find_duplicates  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    records, _ = generate(args.records, seed=args.seed)
    trained = find_duplicates(records, train=True).trained
    target = ROOT / "src" / "needsfirst" / "dedup" / MODEL_FILE
    shipped = {
        "records": len(records),
        "seed": args.seed,
        "generator": "needsfirst.dedup.generate",
        "trained_on": dt.datetime.now(dt.UTC).date().isoformat(),
        "settings": trained,
    }
    target.write_text(json.dumps(shipped, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
