"""`needsfirst claim FILE.json`: an itemised wage and fee claim from work facts."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from needsfirst.law import LawDataError
from needsfirst.wages.claims import compute_claim
from needsfirst.wages.errors import ClaimInputError
from needsfirst.wages.facts import claim_facts_from_mapping
from needsfirst.wages.render import claim_to_data, claim_to_text


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "claim",
        help="itemised claim for unpaid wages, overtime, deductions and recruitment fees",
        description="Compute an itemised wage and fee claim from a JSON file of work facts.",
    )
    parser.add_argument("file", type=Path, help="JSON file with the work facts")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(handler=run)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def run(arguments: argparse.Namespace) -> int:
    path: Path = arguments.file
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        return _fail(f"{path}: cannot read the file ({error.strerror})")
    except UnicodeDecodeError:
        return _fail(f"{path}: the file is not UTF-8 text")
    try:
        # Numbers with a decimal point become Decimal, so money is never a float.
        raw = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        return _fail(f"{path}: not valid JSON (line {error.lineno}, column {error.colno})")
    try:
        claim = compute_claim(claim_facts_from_mapping(raw))
    except ClaimInputError as error:
        return _fail(str(error))
    except LawDataError as error:
        return _fail(f"law data: {error}")
    if arguments.json:
        print(json.dumps(claim_to_data(claim), indent=2, ensure_ascii=False))
    else:
        print(claim_to_text(claim), end="")
    return 0
