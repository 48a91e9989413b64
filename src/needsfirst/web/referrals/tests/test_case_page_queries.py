"""The case page lists the case's referrals in a fixed number of queries, however many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.cases.models import CaseShareSection
from needsfirst.web.referrals import services

pytestmark = pytest.mark.django_db


def case_page_queries(client: Client, case_uuid: object) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("cases:detail", args=[case_uuid]))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_case_page_reads_its_referrals_services_together(
    caseworker_client, caseworker, referral, partner_provider
):
    case = referral.case
    case_page_queries(caseworker_client, case.uuid)  # the session's renewal, once a minute
    with_one, _ = case_page_queries(caseworker_client, case.uuid)
    for _ in range(3):
        services.referral_send(
            actor=Actor.for_user(caseworker),
            case=case,
            provider=partner_provider,
            sections=[CaseShareSection.IDENTITY],
            domain="legal",
        )
    with_four, page = case_page_queries(caseworker_client, case.uuid)
    assert with_four == with_one
    assert page.count(partner_provider.name) >= 4
