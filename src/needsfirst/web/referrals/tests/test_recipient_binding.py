"""A referral is bound to the recipient named in the consent when it was sent (issue 8, item 5).

The attack it closes: a caseworker consented for her own organisation and referred to its night
shelter; an administrator re-pointed the directory entry to a partner organisation, the pending
referral followed, and the partner accepted it and read the case under a banner saying it was
shared "with the person's consent".
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.cases.models import CaseShare, CaseShareSection
from needsfirst.web.cases.selectors import case_access, cases_visible_to
from needsfirst.web.cases.services import consent_withdraw
from needsfirst.web.conftest import signed_in
from needsfirst.web.referrals import services
from needsfirst.web.referrals.models import ServiceProvider
from needsfirst.web.referrals.selectors import referral_inbox

from .conftest import NOTE, PHONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def night_shelter(shelter):
    return ServiceProvider.objects.create(
        owner=shelter,
        organisation=shelter,
        in_needsfirst=True,
        name="Night shelter",
        type="shelter",
        domains=["shelter"],
        languages=["it"],
        country="IT",
        city="Palermo",
        eligibility=["any"],
    )


@pytest.fixture
def shelter_admin(make_user, shelter):
    return make_user(Role.ORGANISATION_ADMIN, shelter, "shelter-admin")


def _repoint(admin, provider, organisation):
    services.provider_update(
        actor=Actor.for_user(admin), provider=provider, data={"organisation": organisation}
    )


def test_a_re_pointed_directory_entry_does_not_carry_a_pending_referral_to_the_new_organisation(
    full_case,
    night_shelter,
    caseworker,
    give_consent,
    shelter,
    other_ngo,
    shelter_admin,
    partner_caseworker,
):
    give_consent(full_case, shelter)
    referral = services.referral_send(
        actor=Actor.for_user(caseworker),
        case=full_case,
        provider=night_shelter,
        sections=list(CaseShareSection.values),
        message="She sleeps at the station tonight",
    )
    _repoint(shelter_admin, night_shelter, other_ngo)

    partner = signed_in(partner_caseworker)
    assert referral not in referral_inbox(partner_caseworker)
    assert partner.get(reverse("referrals:detail", args=[referral.uuid])).status_code == 404
    assert partner.post(reverse("referrals:accept", args=[referral.uuid])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=Actor.for_user(partner_caseworker), referral=referral)
    assert not CaseShare.objects.exists()
    assert full_case not in cases_visible_to(partner_caseworker)
    page = partner.get(reverse("cases:detail", args=[full_case.uuid]))
    assert page.status_code == 404
    assert PHONE not in page.content.decode()
    assert NOTE not in page.content.decode()


def test_the_organisation_bound_at_sending_still_answers_after_the_entry_moves(
    full_case,
    partner_provider,
    caseworker,
    give_consent,
    other_ngo,
    shelter,
    partner_caseworker,
    make_user,
):
    give_consent(full_case, other_ngo)
    referral = services.referral_send(
        actor=Actor.for_user(caseworker),
        case=full_case,
        provider=partner_provider,
        sections=["identity"],
    )
    owner_admin = make_user(Role.ORGANISATION_ADMIN, other_ngo, "other-admin")
    _repoint(owner_admin, partner_provider, shelter)
    assert referral in referral_inbox(partner_caseworker)
    services.referral_accept(actor=Actor.for_user(partner_caseworker), referral=referral)
    share = CaseShare.objects.get()
    assert share.organisation == other_ngo
    assert case_access(partner_caseworker, full_case).sections == {"identity"}


def test_an_accept_is_refused_when_the_consent_was_withdrawn_between_sending_and_answering(
    referral, caseworker, partner_caseworker
):
    consent_withdraw(
        actor=Actor.for_user(caseworker), consent=referral.consent, on=referral.consent.decided_on
    )
    with pytest.raises(ValidationError, match="withdrew"):
        services.referral_accept(actor=Actor.for_user(partner_caseworker), referral=referral)
    assert not CaseShare.objects.exists()


def test_a_share_to_an_organisation_the_consent_does_not_name_opens_nothing(
    referral, partner_caseworker, shelter, full_case
):
    """Even a share written wrongly (before the fix, or by hand) is inert: it must rest on a
    consent naming the same organisation."""
    services.referral_accept(actor=Actor.for_user(partner_caseworker), referral=referral)
    consent = referral.consent
    consent.recipient = shelter
    consent.save(update_fields=["recipient"])
    assert full_case not in cases_visible_to(partner_caseworker)
    assert case_access(partner_caseworker, full_case).sections == frozenset()


def test_a_partner_moved_to_another_organisation_no_longer_sees_the_shared_case(
    referral, partner_caseworker, shelter, full_case
):
    services.referral_accept(actor=Actor.for_user(partner_caseworker), referral=referral)
    assert full_case in cases_visible_to(partner_caseworker)
    from needsfirst.web.accounts.models import Organisation

    elsewhere = Organisation.objects.create(name="Elsewhere", country="IT")
    partner_caseworker.organisation = elsewhere
    partner_caseworker.save()
    client = signed_in(partner_caseworker)
    assert client.get(reverse("cases:detail", args=[full_case.uuid])).status_code == 404
    assert client.get(reverse("referrals:detail", args=[referral.uuid])).status_code == 404


def test_the_migration_binds_sent_referrals_and_revokes_shares_the_consent_does_not_cover(
    full_case, night_shelter, caseworker, give_consent, shelter, other_ngo
):
    """What the bypass left behind before the fix: a referral following its re-pointed entry
    and a share to an organisation the consent never named."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "needsfirst.web.referrals.migrations.0002_referral_bound_recipient"
    )
    consent = give_consent(full_case, shelter)
    referral = services.referral_send(
        actor=Actor.for_user(caseworker),
        case=full_case,
        provider=night_shelter,
        sections=["identity"],
    )
    ServiceProvider.objects.filter(pk=night_shelter.pk).update(organisation=other_ngo)
    # As the old code left it: the referral resting on the consent naming the holder, unbound
    # (it followed the entry), and a share to the organisation the entry now names.
    referral.__class__.objects.filter(pk=referral.pk).update(
        recipient=None, consent=consent, provider_snapshot={}
    )
    stray = CaseShare.objects.create(
        case=full_case, organisation=other_ngo, consent=consent, sections=["identity"]
    )
    migration.bind_sent_referrals(apps, None)
    referral.refresh_from_db()
    stray.refresh_from_db()
    assert referral.recipient == shelter
    assert referral.provider_snapshot["name"] == "Night shelter"
    assert stray.revoked_at is not None


