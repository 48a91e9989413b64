"""Erasing a person blanks their screening facts and results, and the pages still open."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from needsfirst.web.screening.models import Determination, Screening

pytestmark = pytest.mark.django_db


def test_a_saved_screening_is_exported_then_erased(
    caseworker_client, supervisor_client, open_case, tomatoes
):
    case = open_case(first_name="Amara")
    saved = caseworker_client.post(reverse("screening:interview", args=[case.uuid]), tomatoes)
    assert saved.status_code == 302
    export = caseworker_client.get(reverse("cases:export_json", args=[case.uuid]))
    exported = json.loads(export.content)["cases"][0]
    assert exported["screenings"][0]["facts"]
    assert exported["screening_determinations"][0]["rules_version"]

    supervisor_client.post(reverse("cases:erase", args=[case.uuid]), {"confirm": case.reference})

    assert Screening.objects.get(case=case).facts == {}
    determination = Determination.objects.get(screening__case=case)
    assert (determination.facts, determination.result) == ({}, {})
    page = supervisor_client.get(reverse("screening:interview", args=[case.uuid]))
    assert page.status_code == 200
