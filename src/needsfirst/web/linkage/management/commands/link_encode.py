"""`manage.py link_encode --organisation ID --key FILE --output FILE`: an organisation's
encodings for a linkage round, from the command line (the same service as the page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from needsfirst.errors import InputError
from needsfirst.linkage.keys import LinkageKey
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role
from needsfirst.web.linkage.services import organisation_encodings


class Command(BaseCommand):
    help = "Write an organisation's linkage encodings (no clear text is written)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", type=int, required=True, help="organisation id")
        parser.add_argument("--key", type=Path, required=True, help="the partners' key file")
        parser.add_argument("--output", type=Path, required=True, help="the encoding file")

    def handle(self, *args: Any, **options: Any) -> None:
        if not Organisation.objects.filter(pk=options["organisation"]).exists():
            raise CommandError("organisation: no organisation has this id")
        try:
            key = LinkageKey.from_file(options["key"])
        except InputError as error:
            raise CommandError(f"{error.field}: {error.message}") from error
        actor = Actor(
            user=None,
            organisation_id=options["organisation"],
            role=Role.ORGANISATION_ADMIN,
            name="manage.py link_encode",
        )
        content, count = organisation_encodings(actor=actor, key=key)
        options["output"].write_bytes(content)
        self.stdout.write(f"encoded {count} people into {options['output']}")
