"""Fixtures of the API tests: the systems of the shelter and of a partner NGO, and the partner's
listed service."""

from __future__ import annotations

from typing import Any

import pytest

from needsfirst.web.accounts.models import Role, User
from needsfirst.web.api.tests.callers import Caller
from needsfirst.web.referrals.models import ServiceProvider


@pytest.fixture
def shelter_admin(make_user: Any, shelter: Any) -> User:
    return make_user(Role.ORGANISATION_ADMIN, shelter, "shelter-admin")


@pytest.fixture
def shelter_system(shelter_admin: User) -> Caller:
    return Caller(shelter_admin)


@pytest.fixture
def partner_system(make_user: Any, other_ngo: Any) -> Caller:
    return Caller(make_user(Role.ORGANISATION_ADMIN, other_ngo, "partner-admin"))


@pytest.fixture
def partner_service(other_ngo: Any) -> ServiceProvider:
    return ServiceProvider.objects.create(
        owner=other_ngo,
        organisation=other_ngo,
        in_needsfirst=True,
        name="Partner legal clinic",
        type="legal",
        domains=["legal"],
        languages=["it"],
        country="IT",
        city="Palermo",
        eligibility=["any"],
    )


@pytest.fixture
def reachable(settings: Any) -> None:
    """The partner's host stands for a public one (the tests have no DNS)."""
    settings.WEBHOOKS_ALLOW_PRIVATE = True
