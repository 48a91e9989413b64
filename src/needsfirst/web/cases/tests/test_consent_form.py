"""Recording a consent: given or declined is an explicit choice, never a default."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.cases.models import Consent

pytestmark = pytest.mark.django_db


def assistance_consent(**change: object) -> dict[str, object]:
    data = {
        "kind": "assistance",
        "method": "verbal",
        "decided_on": timezone.localdate().isoformat(),
    }
    data.update(change)
    return data


def test_the_form_offers_given_and_declined_with_neither_chosen(caseworker_client, open_case):
    case = open_case()
    page = caseworker_client.get(reverse("cases:consent_add", args=[case.uuid])).content.decode()
    radios = re.findall(r'<input type="radio" name="granted"[^>]*>', page)
    assert [re.search(r'value="(\w+)"', radio).group(1) for radio in radios] == [
        "given",
        "declined",
    ]
    assert not any("checked" in radio for radio in radios)
    assert "Untick if the person declined" not in page


def test_the_date_of_the_decision_defaults_to_today(caseworker_client, open_case):
    case = open_case()
    page = caseworker_client.get(reverse("cases:consent_add", args=[case.uuid])).content.decode()
    field = re.search(r'<input type="date" name="decided_on"[^>]*>', page).group(0)
    assert f'value="{timezone.localdate().isoformat()}"' in field


def test_saving_without_choosing_records_nothing_and_asks_for_the_decision(
    caseworker_client, open_case
):
    case = open_case()
    response = caseworker_client.post(
        reverse("cases:consent_add", args=[case.uuid]), assistance_consent()
    )
    assert response.status_code == 400
    assert "granted" in response.context["form"].errors
    assert "Say whether the person gave or declined consent." in response.content.decode()
    assert not Consent.objects.filter(case=case).exists()


@pytest.mark.parametrize(("choice", "granted"), [("given", True), ("declined", False)])
def test_the_choice_is_recorded_as_made(caseworker_client, open_case, choice, granted):
    case = open_case()
    response = caseworker_client.post(
        reverse("cases:consent_add", args=[case.uuid]), assistance_consent(granted=choice)
    )
    assert response.status_code == 302
    assert Consent.objects.get(case=case).granted is granted


@pytest.mark.parametrize("value", ["on", "yes", "true", "maybe"])
def test_anything_but_given_or_declined_is_refused(caseworker_client, open_case, value):
    case = open_case()
    response = caseworker_client.post(
        reverse("cases:consent_add", args=[case.uuid]), assistance_consent(granted=value)
    )
    assert response.status_code == 400
    assert "granted" in response.context["form"].errors
    assert not Consent.objects.filter(case=case).exists()
