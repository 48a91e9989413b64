"""Fixtures of the NRM tests: a competent authority for England, its coordinator, a case whose
person consented to be referred to it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import Case, Consent, ConsentKind, SharingPurpose
from needsfirst.web.nrm.models import CompetentAuthority, NrmReferral


@pytest.fixture
def authority_org(db: Any) -> Organisation:
    return Organisation.objects.create(
        name="Single Competent Authority",
        type=OrganisationType.COMPETENT_AUTHORITY,
        country="GB",
    )


@pytest.fixture
def authority(authority_org: Organisation) -> CompetentAuthority:
    return CompetentAuthority.objects.create(organisation=authority_org, jurisdiction="GB-ENG")


@pytest.fixture
def other_authority(db: Any) -> CompetentAuthority:
    org = Organisation.objects.create(
        name="Scottish Authority", type=OrganisationType.COMPETENT_AUTHORITY, country="GB"
    )
    return CompetentAuthority.objects.create(organisation=org, jurisdiction="GB-SCT")


@pytest.fixture
def coordinator(make_user: Callable[..., User], authority_org: Organisation) -> User:
    return make_user(Role.SUPERVISOR, authority_org, "coordinator")


@pytest.fixture
def other_coordinator(make_user: Callable[..., User], other_authority: CompetentAuthority) -> User:
    return make_user(Role.SUPERVISOR, other_authority.organisation, "other-coordinator")


@pytest.fixture
def case_for_nrm(open_case: Callable[..., Case]) -> Case:
    case = open_case("Amal", "Haddad", citizenship=["SY"], primary_language="ar", estimated_age=30)
    return case


@pytest.fixture
def consent_to_authority(
    caseworker: User, case_for_nrm: Case, authority: CompetentAuthority
) -> Consent:
    return case_services.consent_record(
        actor=Actor.for_user(caseworker),
        case=case_for_nrm,
        data={
            "kind": ConsentKind.DATA_SHARING,
            "granted": True,
            "purpose": SharingPurpose.REFERRAL,
            "recipient": authority.organisation,
            "method": "written",
            "decided_on": timezone.localdate(),
        },
    )


REFERRAL_DATA = {
    "exploitation": "labour",
    "account": "Worked 16 hours a day in a car wash; passport kept by the employer.",
}


@pytest.fixture
def referred(
    caseworker: User,
    case_for_nrm: Case,
    authority: CompetentAuthority,
    consent_to_authority: Consent,
) -> NrmReferral:
    from needsfirst.web.nrm import services

    return services.nrm_refer(
        actor=Actor.for_user(caseworker), case=case_for_nrm, authority=authority, data=REFERRAL_DATA
    )


def backdate(referral: NrmReferral, days: int) -> None:
    """As if the referral had arrived `days` ago (the service dates it today)."""
    NrmReferral.objects.filter(pk=referral.pk).update(
        received_on=timezone.localdate() - timedelta(days=days)
    )
    referral.refresh_from_db()
