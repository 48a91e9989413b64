"""The database half of `needsfirst import` and `needsfirst export` (see needsfirst.exchange.cli).

Reached through the entry point group `needsfirst.database` (pyproject.toml), so the pure
command line never imports Django: these handlers set Django up when they run. The same work
is available as `manage.py exchange_import` and `manage.py exchange_export`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from needsfirst.web.accounts.command_line import command_line_actor as _actor
from needsfirst.web.accounts.command_line import django_setup as _setup


def run_import(arguments: argparse.Namespace) -> int:
    _setup()
    from django.core.exceptions import PermissionDenied

    from needsfirst.web.exchange.models import JobStatus
    from needsfirst.web.exchange.services import import_now

    try:
        actor = _actor(arguments.organisation, arguments.user)
        job = import_now(
            actor=actor, file_name=arguments.file.name, content=arguments.file.read_bytes()
        )
    except (LookupError, PermissionDenied, ValueError) as error:
        print(f"import: refused ({error or 'not an organisation administrator'})", file=sys.stderr)
        return 2
    if job.status == JobStatus.DONE:
        summary = job.summary
        created = summary.get("created", 0)
        updated = summary.get("updated", 0)
        unchanged = sum(summary.get("unchanged", {}).values())
        conflicts = summary.get("conflicts", [])
        print(
            f"{arguments.file.name}: {created} created, {updated} updated, "
            f"{unchanged} unchanged, {len(conflicts)} conflicts"
        )
        for conflict in conflicts:
            print(
                f"conflict: {conflict['table']} row {conflict['row']}, {conflict['field']}: "
                f"{conflict['message']}"
            )
        return 0
    for rejection in job.rejections:
        where = f"{rejection['table']} row {rejection['row']}" if rejection["row"] else "file"
        print(
            f"{arguments.file.name}: {where}, {rejection['field'] or '-'}: {rejection['message']}",
            file=sys.stderr,
        )
    print(f"{arguments.file.name}: nothing imported", file=sys.stderr)
    return 1


def run_export(arguments: argparse.Namespace) -> int:
    _setup()
    from django.core.exceptions import PermissionDenied

    from needsfirst.web.exchange.services import export_organisation

    file_format = "xlsx" if arguments.file.name.lower().endswith(".xlsx") else "json"
    if getattr(arguments, "one_sheet", False):
        if file_format != "xlsx":
            print("export: refused (the one-sheet layout is a .xlsx file)", file=sys.stderr)
            return 2
        file_format = "toolkit"
    try:
        actor = _actor(arguments.organisation, arguments.user)
        exported = export_organisation(actor=actor, file_format=file_format)
    except (LookupError, PermissionDenied, ValueError) as error:
        print(f"export: refused ({error or 'not an organisation administrator'})", file=sys.stderr)
        return 2
    arguments.file.write_bytes(exported.content)
    total = sum(exported.rows.values())
    print(f"{arguments.file}: {total} rows ({file_format})")
    return 0


def handlers() -> dict[str, Callable[[argparse.Namespace], int]]:
    return {"import": run_import, "export": run_export}
