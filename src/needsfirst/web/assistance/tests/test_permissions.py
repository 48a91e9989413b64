"""Every role, of the holding organisation and of another one, on every needs-first page.

The project-wide matrix (web/tests/test_permission_matrix.py) has rows for these pages too; this
file keeps the cells of this app next to its code.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from needsfirst.web.accounts.models import CASE_ROLES, Role
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db

CASE_PAGES = ["overview", "assess", "action_add", "reflection_start", "cooperation_add"]
CASE_POSTS = [*CASE_PAGES[1:], "category_set"]


def _expected(role: str, holder: bool, allowed: int) -> int:
    if role not in CASE_ROLES:
        return 403
    return allowed if holder else 404


@pytest.mark.parametrize(
    "holder", [True, False], ids=["holding organisation", "other organisation"]
)
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("page", CASE_PAGES)
def test_case_pages_open_to_the_holders_caseworkers_and_supervisors_only(
    page, role, holder, open_case, make_user, shelter, other_ngo
):
    case = open_case()
    user = make_user(role, shelter if holder else other_ngo, f"{role}-{holder}")
    response = signed_in(user).get(reverse(f"assistance:{page}", args=[case.uuid]))
    assert response.status_code == _expected(role, holder, 200)


@pytest.mark.parametrize(
    "holder", [True, False], ids=["holding organisation", "other organisation"]
)
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("page", CASE_POSTS)
def test_writes_are_refused_outside_the_holding_organisation_and_nothing_is_written(
    page, role, holder, open_case, make_user, shelter, other_ngo
):
    case = open_case()
    user = make_user(role, shelter if holder else other_ngo, f"{role}-{holder}")
    response = signed_in(user).post(reverse(f"assistance:{page}", args=[case.uuid]), {})
    assert response.status_code == _expected(role, holder, 400)
    assert not case.needs_assessments.exists()
    assert not case.plan_items.exists()


@pytest.mark.parametrize("role", Role.values)
def test_only_supervisors_see_the_team_page(role, make_user, shelter):
    response = signed_in(make_user(role, shelter)).get(reverse("assistance:team"))
    assert response.status_code == (200 if role == Role.SUPERVISOR else 403)


@pytest.mark.parametrize("role", Role.values)
def test_notifications_are_for_the_roles_that_work_on_cases_and_inspectors(
    role, make_user, shelter
):
    response = signed_in(make_user(role, shelter)).get(reverse("assistance:notifications"))
    readers = CASE_ROLES | {Role.LABOUR_INSPECTOR}  # an inspector's fines and orders until paid
    assert response.status_code == (200 if role in readers else 403)


def test_anonymous_visitors_are_sent_to_sign_in(client, open_case):
    case = open_case()
    response = client.get(reverse("assistance:overview", args=[case.uuid]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
