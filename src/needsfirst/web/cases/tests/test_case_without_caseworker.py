"""A case may have no caseworker (the edit form allows clearing it): every page still works."""

from __future__ import annotations

import pytest
from django.urls import reverse

from needsfirst.web.cases.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def unassigned_case(caseworker_client, open_case) -> Case:
    case = open_case()
    response = caseworker_client.post(
        reverse("cases:edit", args=[case.uuid]),
        {"status": case.status, "assigned_caseworker": "", "version": case.version},
    )
    assert response.status_code == 302, response.content[:500]
    case.refresh_from_db()
    assert case.assigned_caseworker is None
    return case


def test_the_case_list_shows_a_case_with_no_caseworker(caseworker_client, unassigned_case):
    response = caseworker_client.get(reverse("cases:list"))
    assert response.status_code == 200
    row = response.content.decode().split(unassigned_case.reference, 1)[1].split("</tr>", 1)[0]
    assert "—" in row


def test_the_filtered_case_list_shows_a_case_with_no_caseworker(caseworker_client, unassigned_case):
    response = caseworker_client.get(reverse("cases:list"), {"status": unassigned_case.status})
    assert response.status_code == 200
    assert unassigned_case.reference in response.content.decode()


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "cases:detail",
        "cases:edit",
        "cases:export_json",
        "cases:export_pdf",
        "assistance:overview",
        "assistance:team",
        "referrals:new",
        "screening:interview",
    ],
)
def test_the_pages_that_show_a_case_work_without_a_caseworker(
    supervisor_client, unassigned_case, page
):
    args = [unassigned_case.uuid] if ":" in page and page != "assistance:team" else []
    response = supervisor_client.get(reverse(page, args=args))
    assert response.status_code == 200
