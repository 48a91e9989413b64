"""Fixtures of the reliability tests: a second, empty database of the same kind."""

from __future__ import annotations

import copy
import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections

TARGET = "second_database"


def database_url(alias: str) -> str:
    """The DATABASE_URL another process needs to reach database `alias`."""
    settings = connections.settings[alias]
    if settings["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings['NAME']}"
    user, password = settings.get("USER") or "", settings.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings['NAME']}"


@pytest.fixture
def empty_database(django_db_blocker: Any) -> Iterator[str]:
    """A second, empty database of the same kind, migrated as `manage.py migrate` would."""
    settings = copy.deepcopy(connections.settings["default"])
    created_postgres = ""
    if settings["ENGINE"].endswith("sqlite3"):
        directory = tempfile.mkdtemp()
        settings["NAME"] = str(Path(directory) / "restored.sqlite3")
    else:
        created_postgres = f"nf_restore_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        with django_db_blocker.unblock(), connections["default"]._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{created_postgres}"')
        settings["NAME"] = created_postgres
    settings["TEST"] = {"NAME": settings["NAME"]}
    connections.settings[TARGET] = settings
    with django_db_blocker.unblock():
        call_command("migrate", database=TARGET, verbosity=0)
    try:
        yield TARGET
    finally:
        with django_db_blocker.unblock():
            connections[TARGET].close()
            del connections[TARGET]
            del connections.settings[TARGET]
            if created_postgres:
                with connections["default"]._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE "{created_postgres}"')
