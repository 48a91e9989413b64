"""`needsfirst offer FILE.json` (also `check-offer`): check a job offer's terms."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from needsfirst.law import LawDataError
from needsfirst.recruitment.checker import check_offer
from needsfirst.recruitment.errors import OfferInputError
from needsfirst.recruitment.render import check_to_data, check_to_text
from needsfirst.recruitment.terms import offer_from_mapping

MAX_BYTES = 256 * 1024


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "offer",
        aliases=["check-offer"],
        help="check a job offer or contract against fair-recruitment standards",
        description=(
            "Check the terms of a job offer (a JSON file) against ILO C181, C189, C029/P029, "
            "the Fair Recruitment Guidelines and the minimum wage and working-time law of the "
            "country of work. Exit status: 0 no flag, 1 flags raised, 2 bad input."
        ),
    )
    parser.add_argument("file", type=Path, help="JSON file with the offer's terms")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--on", type=date.fromisoformat, default=None, help="day of the check (default: today)"
    )
    parser.set_defaults(handler=run)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def run(arguments: argparse.Namespace) -> int:
    path: Path = arguments.file
    try:
        if path.stat().st_size > MAX_BYTES:
            return _fail(f"{path}: larger than {MAX_BYTES // 1024} KB, not an offer")
        raw_text = path.read_text(encoding="utf-8")
    except OSError as error:
        return _fail(f"{path}: cannot read the file ({error.strerror})")
    except UnicodeDecodeError:
        return _fail(f"{path}: the file is not UTF-8 text")
    try:
        raw = json.loads(raw_text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        return _fail(f"{path}: not valid JSON (line {error.lineno}, column {error.colno})")
    try:
        offer = offer_from_mapping(raw, on=arguments.on or datetime.now(UTC).date())
        result = check_offer(offer)
    except OfferInputError as error:
        return _fail(str(error))
    except LawDataError as error:
        return _fail(f"law data: {error}")
    if arguments.json:
        print(json.dumps(check_to_data(result), indent=2, ensure_ascii=False))
    else:
        print(check_to_text(result), end="")
    return 1 if result.findings else 0
