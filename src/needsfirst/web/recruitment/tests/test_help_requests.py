"""Asking for help: stored only with consent, addressed to the partner covering the country,
visible only to that organisation, contact details encrypted at rest."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in
from needsfirst.web.recruitment.models import HelpRequest

pytestmark = pytest.mark.django_db

PHONE = "+974 5555 0101"
REQUEST = {
    "country": "QA",
    "channel": "whatsapp",
    "contact": PHONE,
    "safe_times": "Fridays after 4 pm",
    "name": "Sita",
    "message": "My passport was taken.",
    "rules": "RF01,RF05,XX99",
    "consent": "on",
}


@pytest.fixture
def doha_ngo() -> Organisation:
    return Organisation.objects.create(
        name="Doha Migrant Help", type=OrganisationType.NGO, country="QA"
    )


def test_without_consent_nothing_is_stored() -> None:
    response = Client().post(reverse("check:help"), {**REQUEST, "consent": ""})
    assert response.status_code == 400
    assert HelpRequest.objects.count() == 0


def test_with_consent_the_partner_in_the_country_gets_the_request_and_the_person_a_reference(
    doha_ngo: Organisation,
) -> None:
    response = Client().post(reverse("check:help") + "?lang=ar", REQUEST)
    assert response.status_code == 200
    (sent,) = HelpRequest.objects.all()
    assert sent.organisation == doha_ngo
    assert sent.reference in response.content.decode()
    assert sent.check_rules == ["RF01", "RF05"]
    assert sent.language == "ar"
    assert sent.consent_text.startswith("أوافق على أن تتلقى منظمة شريكة")  # as she read it
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="helprequest").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact, name FROM recruitment_helprequest")
        raw_contact, raw_name = cursor.fetchone()
    assert PHONE not in raw_contact
    assert "Sita" not in raw_name


def test_where_no_partner_works_nothing_is_stored_and_the_person_is_told() -> None:
    response = Client().post(reverse("check:help"), REQUEST)
    assert response.status_code == 200
    assert "No partner organisation works in this country" in response.content.decode()
    assert HelpRequest.objects.count() == 0


def test_only_the_partner_sees_the_request_and_each_view_is_audited(
    doha_ngo: Organisation, other_ngo: Organisation, make_user: Callable[..., User]
) -> None:
    Client().post(reverse("check:help"), REQUEST)
    sent = HelpRequest.objects.get()
    partner = signed_in(make_user(Role.CASEWORKER, doha_ngo))
    assert sent.reference in partner.get(reverse("recruitment:help_list")).content.decode()
    page = partner.get(reverse("recruitment:help_detail", args=[sent.uuid])).content.decode()
    assert PHONE in page
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(sent.uuid)).exists()
    stranger = signed_in(make_user(Role.CASEWORKER, other_ngo))
    assert sent.reference not in stranger.get(reverse("recruitment:help_list")).content.decode()
    refused = stranger.get(reverse("recruitment:help_detail", args=[sent.uuid]))
    assert refused.status_code == 404


def test_the_offer_result_links_to_help_with_the_rules_only() -> None:
    from needsfirst.web.recruitment.tests.test_public_pages import SITA

    page = Client().post(reverse("check:offer"), SITA).content.decode()
    assert "/check/help/?lang=en&amp;rules=RF01%2C" in page
    assert "Himalayan" not in page.split("/check/help/")[1].split('"')[0]


def test_the_partner_opens_a_case_from_the_request_with_the_contact_and_the_problems_found(
    doha_ngo: Organisation, other_ngo: Organisation, make_user: Callable[..., User]
) -> None:
    from needsfirst.web.cases.models import Case

    Client().post(reverse("check:help"), REQUEST)
    sent = HelpRequest.objects.get()
    partner = signed_in(make_user(Role.CASEWORKER, doha_ngo))
    stranger = signed_in(make_user(Role.CASEWORKER, other_ngo))
    url = reverse("recruitment:help_open_case", args=[sent.uuid])
    assert stranger.post(url).status_code == 404
    response = partner.post(url)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.organisation == doha_ngo
    assert PHONE in case.person.safe_contact
    note = case.notes.get().body
    assert sent.reference in note
    assert "RF01, RF05" in note
    assert "My passport was taken." in note
    assert partner.post(url).status_code == 302  # once only
    assert Case.objects.count() == 1
    sent.refresh_from_db()
    assert sent.case == case


def test_a_request_without_a_name_opens_a_case_under_its_reference(
    doha_ngo: Organisation, make_user: Callable[..., User]
) -> None:
    from needsfirst.web.cases.models import Case

    Client().post(reverse("check:help"), {**REQUEST, "name": ""})
    sent = HelpRequest.objects.get()
    partner = signed_in(make_user(Role.CASEWORKER, doha_ngo))
    assert partner.post(reverse("recruitment:help_open_case", args=[sent.uuid])).status_code == 302
    assert Case.objects.get().person.first_name == sent.reference


def test_a_request_that_became_a_case_is_in_the_subject_access_export_and_erased_with_the_person(
    doha_ngo: Organisation, make_user: Callable[..., User]
) -> None:
    from needsfirst.web.accounts.actor import Actor
    from needsfirst.web.cases import services as case_services
    from needsfirst.web.cases.exports import case_related_data
    from needsfirst.web.cases.models import Case

    Client().post(reverse("check:help"), REQUEST)
    sent = HelpRequest.objects.get()
    caseworker = make_user(Role.CASEWORKER, doha_ngo)
    signed_in(caseworker).post(reverse("recruitment:help_open_case", args=[sent.uuid]))
    case = Case.objects.get()
    exported = case_related_data(case)["help_requests"]
    assert [row["contact"] for row in exported] == [PHONE]
    supervisor = make_user(Role.SUPERVISOR, doha_ngo)
    case_services.person_erase(actor=Actor.for_user(supervisor), person=case.person)
    sent.refresh_from_db()
    assert PHONE not in sent.contact
    assert "My passport was taken." not in sent.message
