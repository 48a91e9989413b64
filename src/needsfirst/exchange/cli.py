"""`needsfirst import` and `needsfirst export`: HTCDS 2.0 exchange files.

`needsfirst import --check FILE` checks a file here, in the pure core, without a database.
Reading or writing an organisation's records needs the web package's database; it provides
the handler through the entry point group `needsfirst.database` (name `exchange`, declared in
pyproject.toml), which sets up Django when it runs. Without it, the command says so.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from needsfirst.exchange import MAX_FILE_BYTES, read_file
from needsfirst.exchange.validate import too_large

ENTRY_POINT_NAME = "exchange"


def register(subparsers: Any) -> None:
    importer = subparsers.add_parser(
        "import",
        help="check an HTCDS 2.0 file, or import it into an organisation",
        description=(
            "Import an HTCDS 2.0 exchange file (.json or .xlsx) into an organisation: the whole "
            "file is checked first and nothing is written if any row is rejected; a file "
            "imported again creates nothing twice. With --check, only check the file (no "
            "database). Exit status: 0 imported or valid, 1 rejected, 2 bad arguments."
        ),
    )
    importer.add_argument("file", type=Path, help="the .json or .xlsx file")
    importer.add_argument("--check", action="store_true", help="only check the file")
    importer.add_argument("--organisation", help="the organisation's id (its UUID)")
    importer.add_argument("--user", help="the organisation administrator who imports")
    importer.add_argument("--json", action="store_true", help="print the report as JSON")
    importer.set_defaults(handler=run_import)

    exporter = subparsers.add_parser(
        "export",
        help="export an organisation's records as an HTCDS 2.0 file",
        description=(
            "Write the records of one organisation (never another's, never shared views) as "
            "an HTCDS 2.0 file: .json, or .xlsx with one sheet per table (or, with "
            "--one-sheet, the toolkit's one-sheet layout: one row per case)."
        ),
    )
    exporter.add_argument("file", type=Path, help="where to write (.json or .xlsx)")
    exporter.add_argument("--organisation", required=True, help="the organisation's id (UUID)")
    exporter.add_argument("--user", required=True, help="the organisation administrator")
    exporter.add_argument(
        "--one-sheet",
        action="store_true",
        help="write the toolkit's one-sheet layout (.xlsx): people, cases and victim context",
    )
    exporter.set_defaults(handler=run_export)


def _database_handler(action: str) -> Callable[[argparse.Namespace], int] | None:
    from needsfirst.cli import database_handler

    return database_handler(ENTRY_POINT_NAME, action)


def check(path: Path, as_json: bool) -> int:
    size = path.stat().st_size
    refused = too_large(size)
    if refused is not None:
        print(str(refused), file=sys.stderr)
        return 1
    data = path.read_bytes()[: MAX_FILE_BYTES + 1]
    checked = read_file(data, path.name)
    if as_json:
        report = {
            "ok": checked.ok,
            "rows": {name: len(rows) for name, rows in checked.tables.items()},
            "rejections": [rejection.as_dict() for rejection in checked.rejections],
            "not_held": {name: sorted(fields) for name, fields in checked.not_held.items()},
        }
        print(json.dumps(report, indent=1))
    elif checked.ok:
        print(f"{path.name}: valid, {checked.count()} rows")
        for name, fields in sorted(checked.not_held.items()):
            print(f"  {name}: not kept by needsfirst: {', '.join(sorted(fields))}")
    else:
        for rejection in checked.rejections:
            print(f"{path.name}: {rejection}", file=sys.stderr)
    return 0 if checked.ok else 1


def run_import(arguments: argparse.Namespace) -> int:
    if not arguments.file.is_file():
        print(f"{arguments.file}: no such file", file=sys.stderr)
        return 2
    if arguments.check:
        return check(arguments.file, arguments.json)
    if not (arguments.organisation and arguments.user):
        print("import: --organisation and --user are needed (or --check)", file=sys.stderr)
        return 2
    handler = _database_handler("import")
    if handler is None:
        print("import: the web package is not installed; only --check works", file=sys.stderr)
        return 2
    return handler(arguments)


def run_export(arguments: argparse.Namespace) -> int:
    handler = _database_handler("export")
    if handler is None:
        print("export: the web package is not installed", file=sys.stderr)
        return 2
    return handler(arguments)
