"""`needsfirst link keygen | encode | match`: linkage from the command line."""

from __future__ import annotations

import argparse
import csv
import json
import secrets
import sys
from pathlib import Path
from typing import Any

from needsfirst.errors import InputError
from needsfirst.linkage import fileformat
from needsfirst.linkage.encoding import DEFAULT_SETTINGS, Encoder
from needsfirst.linkage.keys import LinkageKey
from needsfirst.linkage.matching import DEFAULT_THRESHOLD, match
from needsfirst.linkage.records import read_csv


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "link", help="privacy-preserving linkage across organisations (Bloom-filter encodings)"
    )
    verbs = parser.add_subparsers(dest="link_command", required=True)

    keygen = verbs.add_parser("keygen", help="write a new shared secret (share it with partners)")
    keygen.add_argument("output", type=Path, help="the key file to create (kept secret)")
    keygen.set_defaults(handler=_keygen)

    encode = verbs.add_parser("encode", help="encode your records into a file for the coordinator")
    encode.add_argument("records", type=Path, help="CSV with the columns of docs/linkage.md")
    encode.add_argument("--key", type=Path, required=True, help="the partners' shared key file")
    encode.add_argument("--output", "-o", type=Path, required=True, help="the encoding file")
    encode.set_defaults(handler=_encode)

    matcher = verbs.add_parser("match", help="(coordinator) link two encoding files")
    matcher.add_argument("left", type=Path)
    matcher.add_argument("right", type=Path)
    matcher.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    matcher.add_argument("--links", type=Path, help="write the links (row numbers) as CSV")
    matcher.add_argument("--json", action="store_true", help="print the counts as JSON")
    matcher.set_defaults(handler=_match)


def _fail(error: InputError) -> int:
    print(f"needsfirst link: {error.field}: {error.message}", file=sys.stderr)
    return 2


def _keygen(arguments: argparse.Namespace) -> int:
    path: Path = arguments.output
    if path.exists():
        print(f"needsfirst link: {path} exists; not overwritten", file=sys.stderr)
        return 2
    path.touch(mode=0o600)
    path.write_text(secrets.token_bytes(32).hex() + "\n", encoding="ascii")
    print(f"wrote a 256-bit secret to {path}; share it with partners, never with the coordinator")
    return 0


def _encode(arguments: argparse.Namespace) -> int:
    try:
        key = LinkageKey.from_file(arguments.key)
        records = list(read_csv(arguments.records))
        encoder = Encoder(key)
        filters, block_keys = encoder.encode(records)
        fileformat.write(
            arguments.output,
            key_fingerprint=key.fingerprint,
            settings=DEFAULT_SETTINGS,
            filters=bytes(filters),
            block_keys=bytes(block_keys),
        )
    except InputError as error:
        return _fail(error)
    print(f"encoded {len(records)} records into {arguments.output} (key {key.fingerprint})")
    return 0


def _match(arguments: argparse.Namespace) -> int:
    if not 0.0 < arguments.threshold <= 1.0:
        print("needsfirst link: threshold: must be above 0 and at most 1", file=sys.stderr)
        return 2
    try:
        left = fileformat.read(arguments.left)
        right = fileformat.read(arguments.right)
        result = match(left, right, threshold=arguments.threshold)
    except InputError as error:
        return _fail(error)
    if arguments.links:
        with arguments.links.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["left_row", "right_row", "dice"])
            writer.writerows(result.links)
    summary = {
        "left_records": result.left_records,
        "right_records": result.right_records,
        "links": len(result.links),
        "unique_people": result.unique_people,
        "comparisons": result.comparisons,
        "seconds": round(result.seconds, 3),
        "threshold": arguments.threshold,
    }
    if arguments.json:
        print(json.dumps(summary))
    else:
        for name, value in summary.items():
            print(f"{name}: {value}")
    return 0
