from __future__ import annotations

import pytest
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import services
from needsfirst.web.cases.selectors import people_search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spelling", ["Mohammed", "Muhammad", "Mohamed", "Mohammad", "محمد"])
def test_a_name_is_found_under_its_usual_transliterations(caseworker, open_case, spelling):
    case = open_case(first_name="Mohammed", second_name="Al-Rashid")
    open_case(first_name="Olena", second_name="Kovalenko")
    found = people_search(caseworker, f"{spelling} Al Rashid")
    assert found
    assert found[0] == case.person


def test_a_misspelt_name_is_still_found(caseworker, open_case):
    case = open_case(first_name="Oluwaseun", second_name="Adeyemi")
    assert case.person in people_search(caseworker, "Oluwasuen Adeyemi")


def test_an_alias_finds_the_person(caseworker):
    case = services.case_intake(
        actor=Actor.for_user(caseworker),
        person_data={"first_name": "Grace"},
        other_names=[("alias", "Blessing Okafor")],
    )
    assert case.person in people_search(caseworker, "Blessing Okafor")


def test_people_of_another_organisation_are_never_found(
    caseworker, make_user, other_ngo, open_case
):
    open_case(first_name="Yusuf", second_name="Demir")
    outsider = make_user(Role.CASEWORKER, other_ngo, "outsider")
    assert people_search(outsider, "Yusuf Demir") == []


def test_the_search_page_takes_the_name_by_post_so_it_stays_out_of_urls(
    caseworker_client, open_case
):
    open_case(first_name="Yusuf", second_name="Demir")
    response = caseworker_client.post(reverse("cases:search"), {"name": "Youssef Demir"})
    assert response.status_code == 200
    assert "Yusuf Demir" in response.content.decode()
    entry = AuditEntry.objects.filter(action=AuditAction.SEARCH).latest("id")
    assert "Youssef" not in str(entry.detail)
    assert caseworker_client.get(reverse("cases:search"), {"name": "x"}).context["results"] is None


def test_a_search_for_a_single_letter_is_refused_with_a_message(caseworker_client):
    response = caseworker_client.post(reverse("cases:search"), {"name": "M"})
    assert "name" in response.context["form"].errors


def test_a_partner_finds_a_shared_person_only_when_the_identity_was_shared(
    caseworker, make_user, other_ngo, open_case
):
    from datetime import date

    from needsfirst.web.cases.models import CaseShare, Consent

    partner = make_user(Role.CASEWORKER, other_ngo, "partner")
    case = open_case(first_name="Yusuf", second_name="Demir")
    consent = Consent.objects.create(
        case=case,
        kind="data_sharing",
        granted=True,
        purpose="referral",
        recipient=other_ngo,
        method="verbal",
        decided_on=date(2026, 1, 5),
        recorded_by=caseworker,
    )
    share = CaseShare.objects.create(
        case=case, organisation=other_ngo, consent=consent, sections=["events"]
    )
    assert people_search(partner, "Yusuf Demir") == []
    share.sections = ["identity", "events"]
    share.save()
    assert people_search(partner, "Yusuf Demir") == [case.person]
