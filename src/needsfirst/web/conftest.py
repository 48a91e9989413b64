"""Shared fixtures of the web tests: organisations, users of every role, signed-in clients."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User
from needsfirst.web.accounts.reauth import SESSION_KEY as REAUTH_SESSION_KEY
from needsfirst.web.cases import services
from needsfirst.web.cases.models import Case

PASSWORD = "a-long-test-password-42"


@pytest.fixture(autouse=True)
def _each_test_starts_in_english() -> Any:
    """A page asked for in another language leaves that language active in the thread; without
    this, the next test would read Spanish where it expects English."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def shelter(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="Test Shelter", type=OrganisationType.SHELTER, country="IT"
    )


@pytest.fixture
def other_ngo(db: Any) -> Organisation:
    return Organisation.objects.create(name="Other NGO", type=OrganisationType.NGO, country="IT")


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    def make(role: str, organisation: Organisation, username: str | None = None) -> User:
        name = username or f"{role}-{organisation.pk}"
        user = User.objects.create_user(
            username=name, password=PASSWORD, role=role, organisation=organisation
        )
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        return user

    return make


def signed_in(user: User) -> Client:
    """A client past both factors, as after a real sign-in."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session[REAUTH_SESSION_KEY] = int(time.time())  # the sign-in's second step sets it
    session.save()
    return client


@pytest.fixture
def caseworker(make_user: Callable[..., User], shelter: Organisation) -> User:
    return make_user(Role.CASEWORKER, shelter, "caseworker")


@pytest.fixture
def supervisor(make_user: Callable[..., User], shelter: Organisation) -> User:
    return make_user(Role.SUPERVISOR, shelter, "supervisor")


@pytest.fixture
def caseworker_client(caseworker: User) -> Client:
    return signed_in(caseworker)


@pytest.fixture
def supervisor_client(supervisor: User) -> Client:
    return signed_in(supervisor)


@pytest.fixture
def open_case(caseworker: User) -> Callable[..., Case]:
    def make(first_name: str = "Mohammed", second_name: str = "Testperson", **extra: Any) -> Case:
        return services.case_intake(
            actor=Actor.for_user(extra.pop("by", caseworker)),
            person_data={"first_name": first_name, "second_name": second_name, **extra},
        )

    return make
