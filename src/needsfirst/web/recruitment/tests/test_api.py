"""The API of the recruitment area: the same checker and registry as the pages and the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.conftest import signed_in
from needsfirst.web.recruitment.tests.test_registry import _import

pytestmark = pytest.mark.django_db

OFFER = {
    "as_of": "2026-12-01",
    "country_of_work": "QA",
    "sector": "domestic",
    "recruiter": {"name": "Everest Overseas"},
    "wage": {"amount": "800", "currency": "QAR", "period": "month"},
    "passport_held_by": "employer",
}


@pytest.fixture
def inspector(make_user: Callable[..., User], shelter: Organisation) -> User:
    return make_user(Role.LABOUR_INSPECTOR, shelter, "kofi")


def _post(user: User, body: object) -> object:
    return signed_in(user).post(
        "/api/v1/offers/check/", json.dumps(body), content_type="application/json"
    )


def test_the_api_checks_an_offer_and_hears_the_registry(
    inspector: User, make_user: Callable[..., User], shelter: Organisation
) -> None:
    _import(make_user(Role.ORGANISATION_ADMIN, shelter, "registrar"), _registry())
    response = _post(inspector, OFFER)
    assert response.status_code == 200  # type: ignore[attr-defined]
    data = response.json()  # type: ignore[attr-defined]
    rules = {finding["rule"] for finding in data["findings"]}
    assert {"RF05", "RF08", "RF14"} <= rules
    assert data["verdict"] == "flags"


def test_the_api_refuses_bad_terms_naming_the_field(inspector: User) -> None:
    response = _post(
        inspector, {**OFFER, "wage": {"amount": "800", "currency": "ZZZ", "period": "month"}}
    )
    assert response.status_code == 400  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["code"] == "unknown_currency"
    assert "wage.currency" in body["errors"]
    assert _post(inspector, ["not", "an", "object"]).status_code == 400  # type: ignore[attr-defined]


def test_the_api_looks_a_recruiter_up_with_its_status_today(
    inspector: User, make_user: Callable[..., User], shelter: Organisation
) -> None:
    _import(make_user(Role.ORGANISATION_ADMIN, shelter, "registrar"), _registry())
    client = signed_in(inspector)
    data = client.get("/api/v1/recruiters/", {"q": "88-2075"}).json()
    assert data["results"][0]["name"] == "Everest Overseas"
    assert data["results"][0]["status"] == "suspended"
    assert client.get("/api/v1/recruiters/").status_code == 400


def _registry() -> str:
    from needsfirst.web.recruitment.tests.test_registry import GOOD

    return GOOD
