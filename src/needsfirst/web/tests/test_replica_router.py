"""The read replica for statistics (config/routers.py): the statistics tables are read there
when DATABASE_REPLICA_URL is set, nothing is written there, and the case pages stay on the
primary. The last tests put a second real database behind the `replica` alias."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections, router, transaction

from needsfirst.web.accounts.models import User
from needsfirst.web.cases.models import Case, CaseNote, Person
from needsfirst.web.common.tests.conftest import empty_database  # noqa: F401 (a fixture)
from needsfirst.web.config.routers import REPLICA, StatisticsReplicaRouter
from needsfirst.web.statistics import selectors
from needsfirst.web.statistics.counts import TOTAL, rebuild_counts
from needsfirst.web.statistics.models import CaseFacts, PartnerRelease, StatisticsCount


@pytest.fixture
def replica_alias() -> Iterator[None]:
    """`replica` configured as DATABASE_REPLICA_URL would (the same database here)."""
    connections.settings[REPLICA] = copy.deepcopy(connections.settings["default"])
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


def test_without_a_replica_every_read_and_write_goes_to_the_one_database() -> None:
    for model in (CaseFacts, StatisticsCount, Case, Person):
        assert router.db_for_read(model) == "default"
        assert router.db_for_write(model) == "default"


@pytest.mark.usefixtures("replica_alias")
def test_with_a_replica_the_statistics_tables_are_read_there_and_written_on_the_primary() -> None:
    assert router.db_for_read(CaseFacts) == REPLICA
    assert router.db_for_read(StatisticsCount) == REPLICA
    assert router.db_for_write(CaseFacts) == "default"
    assert router.db_for_write(StatisticsCount) == "default"


@pytest.mark.usefixtures("replica_alias")
def test_the_case_pages_and_a_releases_own_record_stay_on_the_primary() -> None:
    for model in (Case, Person, CaseNote, User, PartnerRelease):
        assert router.db_for_read(model) == "default"
        assert router.db_for_write(model) == "default"


@pytest.mark.usefixtures("replica_alias")
def test_inside_a_write_the_statistics_tables_are_read_on_the_primary(db: Any) -> None:
    # The test's own transaction is open, as a write's would be.
    assert connections["default"].in_atomic_block
    assert router.db_for_read(StatisticsCount) == "default"
    with transaction.atomic():
        assert router.db_for_read(CaseFacts) == "default"


def test_the_replica_is_never_migrated() -> None:
    decide = StatisticsReplicaRouter().allow_migrate
    assert decide(REPLICA, "statistics") is False
    assert decide("default", "statistics") is None


@pytest.fixture
def real_replica(request: pytest.FixtureRequest) -> Iterator[str]:
    """A second database, migrated, behind the `replica` alias: rows put there only show
    which database each read went to."""
    second = request.getfixturevalue("empty_database")
    connections.settings[REPLICA] = copy.deepcopy(connections.settings[second])
    try:
        yield REPLICA
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_reads_its_counts_from_the_replica_and_cases_from_the_primary(
    real_replica: str, django_db_blocker: Any
) -> None:
    with django_db_blocker.unblock():
        StatisticsCount.objects.using(real_replica).create(dimension=TOTAL, value="", count=42)
        assert sum(n for _value, n in selectors.counts(TOTAL)) == 42
        assert not StatisticsCount.objects.using("default").exists()
        # The cases counted beside it are the primary's (none here, none there).
        assert selectors.not_counted_total() == 0 - 42


@pytest.mark.django_db(transaction=True)
def test_rebuilding_the_counts_reads_and_writes_the_primary_only(
    real_replica: str, django_db_blocker: Any
) -> None:
    with django_db_blocker.unblock():
        StatisticsCount.objects.using(real_replica).create(dimension=TOTAL, value="", count=7)
        rebuild_counts()
        primary = StatisticsCount.objects.using("default").get(dimension=TOTAL)
        assert primary.count == 0  # the primary holds no counted case
        assert StatisticsCount.objects.using(real_replica).get(dimension=TOTAL).count == 7
