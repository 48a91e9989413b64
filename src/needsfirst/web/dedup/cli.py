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


def _as_actor(arguments: argparse.Namespace, verb: str, work: Callable[[Any], Any]) -> int:
    """Run `work(actor)` as the named user, printing its counts; 2 after saying why not (an
    unknown user, another organisation's, a role that reviews no one)."""
    django_setup()
    from django.core.exceptions import PermissionDenied

    try:
        actor = command_line_actor(arguments.organisation, arguments.user)
        found, status = work(actor)
    except LookupError as error:
        print(f"duplicates {verb}: refused ({error})", file=sys.stderr)
        return 2
    except PermissionDenied:
        print(
            f"duplicates {verb}: refused (only a caseworker or a supervisor of the organisation "
            "looks for duplicates)",
            file=sys.stderr,
        )
        return 2
    if arguments.json:
        print(json.dumps(found, indent=1))
    else:
        for name, value in found.items():
            print(f"{name.replace('_', ' ')}: {value}")
    return int(status)


def _run(actor: Any) -> tuple[dict[str, Any], int]:
    from needsfirst.web.dedup.models import RunStatus
    from needsfirst.web.dedup.services import candidate_counts, run_now

    done = run_now(actor=actor)
    found = {
        "status": done.status,
        "people_compared": done.people,
        "new_pairs": done.candidates,
        **candidate_counts(actor=actor),
    }
    return found, 0 if done.status == RunStatus.DONE else 1


def _counts(actor: Any) -> tuple[dict[str, Any], int]:
    from needsfirst.web.dedup.services import candidate_counts

    return dict(candidate_counts(actor=actor)), 0


def run(arguments: argparse.Namespace) -> int:
    return _as_actor(arguments, "run", _run)


def counts(arguments: argparse.Namespace) -> int:
    return _as_actor(arguments, "counts", _counts)


def handlers() -> dict[str, Callable[[argparse.Namespace], int]]:
    return {"run": run, "counts": counts}
