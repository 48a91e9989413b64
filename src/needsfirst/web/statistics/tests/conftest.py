"""Cases counted by the statistics in two organisations (their consent allows it)."""

from __future__ import annotations

import pytest

from needsfirst.web.accounts.models import Role
from needsfirst.web.statistics.tests.test_dashboard import consent


@pytest.fixture
def shelter_cases(open_case, caseworker):
    for number in range(12):
        consent(open_case(first_name=f"Person{number}", gender="Feminine"), caseworker)


@pytest.fixture
def ngo_cases(open_case, make_user, other_ngo):
    worker = make_user(Role.CASEWORKER, other_ngo, "ngo-worker")
    for number in range(12):
        consent(open_case(first_name=f"Other{number}", gender="Masculine", by=worker), worker)
