"""Reads of the statistics tables go to a read replica when one is configured.

`DATABASE_REPLICA_URL` adds a database alias `replica` (a streaming replica of the primary).
The dashboard's and the releases' aggregates (`CaseFacts`, `StatisticsCount`) are then read
there, so long aggregate queries never compete with the caseworkers' writes. Everything else
stays on the primary: the case pages read what was just written, and a replica lags. Nothing
is ever written to the replica, and it is never migrated (it copies the primary's schema).

Inside a transaction on the primary the statistics tables are read there too, so a write that
reads its own rows back (a consent moving the counts by one) never reads a stale copy.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
# (app label, model name) of the tables read from the replica.
REPLICA_MODELS = frozenset({("statistics", "casefacts"), ("statistics", "statisticscount")})


def replica_configured() -> bool:
    return REPLICA in connections.settings


def _on_replica(model: Any) -> bool:
    return (model._meta.app_label, model._meta.model_name) in REPLICA_MODELS


class StatisticsReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if not replica_configured():
            return None
        if _on_replica(model) and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA
        # Named, so that a record related to one read on the replica is still read here.
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS if replica_configured() else None

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows as the primary.
        return True if replica_configured() else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
