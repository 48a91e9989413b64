"""A case handed over with the person's consent: what goes, what stays, who holds it now."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import Case, CaseStatus, ClosureCode, SharingPurpose
from needsfirst.web.conftest import signed_in
from needsfirst.web.handover import services
from needsfirst.web.handover.models import Handover, HandoverStatus
from needsfirst.web.handover.services import add_months
from needsfirst.web.handover.tests.conftest import EVENT, NOTE, SAFE_CONTACT

pytestmark = pytest.mark.django_db


def _send(caseworker, case, recipient, sections=("identity", "events")):
    return services.handover_send(
        actor=Actor.for_user(caseworker),
        case=case,
        recipient=recipient,
        kind="return",
        sections=sections,
        message="She flies to Lagos on Monday.",
    )


def test_a_hand_over_without_consent_is_refused_with_the_reason_and_audited(
    caseworker, sent_case, returns_ngo
):
    response = signed_in(caseworker).post(
        reverse("handover:new", args=[sent_case.uuid]),
        {"recipient": str(returns_ngo.uuid), "kind": "return", "sections": ["identity"]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Hand-over refused: the person has not given consent" in page
    assert "Benin City Reintegration Centre" in page
    assert not Handover.objects.exists()
    refused = AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED, object_type="case")
    assert refused.get().detail["reason"] == "no_consent"


def test_a_consent_for_a_referral_or_another_organisation_does_not_allow_a_hand_over(
    caseworker, sent_case, returns_ngo, other_ngo, give_consent
):
    give_consent(sent_case, returns_ngo, purpose=SharingPurpose.REFERRAL)
    give_consent(sent_case, other_ngo)
    with pytest.raises(ValidationError, match="Hand-over refused"):
        _send(caseworker, sent_case, returns_ngo)
    assert not Handover.objects.exists()


def test_the_receiver_opens_a_new_case_with_only_what_went(
    caseworker, receiver, sent_case, returns_ngo, give_consent
):
    give_consent(sent_case, returns_ngo)
    handover = _send(caseworker, sent_case, returns_ngo, sections=["identity", "events"])
    response = signed_in(receiver).post(reverse("handover:accept", args=[handover.uuid]))
    assert response.status_code == 302
    handover.refresh_from_db()
    new_case = handover.new_case
    assert handover.status == HandoverStatus.ACCEPTED
    assert new_case.organisation == returns_ngo
    assert new_case.person.organisation == returns_ngo
    # identity went
    assert new_case.person.first_name == "Blessing"
    assert new_case.person.citizenship == ["NG"]
    # events went, with their text
    assert [event.description for event in new_case.events.all()] == [EVENT]
    # contact, notes and documents stayed
    assert new_case.person.mobile_phone == ""
    assert new_case.person.safe_contact == ""
    assert not new_case.notes.exists()
    assert not new_case.person.documents.exists()
    # follow-ups at 3, 6 and 12 months from the acceptance
    assert [(f.months, f.due_on) for f in handover.follow_ups.all()] == [
        (months, add_months(handover.accepted_on, months)) for months in (3, 6, 12)
    ]


def test_contact_notes_and_documents_go_when_ticked(
    caseworker, receiver, sent_case, returns_ngo, give_consent
):
    give_consent(sent_case, returns_ngo)
    handover = _send(caseworker, sent_case, returns_ngo, sections=["contact", "notes", "documents"])
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    new_case = Handover.objects.get(pk=handover.pk).new_case
    assert new_case.person.safe_contact == SAFE_CONTACT
    assert [note.body for note in new_case.notes.all()] == [NOTE]
    assert [doc.number for doc in new_case.person.documents.all()] == ["A1234567"]
    # identity did not go
    assert new_case.person.first_name == ""


def test_after_acceptance_the_receiver_holds_the_case_and_the_sender_keeps_it_closed(
    caseworker, receiver, sent_case, returns_ngo, give_consent
):
    give_consent(sent_case, returns_ngo)
    handover = _send(caseworker, sent_case, returns_ngo)
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    old = Case.objects.get(pk=sent_case.pk)
    assert old.status == CaseStatus.CLOSED
    assert (old.closure_code, old.closure_reason) == (ClosureCode.HANDED_OVER, "")
    for user in (caseworker, receiver):
        page = signed_in(user).get(reverse("handover:detail", args=[handover.uuid]))
        text = page.content.decode()
        assert "Who holds the case now: Benin City Reintegration Centre (Nigeria)." in text
    # The sender still reads its own history, and why it was closed.
    history = signed_in(caseworker).get(reverse("cases:detail", args=[old.uuid]))
    assert history.status_code == 200
    assert "Handed over to Benin City Reintegration Centre" in history.content.decode()


def closure_shown(user, case: Case, language: str) -> str:
    page = signed_in(user).get(
        reverse("cases:detail", args=[case.uuid]), HTTP_ACCEPT_LANGUAGE=language
    )
    return page.content.decode()


def test_the_reason_for_closure_is_said_in_the_language_of_whoever_reads_it(
    caseworker, receiver, sent_case, returns_ngo, give_consent
):
    give_consent(sent_case, returns_ngo)
    handover = _send(caseworker, sent_case, returns_ngo)
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    old = Case.objects.get(pk=sent_case.pk)
    said = {}
    for language in ("en", "fr", "ar"):
        with translation.override(language):
            said[language] = translation.gettext("Handed over to %(recipient)s on %(day)s.") % {
                "recipient": "Benin City Reintegration Centre",
                "day": date_format(timezone.localdate()),
            }
            assert old.closure_said == said[language]
        assert escape(said[language]) in closure_shown(caseworker, old, language)
    assert len(set(said.values())) == 3, "a sentence of its own in each language"


def test_cases_handed_over_before_the_code_get_it_and_lose_the_english_sentence(
    caseworker, receiver, sent_case, returns_ngo, give_consent, open_case
):
    give_consent(sent_case, returns_ngo)
    handover = _send(caseworker, sent_case, returns_ngo)
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    # The rows as they were before cases/0008: the English sentence stored, no code.
    sentence = "Handed over to Benin City Reintegration Centre on 2026-12-01."
    Case.objects.filter(pk=sent_case.pk).update(closure_code="", closure_reason=sentence)
    moved = open_case("Amal", "Haddad")
    Case.objects.filter(pk=moved.pk).update(status="closed", closure_reason="Moved to another city")
    migration = importlib.import_module("needsfirst.web.cases.migrations.0008_case_closure_code")
    migration.handed_over_cases_get_the_code(django_apps, None)
    old, moved = Case.objects.get(pk=sent_case.pk), Case.objects.get(pk=moved.pk)
    assert (old.closure_code, old.closure_reason) == (ClosureCode.HANDED_OVER, "")
    with translation.override("ar"):
        assert "Benin City Reintegration Centre" in old.closure_said
        assert old.closure_said != sentence
    assert (moved.closure_code, moved.closure_said) == ("", "Moved to another city")


def test_the_receiver_may_decline_and_the_sender_keeps_the_case(
    caseworker, receiver, sent_case, returns_ngo, give_consent
):
    give_consent(sent_case, returns_ngo)
    handover = _send(caseworker, sent_case, returns_ngo)
    response = signed_in(receiver).post(
        reverse("handover:decline", args=[handover.uuid]), {"reason": ""}
    )
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    signed_in(receiver).post(
        reverse("handover:decline", args=[handover.uuid]), {"reason": "No place in our programme"}
    )
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.DECLINED
    assert handover.new_case is None
    assert Case.objects.get(pk=sent_case.pk).status != CaseStatus.CLOSED
    page = signed_in(caseworker).get(reverse("handover:detail", args=[handover.uuid]))
    assert "Who holds the case now: Test Shelter (Italy)." in page.content.decode()


def test_each_step_is_on_both_organisations_audit_trails(
    caseworker, receiver, sent_case, returns_ngo, give_consent, shelter
):
    give_consent(sent_case, returns_ngo)
    handover = _send(caseworker, sent_case, returns_ngo)
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    entries = AuditEntry.objects.filter(object_type="handover", object_id=str(handover.uuid))
    for action in (AuditAction.CREATE, AuditAction.UPDATE):
        holders = set(entries.filter(action=action).values_list("holder_id", flat=True))
        assert holders == {shelter.pk, returns_ngo.pk}


def test_a_second_hand_over_waits_for_the_first_answer(
    caseworker, sent_case, returns_ngo, give_consent
):
    give_consent(sent_case, returns_ngo)
    _send(caseworker, sent_case, returns_ngo)
    with pytest.raises(ValidationError, match="already waiting"):
        _send(caseworker, sent_case, returns_ngo)


def test_nothing_is_sent_without_a_section_or_to_ones_own_organisation(
    caseworker, sent_case, shelter, give_consent
):
    give_consent(sent_case, shelter)
    with pytest.raises(ValidationError) as error:
        _send(caseworker, sent_case, shelter, sections=[])
    assert set(error.value.message_dict) == {"sections", "recipient"}
    assert not Handover.objects.exists()


def test_months_are_added_to_the_last_day_of_a_short_month():
    from datetime import date

    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 12) == date(2027, 1, 15)


def test_open_plan_actions_and_the_authoritys_decisions_go_when_ticked(
    caseworker, receiver, sent_case, returns_ngo, give_consent
):
    from datetime import timedelta

    from django.utils import timezone

    from needsfirst.web.assistance.services import plan_action_add, plan_item_status_set
    from needsfirst.web.screening.services import authority_decision_record

    actor = Actor.for_user(caseworker)
    today = timezone.localdate()
    open_item = plan_action_add(
        actor=actor,
        case=sent_case,
        domain="medical_urgent",
        action="Follow-up of the knee injury",
        role="health_professional",
        due_on=today + timedelta(days=3),
        urgency=4,
        support_plan_type="Health",
    )
    done_item = plan_action_add(
        actor=actor,
        case=sent_case,
        domain="medical_urgent",
        action="First aid",
        role="health_professional",
        due_on=today,
        urgency=4,
        support_plan_type="Health",
    )
    plan_item_status_set(actor=actor, item=done_item, status="done")
    authority_decision_record(
        actor=actor,
        case=sent_case,
        data={
            "status": "PossibleVictimOfTrafficking",
            "decision_making_org": "Police",
            "organisation_name": "Questura di Palermo",
            "decided_on": today,
        },
    )
    give_consent(sent_case, returns_ngo)
    handover = _send(caseworker, sent_case, returns_ngo, sections=["plan", "screening"])
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    new_case = Handover.objects.get(pk=handover.pk).new_case
    items = list(new_case.plan_items.all())
    assert [(item.action, item.due_on, item.status) for item in items] == [
        (open_item.action, open_item.due_on, "to_do")
    ]
    decisions = list(new_case.authority_decisions.all())
    assert [(d.status, d.organisation_name) for d in decisions] == [
        ("PossibleVictimOfTrafficking", "Questura di Palermo")
    ]
    # The receiver reads the plan on its own case.
    page = signed_in(receiver).get(reverse("assistance:overview", args=[new_case.uuid]))
    assert "Follow-up of the knee injury" in page.content.decode()


def test_the_screening_outcome_goes_only_when_ticked_and_is_read_in_words(
    caseworker, receiver, sent_case, returns_ngo, give_consent
):
    from django.utils import timezone

    from needsfirst.web.screening.models import Determination, Screening

    screening = Screening.objects.create(case=sent_case, facts={})
    Determination.objects.create(
        screening=screening,
        facts={},
        result={},
        rules_version="test",
        as_of=timezone.localdate(),
        label_ids=["possible_trafficking_victim"],
        created_by=caseworker,
    )
    give_consent(sent_case, returns_ngo)
    without = _send(caseworker, sent_case, returns_ngo, sections=["identity"])
    assert without.screening_status == ""
    services.handover_decline(actor=Actor.for_user(receiver), handover=without, reason="Full")
    handover = _send(caseworker, sent_case, returns_ngo, sections=["identity", "screening"])
    assert handover.screening_status == "PossibleVictimOfTrafficking"
    url = reverse("handover:detail", args=[handover.uuid])
    # Before accepting, the receiver does not read it; after, it does.
    assert "Possible victim of trafficking" not in signed_in(receiver).get(url).content.decode()
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
    assert "Possible victim of trafficking" in signed_in(receiver).get(url).content.decode()
