"""Designate an organisation as the competent authority of a jurisdiction's referral mechanism:
`manage.py nrm_designate "Single Competent Authority" GB-ENG`.

For a system administrator: the organisation must be of the type "competent authority" and
needsfirst must hold the jurisdiction's mechanism (law/data/jurisdictions/<country>/nrm.yaml).
The designation is audited.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation
from needsfirst.web.nrm.services import authority_designate


class Command(BaseCommand):
    help = "Designate an organisation as the NRM competent authority of a jurisdiction (audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="the organisation's name")
        parser.add_argument("jurisdiction", help="e.g. GB-ENG, GB-WLS, GB-SCT, GB-NIR")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = Organisation.objects.get(name=options["organisation"])
        except Organisation.DoesNotExist as error:
            raise CommandError(f"No organisation named {options['organisation']!r}.") from error
        try:
            designation = authority_designate(
                actor=Actor.system("nrm_designate"),
                organisation=organisation,
                jurisdiction=options["jurisdiction"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{organisation.name} decides for {designation.jurisdiction}.")
