"""The directory: searchable by need, language and place; admins keep their own entries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from needsfirst.web.accounts.models import Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in
from needsfirst.web.referrals.models import ServiceProvider
from needsfirst.web.referrals.selectors import providers_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(partner_provider, outside_provider):
    return partner_provider, outside_provider


def _names(providers):
    return sorted(p.name for p in providers)


def test_it_finds_services_by_need(directory):
    assert _names(providers_search(domain="legal")) == ["Other NGO legal clinic"]
    assert _names(providers_search(domain="medical_urgent")) == ["Outside clinic"]
    assert providers_search(domain="shelter") == []


def test_it_finds_services_by_language(directory):
    assert _names(providers_search(language="ar")) == ["Other NGO legal clinic"]
    assert _names(providers_search(language="it")) == ["Outside clinic"]


def test_it_finds_services_by_place(directory):
    assert _names(providers_search(country="it", city="palermo")) == ["Other NGO legal clinic"]
    assert providers_search(country="FR") == []


def test_it_leaves_out_unlisted_services(directory):
    ServiceProvider.objects.filter(name="Outside clinic").update(active=False)
    assert _names(providers_search()) == ["Other NGO legal clinic"]


@pytest.mark.parametrize("role", Role.values)
def test_every_staff_role_searches_the_directory_by_get(role, directory, make_user, other_ngo):
    client = signed_in(make_user(role, other_ngo))
    page = client.get(reverse("referrals:directory"), {"need": "legal", "language": "ar"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Other NGO legal clinic" in text
    assert "Outside clinic" not in text


def test_a_bad_filter_is_a_field_error_not_a_500(directory, caseworker):
    page = signed_in(caseworker).get(reverse("referrals:directory"), {"need": "telepathy"})
    assert page.status_code == 400
    assert "Select a valid choice" in page.content.decode()


def test_an_organisation_admin_adds_an_entry_of_its_own_organisation(make_user, shelter):
    admin = make_user(Role.ORGANISATION_ADMIN, shelter)
    response = signed_in(admin).post(
        reverse("referrals:provider_new"),
        {
            "name": "Night shelter for men",
            "type": "shelter",
            "domains": ["shelter", "food_and_material"],
            "languages": ["en", "fr"],
            "country": "IT",
            "city": "Messina",
            "eligibility": ["men"],
            "capacity": "12",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content[:500]
    provider = ServiceProvider.objects.get()
    assert provider.owner == shelter
    assert provider.in_needsfirst is False
    assert provider.outside
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_id=str(provider.uuid)
    ).exists()


def test_a_bad_entry_names_each_field(make_user, shelter):
    admin = make_user(Role.ORGANISATION_ADMIN, shelter)
    response = signed_in(admin).post(
        reverse("referrals:provider_new"),
        {"name": "", "type": "spaceship", "country": "XX", "capacity": "-1", "in_needsfirst": "on"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    for field in ("name", "type", "country", "capacity", "domains", "eligibility", "organisation"):
        assert field in form.errors
    assert not ServiceProvider.objects.exists()


def test_an_organisation_admin_cannot_edit_another_organisations_entry(
    make_user, shelter, partner_provider
):
    admin = make_user(Role.ORGANISATION_ADMIN, shelter)
    url = reverse("referrals:provider_edit", args=[partner_provider.uuid])
    assert signed_in(admin).get(url).status_code == 404


def test_a_caseworker_cannot_add_an_entry(caseworker):
    assert signed_in(caseworker).get(reverse("referrals:provider_new")).status_code == 403