def test_a_caseworker_moved_out_of_the_holding_organisation_can_neither_refer_nor_follow_up(
    referral, caseworker, other_ngo, full_case, partner_provider
):
    caseworker.organisation = other_ngo
    caseworker.save()
    client = signed_in(caseworker)
    assert client.get(reverse("referrals:new", args=[full_case.uuid])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.referral_send(
            actor=Actor.for_user(caseworker),
            case=full_case,
            provider=partner_provider,
            sections=["identity"],
        )
    with pytest.raises(PermissionDenied):
        services.referral_close(
            actor=Actor.for_user(caseworker), referral=referral, outcome="service_received"
        )


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ORGANISATION_ADMIN, Role.LABOUR_INSPECTOR])
def test_other_roles_of_the_bound_recipient_cannot_accept(referral, make_user, other_ngo, role):
    user = make_user(role, other_ngo, f"partner-{role}")
    with pytest.raises(PermissionDenied):
        services.referral_accept(actor=Actor.for_user(user), referral=referral)
    response = signed_in(user).post(reverse("referrals:accept", args=[referral.uuid]))
    assert response.status_code == 403
    assert not CaseShare.objects.exists()


def test_an_accepted_share_closes_when_the_consent_is_withdrawn_even_if_the_entry_moves_back(
    referral, partner_caseworker, caseworker, make_user, other_ngo, shelter, full_case
):
    services.referral_accept(actor=Actor.for_user(partner_caseworker), referral=referral)
    admin = make_user(Role.ORGANISATION_ADMIN, other_ngo, "other-admin")
    _repoint(admin, referral.provider, shelter)
    _repoint(admin, referral.provider, other_ngo)
    consent = referral.consent
    consent_withdraw(actor=Actor.for_user(caseworker), consent=consent, on=consent.decided_on)
    assert full_case not in cases_visible_to(partner_caseworker)
    assert CaseShare.objects.get().revoked_at is not None
