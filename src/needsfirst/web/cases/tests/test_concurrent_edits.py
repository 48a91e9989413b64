"""Two caseworkers edit the same record: the second save is refused and loses nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from needsfirst.web.cases.models import Case, CaseStatus, Person
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_the_second_save_of_a_case_gets_a_conflict_and_keeps_its_input(
    caseworker, supervisor, open_case
):
    case = open_case()
    url = reverse("cases:edit", args=[case.uuid])
    first, second = signed_in(caseworker), signed_in(supervisor)
    version = case.version

    saved = first.post(
        url,
        {"status": CaseStatus.SCREENING, "version": version, "assigned_caseworker": caseworker.pk},
    )
    assert saved.status_code == 302

    late = second.post(
        url,
        {
            "status": CaseStatus.CLOSED,
            "version": version,
            "closure_reason": "Moved to another city",
            "assigned_caseworker": "",
        },
    )
    assert late.status_code == 409
    page = late.content.decode()
    assert "Someone else saved this record" in page
    assert "Moved to another city" in page  # what the second caseworker typed is still there
    assert Case.objects.get(pk=case.pk).status == CaseStatus.SCREENING

    again = second.post(
        url,
        {
            "status": CaseStatus.CLOSED,
            "version": version + 1,
            "closure_reason": "Moved to another city",
            "assigned_caseworker": "",
        },
    )
    assert again.status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED


def test_the_second_save_of_personal_details_gets_a_conflict(caseworker, supervisor, open_case):
    case = open_case(first_name="Amara")
    url = reverse("cases:person_edit", args=[case.uuid])
    base = {"first_name": "Amara", "sex": "female", "gender": "Feminine", "version": 1}
    assert signed_in(caseworker).post(url, {**base, "second_name": "Okoro"}).status_code == 302
    late = signed_in(supervisor).post(url, {**base, "second_name": "Okonkwo"})
    assert late.status_code == 409
    assert "Okonkwo" in late.content.decode()
    assert Person.objects.get(pk=case.person.pk).second_name == "Okoro"


def test_a_status_change_that_skips_the_workflow_is_refused(caseworker_client, open_case):
    case = open_case()
    response = caseworker_client.post(
        reverse("cases:edit", args=[case.uuid]),
        {"status": CaseStatus.REOPENED, "version": case.version},
    )
    assert response.status_code == 400
    assert "status" in response.context["form"].errors
    assert Case.objects.get(pk=case.pk).version == case.version
