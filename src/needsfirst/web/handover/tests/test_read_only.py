"""After a hand-over is accepted, the sending organisation's case is closed history: every way of
changing it (services, pages, API) is refused with the reason, audited, and writes nothing; it
can still be read, and a case never handed over is not touched by the rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.api.tests.callers import Caller
from needsfirst.web.assistance import services as assistance
from needsfirst.web.assistance.models import NeedsAssessment, PlanItem
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import services as cases
from needsfirst.web.cases.models import Case, CaseStatus, Consent, Person
from needsfirst.web.claims import services as claims
from needsfirst.web.conftest import signed_in
from needsfirst.web.handover import services
from needsfirst.web.handover.models import Handover
from needsfirst.web.nrm import services as nrm
from needsfirst.web.referrals import services as referrals
from needsfirst.web.referrals.models import Referral, ServiceProvider
from needsfirst.web.screening import services as screening
from needsfirst.web.screening.models import Screening

pytestmark = pytest.mark.django_db

REASON = "This case was handed over to another organisation, which holds it now."


@pytest.fixture
def handed_over(
    caseworker: User,
    receiver: User,
    sent_case: Case,
    returns_ngo: Organisation,
    give_consent: Callable[..., Consent],
) -> Case:
    actor = Actor.for_user(caseworker)
    today = timezone.localdate()
    assistance.assessment_record(
        actor=actor,
        case=sent_case,
        answers={"no_safe_place_tonight": "yes"},
        assessed_on=today,
        jurisdiction="IT",
    )
    give_consent(sent_case, returns_ngo)
    handover = services.handover_send(
        actor=actor,
        case=sent_case,
        recipient=returns_ngo,
        kind="return",
        sections=["identity", "notes"],
    )
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    return Case.objects.get(pk=sent_case.pk)


def _counts(case: Case) -> dict[str, int]:
    return {
        "notes": case.notes.count(),
        "events": case.events.count(),
        "documents": case.person.documents.count(),
        "consents": case.consents.count(),
        "plan": case.plan_items.count(),
        "assessments": NeedsAssessment.objects.filter(case=case).count(),
        "screenings": Screening.objects.filter(case=case).count(),
        "referrals": Referral.objects.filter(case=case).count(),
        "nrm": case.nrm_referrals.count(),
    }


def _refusals(case: Case) -> int:
    return AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, detail__reason="case_read_only"
    ).count()


def _assert_refused(call: Callable[[], Any], case: Case) -> None:
    before, refused = _counts(case), _refusals(case)
    version = Case.objects.get(pk=case.pk).version
    with pytest.raises(cases.CaseReadOnlyError) as caught:
        call()
    assert REASON in " ".join(caught.value.messages)
    assert caught.value.code == "case_read_only"
    assert _counts(case) == before, "nothing was written"
    assert Case.objects.get(pk=case.pk).version == version
    assert _refusals(case) == refused + 1, "the refused attempt is on the audit trail"


def test_acceptance_marks_the_sending_case_handed_over_and_closed(handed_over):
    assert handed_over.status == CaseStatus.CLOSED
    assert handed_over.handed_over_at is not None
    assert cases.case_is_read_only(handed_over)
    new_case = Handover.objects.get(case=handed_over).new_case
    assert new_case.handed_over_at is None
    assert not cases.case_is_read_only(new_case)


def test_every_change_of_the_cases_app_is_refused(handed_over, caseworker):
    actor = Actor.for_user(caseworker)
    today = timezone.localdate()
    _assert_refused(
        lambda: cases.note_add(actor=actor, case=handed_over, body="x", on=today), handed_over
    )
    _assert_refused(
        lambda: cases.event_add(actor=actor, case=handed_over, data={"type": "exploitation"}),
        handed_over,
    )
    _assert_refused(
        lambda: cases.document_add(
            actor=actor, case=handed_over, data={"type": "passport", "held_by": "person"}
        ),
        handed_over,
    )
    _assert_refused(
        lambda: cases.consent_record(
            actor=actor,
            case=handed_over,
            data={"kind": "interview", "granted": True, "method": "verbal", "decided_on": today},
        ),
        handed_over,
    )
    _assert_refused(
        lambda: cases.case_update(
            actor=actor,
            case=handed_over,
            data={"status": CaseStatus.REOPENED},
            expected_version=handed_over.version,
        ),
        handed_over,
    )
    person = handed_over.person
    _assert_refused(
        lambda: cases.person_update(
            actor=actor,
            person=person,
            data={"first_name": "Changed"},
            expected_version=person.version,
        ),
        handed_over,
    )
    assert Person.objects.get(pk=person.pk).first_name == "Blessing"


def test_screening_plan_claims_referrals_and_the_nrm_are_refused(handed_over, caseworker):
    actor = Actor.for_user(caseworker)
    today = timezone.localdate()
    item = PlanItem.objects.filter(case=handed_over).first()
    assessment = NeedsAssessment.objects.get(case=handed_over)
    assert item is not None
    calls: list[Callable[[], Any]] = [
        lambda: screening.screening_save(
            actor=actor, case=handed_over, facts={"as_of": "2025-06-01"}, expected_version=0
        ),
        lambda: screening.authority_decision_record(
            actor=actor, case=handed_over, data={"status": "PossibleVictimOfTrafficking"}
        ),
        lambda: assistance.assessment_record(
            actor=actor, case=handed_over, answers={}, assessed_on=today, jurisdiction="IT"
        ),
        lambda: assistance.category_set(actor=actor, assessment=assessment, category="any_migrant"),
        lambda: assistance.plan_action_add(
            actor=actor,
            case=handed_over,
            domain="medical_urgent",
            action="Dentist",
            role="health_professional",
            due_on=today,
            urgency=2,
            support_plan_type="Health",
        ),
        lambda: assistance.plan_item_status_set(actor=actor, item=item, status="done"),
        lambda: assistance.plan_item_assign(actor=actor, item=item, responsible=caseworker),
        lambda: assistance.plan_item_reschedule(
            actor=actor, item=item, due_on=today + dt.timedelta(days=3)
        ),
        lambda: assistance.reflection_period_start(
            actor=actor, case=handed_over, jurisdiction="IT", starts_on=today
        ),
        lambda: assistance.cooperation_record(
            actor=actor, case=handed_over, status="declined", recorded_on=today
        ),
        lambda: claims.wage_claim_save(actor=actor, case=handed_over, facts={}, claim=None),  # type: ignore[arg-type]
        lambda: claims.claim_matter_open(actor=actor, case=handed_over, facts=None, forum="x"),  # type: ignore[arg-type]
        lambda: referrals.referral_send(
            actor=actor,
            case=handed_over,
            provider=None,
            sections=["identity"],  # type: ignore[arg-type]
        ),
        lambda: nrm.nrm_refer(actor=actor, case=handed_over, authority=None, data={}),  # type: ignore[arg-type]
        lambda: nrm.nrm_notify(actor=actor, case=handed_over, authority=None, data={}),  # type: ignore[arg-type]
    ]
    for call in calls:
        _assert_refused(call, handed_over)
    assert PlanItem.objects.get(pk=item.pk).status == item.status


def test_the_holders_follow_up_of_an_earlier_referral_is_refused_but_the_receivers_answer_is_not(
    caseworker, receiver, sent_case, returns_ngo, give_consent, other_ngo, make_user
):
    actor = Actor.for_user(caseworker)
    provider = ServiceProvider.objects.create(
        owner=other_ngo,
        organisation=other_ngo,
        in_needsfirst=True,
        name="Legal clinic",
        type="legal",
        domains=["legal"],
        languages=["it"],
        country="IT",
        city="Palermo",
        eligibility=["any"],
    )
    give_consent(sent_case, other_ngo, purpose="referral")
    referral = referrals.referral_send(
        actor=actor, case=sent_case, provider=provider, sections=["identity"]
    )
    task = referrals.task_add(
        actor=actor, referral=referral, description="Call back", due_on=timezone.localdate()
    )
    give_consent(sent_case, returns_ngo)
    handover = services.handover_send(
        actor=actor, case=sent_case, recipient=returns_ngo, kind="return", sections=["identity"]
    )
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    case = Case.objects.get(pk=sent_case.pk)
    _assert_refused(
        lambda: referrals.task_add(
            actor=actor, referral=referral, description="Again", due_on=timezone.localdate()
        ),
        case,
    )
    _assert_refused(lambda: referrals.task_done(actor=actor, task=task), case)
    _assert_refused(
        lambda: referrals.referral_close(actor=actor, referral=referral, outcome="not_needed"),
        case,
    )
    # The partner still answers the referral it received: that changes nothing of the case.
    partner = make_user(Role.CASEWORKER, other_ngo, "partner")
    referrals.referral_accept(actor=Actor.for_user(partner), referral=referral)
    assert Referral.objects.get(pk=referral.pk).status == "accepted"


def test_the_person_may_still_withdraw_a_consent_on_the_old_case(handed_over, caseworker):
    consent = handed_over.consents.filter(granted=True, withdrawn_on__isnull=True).first()
    assert consent is not None
    cases.consent_withdraw(
        actor=Actor.for_user(caseworker), consent=consent, on=timezone.localdate()
    )
    assert Consent.objects.get(pk=consent.pk).withdrawn_on == timezone.localdate()


def test_a_person_with_another_open_case_here_can_still_be_corrected(handed_over, caseworker):
    actor = Actor.for_user(caseworker)
    other = Case.objects.create(
        organisation=handed_over.organisation,
        person=handed_over.person,
        reference="NF-OTHER1",
    )
    person = Person.objects.get(pk=handed_over.person.pk)
    cases.person_update(
        actor=actor, person=person, data={"first_name": "Blessed"}, expected_version=person.version
    )
    assert Person.objects.get(pk=person.pk).first_name == "Blessed"
    cases.note_add(actor=actor, case=other, body="Still here", on=timezone.localdate())


# --- pages ------------------------------------------------------------------------------------


def _page_posts(case: Case, today: str) -> list[tuple[str, dict[str, Any]]]:
    uuid = case.uuid
    return [
        (reverse("cases:note_add", args=[uuid]), {"body": "A note", "note_date": today}),
        (reverse("cases:event_add", args=[uuid]), {"type": "exploitation", "country": "IT"}),
        (
            reverse("cases:document_add", args=[uuid]),
            {"type": "passport", "number": "X1", "held_by": "person"},
        ),
        (
            reverse("cases:consent_add", args=[uuid]),
            {"kind": "interview", "granted": "given", "method": "verbal", "decided_on": today},
        ),
        (
            reverse("cases:person_edit", args=[uuid]),
            {"first_name": "Changed", "sex": "female", "gender": "Feminine", "version": 1},
        ),
        (reverse("cases:edit", args=[uuid]), {"status": "reopened", "version": case.version}),
        (
            reverse("assistance:cooperation_add", args=[uuid]),
            {"status": "declined", "recorded_on": today, "note": "x"},
        ),
    ]


def test_every_page_that_changes_the_case_answers_409_with_the_reason(handed_over, caseworker):
    client = signed_in(caseworker)
    today = timezone.localdate().isoformat()
    before = _counts(handed_over)
    for url, data in _page_posts(handed_over, today):
        response = client.post(url, data)
        text = response.content.decode()
        assert response.status_code in (400, 409), (url, response.status_code)
        assert REASON in text, url
    assert _counts(handed_over) == before
    assert Case.objects.get(pk=handed_over.pk).status == CaseStatus.CLOSED
    assert Person.objects.get(pk=handed_over.person.pk).first_name == "Blessing"


def test_the_forms_of_a_handed_over_case_are_not_offered(handed_over, caseworker):
    client = signed_in(caseworker)
    for name in ("cases:edit", "cases:person_edit", "cases:event_add", "cases:document_add"):
        response = client.get(reverse(name, args=[handed_over.uuid]))
        assert response.status_code == 409
        assert REASON in response.content.decode()
        assert reverse("cases:detail", args=[handed_over.uuid]) in response.content.decode()
    page = client.get(reverse("cases:detail", args=[handed_over.uuid]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Read-only: this case was handed over." in text
    assert "Blessing" in text  # the holder of old still reads its history
    for name in ("cases:note_add", "cases:edit", "cases:event_add", "cases:consent_add"):
        assert reverse(name, args=[handed_over.uuid]) not in text
    assert reverse("cases:export_pdf", args=[handed_over.uuid]) in text


def test_an_open_case_still_offers_its_forms(open_case, caseworker):
    case = open_case()
    text = signed_in(caseworker).get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "Read-only" not in text
    assert reverse("cases:note_add", args=[case.uuid]) in text


def test_a_page_drawn_before_the_acceptance_cannot_save_after_it(
    caseworker, receiver, sent_case, returns_ngo, give_consent
):
    client = signed_in(caseworker)
    form = client.get(reverse("cases:detail", args=[sent_case.uuid]))
    assert reverse("cases:note_add", args=[sent_case.uuid]) in form.content.decode()
    give_consent(sent_case, returns_ngo)
    handover = services.handover_send(
        actor=Actor.for_user(caseworker),
        case=sent_case,
        recipient=returns_ngo,
        kind="return",
        sections=["identity"],
    )
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    late = client.post(
        reverse("cases:note_add", args=[sent_case.uuid]),
        {"body": "Typed before the acceptance", "note_date": timezone.localdate().isoformat()},
    )
    assert late.status_code == 409
    assert not sent_case.notes.filter(note_date=timezone.localdate(), body="Typed before").exists()
    assert sent_case.notes.count() == 1


# --- API --------------------------------------------------------------------------------------


def test_every_api_change_of_the_case_is_refused_with_the_code(
    handed_over, make_user, shelter, other_ngo
):
    system = Caller(make_user(Role.ORGANISATION_ADMIN, shelter, "shelter-admin"))
    uuid = handed_over.uuid
    today = timezone.localdate().isoformat()
    before = _counts(handed_over)
    calls = [
        ("PATCH", f"/people/{handed_over.person.uuid}/", {"first_name": "X", "version": 1}),
        ("PATCH", f"/cases/{uuid}/", {"status": "reopened", "version": handed_over.version}),
        (
            "POST",
            f"/cases/{uuid}/consents/",
            {
                "kind": "data_sharing",
                "granted": True,
                "purpose": "referral",
                "recipient": str(other_ngo.uuid),
                "method": "verbal",
                "decided_on": today,
            },
        ),
        ("PUT", f"/cases/{uuid}/screening/", {"facts": {"as_of": today}, "version": 0}),
        (
            "POST",
            f"/cases/{uuid}/plan/",
            {"assessed_on": today, "jurisdiction": "IT", "answers": {}},
        ),
    ]
    for method, path, body in calls:
        response = system(method, path, body)
        assert response.status_code == 400, (path, response.status_code, response.content[:300])
        assert response.json()["error_codes"] == {"non_field_errors": ["case_read_only"]}, path
        assert REASON in response.json()["errors"]["non_field_errors"][0]
    assert _counts(handed_over) == before
    # reading stays as before
    assert system("GET", f"/cases/{uuid}/").status_code == 200


def test_the_refusal_is_not_an_error_of_the_case_never_handed_over(open_case, caseworker):
    case = open_case()
    note = cases.note_add(
        actor=Actor.for_user(caseworker), case=case, body="Fine", on=timezone.localdate()
    )
    assert note.pk is not None
    assert isinstance(cases.CaseReadOnlyError({"__all__": "x"}), ValidationError)


def test_naming_a_recruiter_in_a_handed_over_case_is_refused(handed_over, caseworker):
    from needsfirst.web.recruitment import services as recruitment
    from needsfirst.web.recruitment.models import CaseParty, PartyKind, Recruiter

    recruiter = Recruiter.objects.create(name="Gulf Jobs", kind=PartyKind.AGENCY, countries=["QA"])
    _assert_refused(
        lambda: recruitment.case_party_add(
            actor=Actor.for_user(caseworker),
            recruiter=recruiter,
            case_reference=handed_over.reference,
            role="recruiter",
        ),
        handed_over,
    )
    assert not CaseParty.objects.filter(case=handed_over).exists()
    page = signed_in(caseworker).get(reverse("cases:detail", args=[handed_over.uuid]))
    assert "to name it in this case" not in page.content.decode()
