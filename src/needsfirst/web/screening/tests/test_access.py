"""Screening is for the holding organisation only; a share never opens it.

Every role and organisation cell of the three screening URLs is also in
`web/tests/test_permission_matrix.py`; these tests state the rules that matter most.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import CaseShare, ConsentKind, SharingPurpose
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db

NAMES = ("screening:interview", "screening:decision_add")


@pytest.fixture
def shared_case(open_case, caseworker, other_ngo):
    case = open_case()
    consent = case_services.consent_record(
        actor=Actor.for_user(caseworker),
        case=case,
        data={
            "kind": ConsentKind.DATA_SHARING,
            "granted": True,
            "purpose": SharingPurpose.REFERRAL,
            "recipient": other_ngo,
            "method": "written",
            "decided_on": timezone.localdate(),
        },
    )
    all_sections = ["identity", "contact", "documents", "events", "notes"]
    CaseShare.objects.create(
        case=case, organisation=other_ngo, consent=consent, sections=all_sections
    )
    return case


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR])
@pytest.mark.parametrize("name", NAMES)
def test_a_partner_holding_a_share_of_every_section_gets_not_found(
    role, name, shared_case, make_user, other_ngo
):
    client = signed_in(make_user(role, other_ngo))
    assert client.get(reverse("cases:detail", args=[shared_case.uuid])).status_code == 200
    assert client.get(reverse(name, args=[shared_case.uuid])).status_code == 404
    preview = client.post(reverse("screening:preview", args=[shared_case.uuid]), {})
    assert preview.status_code == 404


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR])
def test_caseworkers_and_supervisors_of_the_holder_open_the_interview(
    role, open_case, make_user, shelter
):
    case = open_case()
    client = signed_in(make_user(role, shelter))
    assert client.get(reverse("screening:interview", args=[case.uuid])).status_code == 200


@pytest.mark.parametrize(
    "role",
    [Role.ANALYST, Role.LABOUR_INSPECTOR, Role.ORGANISATION_ADMIN, Role.SYSTEM_ADMIN],
)
def test_other_roles_of_the_holder_are_refused(role, open_case, make_user, shelter):
    case = open_case()
    client = signed_in(make_user(role, shelter))
    assert client.get(reverse("screening:interview", args=[case.uuid])).status_code == 403


def test_a_stranger_organisation_gets_not_found(open_case, make_user):
    case = open_case()
    stranger = Organisation.objects.create(name="Far NGO", type=OrganisationType.NGO, country="ES")
    client = signed_in(make_user(Role.SUPERVISOR, stranger))
    assert client.get(reverse("screening:interview", args=[case.uuid])).status_code == 404


def test_the_facts_never_travel_in_a_url_the_preview_refuses_get(caseworker_client, open_case):
    case = open_case()
    response = caseworker_client.get(reverse("screening:preview", args=[case.uuid]))
    assert response.status_code == 405
