"""Let a locked-out user sign in again: `manage.py unlock_account USERNAME`.

For a system administrator on the server, when no administrator of the user's organisation can
(docs/security.md, "Locked out"). Clears the lockout from every address and the throttles of the
second factor; the unlock is audited. It does not change the password: `manage.py
changepassword USERNAME` does, and must follow if someone else may know it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.accounts.services import account_unlock


class Command(BaseCommand):
    help = "Clear the sign-in lockout and the second-factor throttles of one user (audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as error:
            raise CommandError(f"No user named {options['username']!r}.") from error
        cleared = account_unlock(actor=Actor.system("unlock_account"), user=user, via="command")
        self.stdout.write(
            f"{user.username} can sign in again: {cleared['attempts']} lockout record(s) and "
            f"{cleared['devices']} throttled device(s) cleared. If someone else may know the "
            f"password, run: manage.py changepassword {user.username}"
        )
