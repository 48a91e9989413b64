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


def create_user(role: str, organisation: Organisation, username: str | None = None) -> User:
    """A user with the test password and a confirmed second factor. The `make_user` fixture
    hands it to tests; a module-scoped world built outside a test calls it directly."""
    name = username or f"{role}-{organisation.pk}"
    user = User.objects.create_user(
        username=name, password=PASSWORD, role=role, organisation=organisation
    )
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    return create_user


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


def walk_pages(client: Client, url: str, key: str = "page", **params: Any) -> dict[str, Any]:
    """Follow a list's Next links to its end, then its Previous links back to the start, as a
    reader would: the rows seen each way (ids, in the order shown) and the queries of each page.
    `key` names the page in the view's context (the team page has two lists)."""
    import html
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def links(text: str, rel: str) -> dict[str, str]:
        found = {}
        for match in re.finditer(rf'rel="{rel}" href="\?([^"#]*)(#([^"]*))?"', text):
            found[match.group(3) or ""] = html.unescape(match.group(1))
        return found

    anchor = key if key in {"urgent", "overdue"} else ""

    def read(query: str) -> tuple[list[int], str, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}?{query}") if query else client.get(url, params)
        assert response.status_code == 200, response.status_code
        rows = [row.pk for row in response.context[key]]
        return rows, response.content.decode(), len(queries)

    forwards: list[list[int]] = []
    counts: list[int] = []
    # The first page after signing in renews the session (a write, at most once a minute):
    # read once before counting, so every page is counted alike.
    read("")
    rows, text, count = read("")
    forwards.append(rows)
    counts.append(count)
    while anchor in links(text, "next"):
        rows, text, count = read(links(text, "next")[anchor])
        forwards.append(rows)
        counts.append(count)
    backwards = [rows]
    while anchor in links(text, "prev"):
        rows, text, count = read(links(text, "prev")[anchor])
        backwards.append(rows)
        counts.append(count)
    return {
        "forwards": [pk for page in forwards for pk in page],
        "backwards": [pk for page in reversed(backwards) for pk in page],
        "pages": forwards,
        "queries": counts,
    }
