"""`needsfirst screen FILE.json [--json]` and `needsfirst screen --batch FILE.jsonl`."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import orjson

from needsfirst.screening.batch import screen_stream
from needsfirst.screening.engine import screen
from needsfirst.screening.render import render_text
from needsfirst.screening.validation import ScreeningInputError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "screen", help="screen a record for trafficking, forced labour, exploitation, smuggling"
    )
    parser.add_argument("file", help="a screening record (.json), or JSON Lines with --batch")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--batch", action="store_true", help="FILE is JSON Lines: one result per line"
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="with --batch: the complete explanation on each line (default: the compact format)",
    )
    parser.add_argument("--workers", type=int, default=None, help="processes for --batch")
    parser.set_defaults(handler=run)


def run(arguments: argparse.Namespace) -> int:
    if arguments.batch:
        return _batch(arguments.file, arguments.workers, compact=not arguments.full)
    try:
        with open(arguments.file, "rb") as handle:
            record = orjson.loads(handle.read())
    except (OSError, orjson.JSONDecodeError) as error:
        print(f"{arguments.file}: {error}", file=sys.stderr)
        return 2
    try:
        result = screen(record)
    except ScreeningInputError as error:
        print(f"{arguments.file}: {error.field or '(record)'}: {error.reason}", file=sys.stderr)
        return 2
    if arguments.json:
        sys.stdout.buffer.write(orjson.dumps(result.as_dict(), option=orjson.OPT_INDENT_2) + b"\n")
    else:
        sys.stdout.write(render_text(result))
    return 0


def _batch(path: str, workers: int | None, *, compact: bool = True) -> int:
    out = sys.stdout.buffer
    with open(path, "rb") as handle:
        summary = screen_stream(handle, out.write, workers=workers, compact=compact)
    out.flush()
    print(f"screened {summary.records} lines, {summary.errors} rejected", file=sys.stderr)
    return 1 if summary.errors else 0
