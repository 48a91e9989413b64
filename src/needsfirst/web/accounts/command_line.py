"""What the database halves of `needsfirst` subcommands share (web/exchange/cli.py,
web/dedup/cli.py): Django set up once, and the person on whose behalf the command acts."""

from __future__ import annotations

import os
from typing import Any


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "needsfirst.web.config.settings.local")
    import django
    from django.apps import apps

    # Once is enough: a second setup would configure logging again, onto whatever stream is
    # standard error at that moment (in the tests, a capture that is closed afterwards).
    if not apps.ready:
        django.setup()


def command_line_actor(organisation: str, username: str) -> Any:
    """The active user `username` of the organisation (its UUID), as the command's actor;
    LookupError if there is none (another organisation's user included)."""
    from needsfirst.web.accounts.actor import Actor
    from needsfirst.web.accounts.models import User

    try:
        user = User.objects.filter(
            username=username, organisation__uuid=organisation, is_active=True
        ).first()
    except Exception as error:  # a malformed UUID: the same answer as an unknown one
        raise LookupError("no active user of that name in that organisation") from error
    if user is None:
        raise LookupError("no active user of that name in that organisation")
    return Actor.for_user(user, address="127.0.0.1", user_agent="needsfirst command line")
