"""Attacker tests: the competent authority reads only what a referral carries, bound to that
authority and that consent; every refusal is audited. Nothing is written on a refusal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import services as case_services
from needsfirst.web.conftest import signed_in
from needsfirst.web.nrm import selectors, services
from needsfirst.web.nrm.models import NrmDecision, NrmKind, NrmReferral, Stage
from needsfirst.web.nrm.tests.conftest import REFERRAL_DATA
from needsfirst.web.screening.models import AuthorityDecision

pytestmark = pytest.mark.django_db


def denied(view: str) -> int:
    return AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, detail__view=view).count()


def decide(user: Any, referral: Any) -> NrmDecision:
    return services.nrm_decide(
        actor=Actor.for_user(user),
        referral_uuid=referral.uuid,
        stage=Stage.REASONABLE_GROUNDS,
        positive=True,
        decided_on=timezone.localdate(),
        evidence="The account.",
        reasons="Consistent.",
    )


def test_an_adult_without_consent_is_not_referred_and_the_attempt_is_audited(
    caseworker: Any, case_for_nrm: Any, authority: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        services.nrm_refer(
            actor=Actor.for_user(caseworker),
            case=case_for_nrm,
            authority=authority,
            data=REFERRAL_DATA,
        )
    assert "anonymous notification" in str(error.value)
    assert not NrmReferral.objects.exists()
    assert denied("nrm_refer") == 1


def test_a_consent_to_another_recipient_does_not_open_a_referral(
    caseworker: Any, case_for_nrm: Any, authority: Any, other_ngo: Any
) -> None:
    case_services.consent_record(
        actor=Actor.for_user(caseworker),
        case=case_for_nrm,
        data={
            "kind": "data_sharing",
            "granted": True,
            "purpose": "referral",
            "recipient": other_ngo,
            "method": "written",
            "decided_on": timezone.localdate(),
        },
    )
    with pytest.raises(ValidationError):
        services.nrm_refer(
            actor=Actor.for_user(caseworker),
            case=case_for_nrm,
            authority=authority,
            data=REFERRAL_DATA,
        )
    assert not NrmReferral.objects.exists()


def test_a_child_is_referred_without_consent(
    caseworker: Any, case_for_nrm: Any, authority: Any
) -> None:
    referral = services.nrm_refer(
        actor=Actor.for_user(caseworker),
        case=case_for_nrm,
        authority=authority,
        data={**REFERRAL_DATA, "child": True},
    )
    assert referral.consent is None
    assert selectors.readable_by_authority(referral)


def test_a_child_is_not_referred_without_consent_where_the_law_asks_it(
    caseworker: Any, case_for_nrm: Any, other_authority: Any
) -> None:
    # Scotland asks no child's consent either; an adult there without consent gets nothing
    with pytest.raises(ValidationError) as error:
        services.nrm_refer(
            actor=Actor.for_user(caseworker),
            case=case_for_nrm,
            authority=other_authority,
            data=REFERRAL_DATA,
        )
    assert "anonymous notification" not in str(error.value)


def test_an_anonymous_notification_carries_nothing_that_identifies_the_person(
    caseworker: Any, case_for_nrm: Any, authority: Any, coordinator: Any
) -> None:
    notice = services.nrm_notify(
        actor=Actor.for_user(caseworker), case=case_for_nrm, authority=authority, data=REFERRAL_DATA
    )
    assert notice.kind == NrmKind.NOTIFICATION
    assert notice.person_name == ""
    assert notice.age is None
    assert notice.language == ""
    page = signed_in(coordinator).get(reverse("nrm:queue")).content.decode()
    assert "Haddad" not in page
    assert "Labour exploitation" in page


def test_no_anonymous_notification_where_no_duty_to_notify_is_in_force(
    caseworker: Any, case_for_nrm: Any, other_authority: Any
) -> None:
    with pytest.raises(ValidationError):
        services.nrm_notify(
            actor=Actor.for_user(caseworker),
            case=case_for_nrm,
            authority=other_authority,
            data=REFERRAL_DATA,
        )
    assert not NrmReferral.objects.exists()


def test_another_authority_gets_404_for_the_referral_and_the_letter_and_is_audited(
    referred: Any, coordinator: Any, other_coordinator: Any
) -> None:
    decision = decide(coordinator, referred)
    client = signed_in(other_coordinator)
    assert client.get(reverse("nrm:authority_referral", args=[referred.uuid])).status_code == 404
    assert client.get(reverse("nrm:letter", args=[decision.uuid])).status_code == 404
    assert client.post(reverse("nrm:decide", args=[referred.uuid]), {}).status_code == 404
    assert denied("nrm_authority") == 3
    assert "Haddad" not in client.get(reverse("nrm:queue")).content.decode()


def test_withdrawn_consent_closes_the_referral_to_the_authority(
    referred: Any, coordinator: Any, caseworker: Any
) -> None:
    client = signed_in(coordinator)
    assert client.get(reverse("nrm:authority_referral", args=[referred.uuid])).status_code == 200
    case_services.consent_withdraw(
        actor=Actor.for_user(caseworker), consent=referred.consent, on=timezone.localdate()
    )
    assert client.get(reverse("nrm:authority_referral", args=[referred.uuid])).status_code == 403
    with pytest.raises(PermissionDenied):
        decide(coordinator, referred)
    assert not AuthorityDecision.objects.exists()
    queue = client.get(reverse("nrm:queue")).content.decode()
    assert "Haddad" not in queue
    assert "Consent withdrawn" in queue
    entry = AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, detail__reason="consent_withdrawn"
    )
    assert entry.count() == 2


def test_consent_withdrawn_between_the_page_and_the_letter_download_is_refused(
    referred: Any, coordinator: Any, caseworker: Any
) -> None:
    decision = decide(coordinator, referred)
    case_services.consent_withdraw(
        actor=Actor.for_user(caseworker), consent=referred.consent, on=timezone.localdate()
    )
    response = signed_in(coordinator).get(reverse("nrm:letter", args=[decision.uuid]))
    assert response.status_code == 403
    # the sender holds the case and still gets the letter for the person
    assert signed_in(caseworker).get(reverse("nrm:letter", args=[decision.uuid])).status_code == 200


def test_other_roles_of_the_authority_are_refused_and_audited(
    referred: Any, make_user: Any, authority_org: Any
) -> None:
    analyst = make_user(Role.ANALYST, authority_org, "authority-analyst")
    client = signed_in(analyst)
    assert client.get(reverse("nrm:queue")).status_code == 403
    assert client.get(reverse("nrm:authority_referral", args=[referred.uuid])).status_code == 403
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED).count() >= 2


def test_a_caseworker_of_an_ngo_is_no_authority(
    referred: Any, make_user: Any, other_ngo: Any
) -> None:
    outsider = make_user(Role.CASEWORKER, other_ngo, "ngo-caseworker")
    client = signed_in(outsider)
    assert client.get(reverse("nrm:queue")).status_code == 403
    assert client.get(reverse("nrm:authority_referral", args=[referred.uuid])).status_code == 403
    assert client.get(reverse("nrm:case", args=[referred.case.uuid])).status_code == 404
    assert denied("nrm_queue") == 2


def test_the_authority_cannot_open_the_senders_case_or_its_nrm_page(
    referred: Any, coordinator: Any
) -> None:
    client = signed_in(coordinator)
    assert client.get(reverse("cases:detail", args=[referred.case.uuid])).status_code == 404
    assert client.get(reverse("nrm:case", args=[referred.case.uuid])).status_code == 404


def test_the_authority_page_shows_only_what_the_referral_carries(
    referred: Any, coordinator: Any, caseworker: Any
) -> None:
    case_services.note_add(
        actor=Actor.for_user(caseworker),
        case=referred.case,
        body="Private note: lives above the bakery",
        on=timezone.localdate() - timedelta(days=1),
    )
    page = signed_in(coordinator).get(reverse("nrm:authority_referral", args=[referred.uuid]))
    text = page.content.decode()
    assert "Amal Haddad" in text
    assert "bakery" not in text
    assert referred.case.reference not in text


def test_erasing_the_person_blanks_what_the_referral_and_its_decisions_carry(
    referred: Any, coordinator: Any, supervisor: Any
) -> None:
    decision = decide(coordinator, referred)
    case_services.person_erase(actor=Actor.for_user(supervisor), person=referred.case.person)
    referred.refresh_from_db()
    decision.refresh_from_db()
    assert "Amal" not in referred.person_name
    assert "car wash" not in referred.account
    assert decision.reasons != "Consistent."


def test_the_sending_organisation_sees_on_its_audit_trail_who_at_the_authority_read_the_referral(
    referred: Any, coordinator: Any, supervisor: Any
) -> None:
    signed_in(coordinator).get(reverse("nrm:authority_referral", args=[referred.uuid]))
    page = signed_in(supervisor).get(reverse("audit:list")).content.decode()
    assert "coordinator" in page
    assert "viewed referral to the competent authority" in page


def test_bad_input_names_the_field_and_writes_nothing(
    caseworker: Any, case_for_nrm: Any, authority: Any, consent_to_authority: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        services.nrm_refer(
            actor=Actor.for_user(caseworker),
            case=case_for_nrm,
            authority=authority,
            data={"exploitation": "organ-harvesting", "account": "  "},
        )
    assert set(error.value.message_dict) == {"exploitation", "account"}
    assert not NrmReferral.objects.exists()
    response = signed_in(caseworker).post(
        reverse("nrm:case", args=[case_for_nrm.uuid]),
        {"authority": "999999", "exploitation": "labour", "account": "x", "action": "refer"},
    )
    assert response.status_code == 400
    assert not NrmReferral.objects.exists()
