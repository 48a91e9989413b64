"""The whole journey: a first responder refers, the authority decides at both stages, the
letter is produced in the person's language, and the status lives in one place."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.conftest import signed_in
from needsfirst.web.nrm import selectors, services
from needsfirst.web.nrm.letter import letter_data
from needsfirst.web.nrm.models import NrmDecision, NrmStatus, Stage
from needsfirst.web.nrm.tests.conftest import backdate
from needsfirst.web.screening.models import AuthorityDecision, TraffickingStatus
from needsfirst.web.screening.selectors import authority_status_latest

pytestmark = pytest.mark.django_db


def decide(
    coordinator: Any, referral: Any, stage: str, positive: bool, days_ago: int = 0
) -> NrmDecision:
    return services.nrm_decide(
        actor=Actor.for_user(coordinator),
        referral_uuid=referral.uuid,
        stage=stage,
        positive=positive,
        decided_on=timezone.localdate() - timedelta(days=days_ago),
        evidence="The referral's account; an interview on the phone.",
        reasons="The account is consistent and the indicators are objective.",
    )


def test_a_referral_carries_a_copy_of_what_the_authority_may_read(referred: Any) -> None:
    assert referred.person_name == "Amal Haddad"
    assert referred.nationality == "SY"
    assert referred.language == "ar"
    assert referred.status == NrmStatus.AWAITING_FIRST
    assert referred.consent is not None


def test_the_queue_shows_the_first_decision_due_in_five_working_days(
    referred: Any, coordinator: Any
) -> None:
    backdate(referred, 10)
    rows = selectors.authority_queue(coordinator, timezone.localdate())
    assert [row.referral for row in rows] == [referred]
    assert rows[0].overdue
    assert rows[0].deadline is not None
    assert rows[0].deadline.waited_days == 10
    page = signed_in(coordinator).get(reverse("nrm:queue"))
    assert page.status_code == 200
    assert "Amal Haddad" in page.content.decode()
    assert "Overdue since" in page.content.decode()


def test_overdue_referrals_come_first_in_the_queue(
    referred: Any, coordinator: Any, caseworker: Any, case_for_nrm: Any, authority: Any
) -> None:
    from needsfirst.web.nrm.tests.conftest import REFERRAL_DATA

    fresh = referred
    late = services.nrm_refer(
        actor=Actor.for_user(caseworker), case=case_for_nrm, authority=authority, data=REFERRAL_DATA
    )
    backdate(late, 12)
    rows = selectors.authority_queue(coordinator, timezone.localdate())
    assert [row.referral.pk for row in rows] == [late.pk, fresh.pk]


def test_both_stages_record_the_status_once_as_the_authority_decision(
    referred: Any, coordinator: Any
) -> None:
    backdate(referred, 40)
    first = decide(coordinator, referred, Stage.REASONABLE_GROUNDS, True, days_ago=35)
    referred.refresh_from_db()
    assert referred.status == NrmStatus.AWAITING_CONCLUSIVE
    assert first.authority_decision.status == TraffickingStatus.POSSIBLE
    second = decide(coordinator, referred, Stage.CONCLUSIVE_GROUNDS, True)
    referred.refresh_from_db()
    assert referred.status == NrmStatus.CONCLUDED
    assert authority_status_latest(referred.case) == TraffickingStatus.ACTUAL
    # one place: every NRM decision is one authority decision, and holds no status of its own
    assert AuthorityDecision.objects.filter(case=referred.case).count() == 2
    assert second.authority_decision.nrm_decision == second
    assert not any(field.name == "status" for field in NrmDecision._meta.get_fields())


def test_no_conclusive_decision_before_day_30_in_england(referred: Any, coordinator: Any) -> None:
    backdate(referred, 20)
    decide(coordinator, referred, Stage.REASONABLE_GROUNDS, True, days_ago=10)
    with pytest.raises(ValidationError) as error:
        decide(coordinator, referred, Stage.CONCLUSIVE_GROUNDS, True)
    assert "decided_on" in error.value.message_dict
    assert NrmDecision.objects.filter(stage=Stage.CONCLUSIVE_GROUNDS).count() == 0


def test_a_stage_out_of_turn_and_an_empty_reason_are_refused_naming_the_field(
    referred: Any, coordinator: Any
) -> None:
    with pytest.raises(ValidationError):
        decide(coordinator, referred, Stage.CONCLUSIVE_GROUNDS, True)
    with pytest.raises(ValidationError) as error:
        services.nrm_decide(
            actor=Actor.for_user(coordinator),
            referral_uuid=referred.uuid,
            stage=Stage.REASONABLE_GROUNDS,
            positive=True,
            decided_on=timezone.localdate(),
            evidence="",
            reasons=" ",
        )
    assert {"evidence", "reasons"} <= set(error.value.message_dict)
    assert not AuthorityDecision.objects.exists()


def test_the_letter_is_in_the_persons_language_and_downloads_as_pdf(
    referred: Any, coordinator: Any, caseworker: Any
) -> None:
    decision = decide(coordinator, referred, Stage.REASONABLE_GROUNDS, True)
    language, title, lines = letter_data(decision, timezone.localdate())
    assert language == "ar"
    assert any("\u0600" <= char <= "\u06ff" for char in title)
    assert any("Amal Haddad" in line for line in lines)
    for client in (signed_in(coordinator), signed_in(caseworker)):
        response = client.get(reverse("nrm:letter", args=[decision.uuid]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_reconsideration_asked_by_the_first_responder_reopens_the_stage_when_changed(
    referred: Any, coordinator: Any, caseworker: Any
) -> None:
    negative = decide(coordinator, referred, Stage.REASONABLE_GROUNDS, False)
    referred.refresh_from_db()
    assert referred.status == NrmStatus.NEGATIVE_FIRST
    request = services.nrm_challenge(
        actor=Actor.for_user(caseworker),
        decision=negative,
        kind="reconsideration",
        requested_on=timezone.localdate(),
        grounds="A medical report confirms the injuries.",
    )
    services.nrm_challenge_resolve(
        actor=Actor.for_user(coordinator),
        referral_uuid=referred.uuid,
        challenge_uuid=request.uuid,
        outcome="changed",
    )
    referred.refresh_from_db()
    assert referred.status == NrmStatus.AWAITING_FIRST
    decide(coordinator, referred, Stage.REASONABLE_GROUNDS, True)
    assert authority_status_latest(referred.case) == TraffickingStatus.POSSIBLE


def test_the_case_page_shows_the_entitlements_that_follow_the_decision(
    referred: Any, coordinator: Any, caseworker: Any
) -> None:
    decide(coordinator, referred, Stage.REASONABLE_GROUNDS, True)
    page = signed_in(caseworker).get(reverse("nrm:case", args=[referred.case.uuid]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "What the person is entitled to now" in text
    summary = selectors.entitlements_for(referred, timezone.localdate())
    assert summary is not None
    assert summary.now
    assert all(item.title in text for item in summary.now)


def test_the_queue_reads_a_constant_number_of_queries_as_referrals_grow(
    referred: Any, coordinator: Any, caseworker: Any, case_for_nrm: Any, authority: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from needsfirst.web.nrm.tests.conftest import REFERRAL_DATA

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.authority_queue(coordinator, timezone.localdate())
        return len(queries)

    backdate(referred, 40)
    decide(coordinator, referred, Stage.REASONABLE_GROUNDS, True, days_ago=35)
    few = count()
    for _ in range(6):
        more = services.nrm_refer(
            actor=Actor.for_user(caseworker),
            case=case_for_nrm,
            authority=authority,
            data=REFERRAL_DATA,
        )
        backdate(more, 40)
        decide(coordinator, more, Stage.REASONABLE_GROUNDS, True, days_ago=35)
    assert count() == few


def test_a_case_with_nrm_decisions_can_still_be_deleted_whole(
    referred: Any, coordinator: Any
) -> None:
    from django.db.models import RestrictedError

    decision = decide(coordinator, referred, Stage.REASONABLE_GROUNDS, True)
    # the authority decision alone cannot go while the NRM decision rests on it
    with pytest.raises(RestrictedError):
        decision.authority_decision.delete()
    referred.case.delete()
    assert not NrmDecision.objects.exists()
    assert not AuthorityDecision.objects.exists()


def test_where_the_law_sets_an_appeal_time_limit_the_case_shows_the_last_day(
    caseworker: Any, case_for_nrm: Any, make_user: Any
) -> None:
    from needsfirst.web.accounts.models import Organisation, OrganisationType, Role
    from needsfirst.web.cases import services as case_services
    from needsfirst.web.nrm.models import CompetentAuthority
    from needsfirst.web.nrm.tests.conftest import REFERRAL_DATA

    garda = Organisation.objects.create(
        name="An Garda Síochána", type=OrganisationType.COMPETENT_AUTHORITY, country="IE"
    )
    irish = CompetentAuthority.objects.create(organisation=garda, jurisdiction="IE")
    case_services.consent_record(
        actor=Actor.for_user(caseworker),
        case=case_for_nrm,
        data={
            "kind": "data_sharing",
            "granted": True,
            "purpose": "referral",
            "recipient": garda,
            "method": "written",
            "decided_on": timezone.localdate(),
        },
    )
    referral = services.nrm_refer(
        actor=Actor.for_user(caseworker), case=case_for_nrm, authority=irish, data=REFERRAL_DATA
    )
    officer = make_user(Role.CASEWORKER, garda, "garda-officer")
    decision = decide(officer, referral, Stage.REASONABLE_GROUNDS, False)
    last_day = selectors.appeal_by(decision)
    assert last_day == timezone.localdate() + timedelta(days=30)
    page = signed_in(caseworker).get(reverse("nrm:case", args=[case_for_nrm.uuid]))
    assert "Appeal by" in page.content.decode()
