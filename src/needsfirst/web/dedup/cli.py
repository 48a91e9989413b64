"""The database half of `needsfirst duplicates run | counts` (see needsfirst.dedup.cli).

Reached through the entry point group `needsfirst.database` (pyproject.toml), so the pure
command line never imports Django. The command acts as a caseworker or supervisor of the
organisation, through the services the pages call (the same rules, the same audit entries),
and prints counts only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from needsfirst.web.accounts.command_line import command_line_actor, django_setup


def _acting(arguments: argparse.Namespace, verb: str) -> Any:
    """The actor, or None after saying why not (unknown user, another organisation's)."""
    try:
        return command_line_actor(arguments.organisation, arguments.user)
    except LookupError as error:
        print(f"duplicates {verb}: refused ({error})", file=sys.stderr)
        return None


def _refused(verb: str) -> int:
    print(
        f"duplicates {verb}: refused (only a caseworker or a supervisor of the organisation "
        "looks for duplicates)",
        file=sys.stderr,
    )
    return 2


def _print(counts: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(counts, indent=1))
        return
    for name, value in counts.items():
        print(f"{name.replace('_', ' ')}: {value}")


def run(arguments: argparse.Namespace) -> int:
    django_setup()
    from django.core.exceptions import PermissionDenied

    from needsfirst.web.dedup.models import RunStatus
    from needsfirst.web.dedup.services import candidate_counts, run_now

    actor = _acting(arguments, "run")
    if actor is None:
        return 2
    try:
        done = run_now(actor=actor)
    except PermissionDenied:
        return _refused("run")
    counts = {
        "status": done.status,
        "people_compared": done.people,
        "new_pairs": done.candidates,
        **candidate_counts(actor=actor),
    }
    _print(counts, arguments.json)
    return 0 if done.status == RunStatus.DONE else 1


def counts(arguments: argparse.Namespace) -> int:
    django_setup()
    from django.core.exceptions import PermissionDenied

    from needsfirst.web.dedup.services import candidate_counts

    actor = _acting(arguments, "counts")
    if actor is None:
        return 2
    try:
        found = candidate_counts(actor=actor)
    except PermissionDenied:
        return _refused("counts")
    _print(found, arguments.json)
    return 0


def handlers() -> dict[str, Callable[[argparse.Namespace], int]]:
    return {"run": run, "counts": counts}
