"""The `needsfirst` command. Each area of the core adds its subcommands through `register`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points

# Modules that define `register(subparsers)`; each subcommand sets `handler` on its parser.
SUBCOMMAND_MODULES = (
    "needsfirst.screening.cli",
    "needsfirst.wages.cli",
    "needsfirst.recruitment.cli",
    "needsfirst.release.cli",
    "needsfirst.linkage.cli",
    "needsfirst.exchange.cli",
    "needsfirst.dedup.cli",
)
# Subcommands that need the database: the web package provides their handlers under this
# entry point group (pyproject.toml), so this command line never imports Django itself.
DATABASE_ENTRY_POINTS = "needsfirst.database"


def database_handler(name: str, action: str) -> Callable[[argparse.Namespace], int] | None:
    """The web package's handler of `action` for the area `name`; None without the package."""
    for entry in entry_points(group=DATABASE_ENTRY_POINTS, name=name):
        handlers: dict[str, Callable[[argparse.Namespace], int]] = entry.load()()
        return handlers.get(action)
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="needsfirst", description="needsfirst command line")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module_name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    handler = arguments.handler
    return int(handler(arguments))


if __name__ == "__main__":
    sys.exit(main())
