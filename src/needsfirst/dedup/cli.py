"""`needsfirst duplicates run | counts`: an organisation's duplicate detection from the command
line.

Both need the organisation's records, so the web package provides the handlers through the
entry point group `needsfirst.database` (name `dedup`, pyproject.toml) and sets Django up when
they run. They print counts only, never a name: the pairs are reviewed, and merged, by a person
on the duplicate review page (or through the API with a browser session).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

ENTRY_POINT_NAME = "dedup"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "duplicates",
        help="run an organisation's duplicate detection, or count its pairs to review",
        description=(
            "Look for people registered twice in one organisation (another spelling of the "
            "name, an estimated date of birth) and count the pairs to review. Prints counts "
            "only, never a name. Exit status: 0 done, 1 the run failed, 2 refused or bad "
            "arguments."
        ),
    )
    verbs = parser.add_subparsers(dest="duplicates_command", required=True)
    for verb, text in (
        ("run", "run the detection now and print what it found"),
        ("counts", "print the counts of pairs to review, merged and dismissed"),
    ):
        command = verbs.add_parser(verb, help=text, description=text)
        command.add_argument("--organisation", required=True, help="the organisation's id (UUID)")
        command.add_argument(
            "--user", required=True, help="a caseworker or supervisor of the organisation"
        )
        command.add_argument("--json", action="store_true", help="print the counts as JSON")
        command.set_defaults(handler=_run if verb == "run" else _counts)


def _handler(action: str, arguments: argparse.Namespace) -> int:
    from needsfirst.cli import database_handler

    handler = database_handler(ENTRY_POINT_NAME, action)
    if handler is None:
        print(f"duplicates {action}: the web package is not installed", file=sys.stderr)
        return 2
    return handler(arguments)


def _run(arguments: argparse.Namespace) -> int:
    return _handler("run", arguments)


def _counts(arguments: argparse.Namespace) -> int:
    return _handler("counts", arguments)
