"""`manage.py import_recruiters FILE --authority A --source-title T --map field=Column`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.recruitment.importing import MappingError, check_mapping
from needsfirst.web.recruitment.services import licence_list_import


class Command(BaseCommand):
    help = (
        "Import a licensing authority's published list of recruiters (CSV, or XLSX: the first "
        "sheet, values only). The whole file is "
        "checked first; any rejected row stops the import and is reported with its field. "
        "Idempotent: rows are matched on the authority and the licence number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--authority", required=True)
        parser.add_argument("--source-title", required=True)
        parser.add_argument("--source-url", default="")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="our field = the file's column header (name and licence_number are required)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        mapping: dict[str, str] = {}
        for item in options["map"]:
            ours, sep, theirs = item.partition("=")
            if not sep:
                raise CommandError(f"--map {item!r}: write FIELD=COLUMN")
            mapping[ours.strip()] = theirs.strip()
        try:
            mapping = check_mapping(mapping)
        except MappingError as problem:
            raise CommandError(f"--map {problem.field}: {problem.reason}") from problem
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror})") from error
        report = licence_list_import(
            actor=Actor.system("import_recruiters"),
            data=data,
            mapping=mapping,
            authority=options["authority"],
            source_title=options["source_title"],
            source_url=options["source_url"],
        )
        if not report.imported:
            for row_error in report.errors:
                self.stderr.write(f"line {row_error.row}: {row_error.field}: {row_error.reason}")
            raise CommandError(f"nothing imported: {len(report.errors)} problem(s) in the file")
        self.stdout.write(
            f"imported: {report.created} new, {report.updated} changed, "
            f"{report.unchanged} unchanged"
        )
