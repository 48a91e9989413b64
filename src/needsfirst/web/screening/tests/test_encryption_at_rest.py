"""A dump of the database shows neither the facts of a screening nor its result in clear."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from needsfirst.web.cases.tests.test_encryption_at_rest import dump_database
from needsfirst.web.screening.models import Determination, Screening

pytestmark = pytest.mark.django_db

NOTE = "Kept in the Quibbleworth farmhouse cellar"


def test_facts_notes_and_results_never_reach_the_database_in_clear(
    caseworker_client, open_case, tomatoes
):
    case = open_case()
    facts = {**tomatoes, "means__deception": "yes", "means__deception__note": NOTE}
    caseworker_client.post(reverse("screening:interview", args=[case.uuid]), facts)
    determination = Determination.objects.get()
    assert determination.facts["means"]["deception"]["note"] == NOTE

    dump = dump_database()

    assert "quibbleworth" not in dump.lower()
    assert "0.50 EUR" not in dump  # the arithmetic of the result quotes the pay
    assert "Real Decreto" not in dump
    assert "agriculture" not in dump
    # the label ids stay in clear, for statistics
    assert "exploited_migrant" in dump


def test_the_stored_facts_are_authenticated_tokens(caseworker_client, open_case, tomatoes):
    case = open_case()
    caseworker_client.post(reverse("screening:interview", args=[case.uuid]), tomatoes)
    screening = Screening.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT facts FROM screening_screening WHERE id = %s", [screening.pk])
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT result FROM screening_determination")
        (result,) = cursor.fetchone()
    assert stored.startswith("nf1:")
    assert result.startswith("nf1:")
