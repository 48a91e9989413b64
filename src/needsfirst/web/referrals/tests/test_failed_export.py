"""A printed referral form that could not be made is not on the record as exported."""

from __future__ import annotations

import pytest
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in
from needsfirst.web.referrals import services, views

pytestmark = pytest.mark.django_db


def test_a_referral_form_that_fails_to_print_is_not_audited_as_exported(
    full_case, outside_provider, give_consent, other_ngo, caseworker, monkeypatch
):
    give_consent(full_case, other_ngo)
    referral = services.referral_send(
        actor=Actor.for_user(caseworker),
        case=full_case,
        provider=outside_provider,
        sections=["identity"],
        message="",
    )

    def broken(title, sections, **kwargs):
        raise RuntimeError("the form could not be drawn")

    monkeypatch.setattr(views, "referral_form_pdf", broken)
    client = signed_in(caseworker)
    client.raise_request_exception = False
    response = client.get(reverse("referrals:pdf", args=[referral.uuid]))
    assert response.status_code == 500
    assert not AuditEntry.objects.filter(
        action=AuditAction.EXPORT, object_id=str(referral.uuid)
    ).exists()
