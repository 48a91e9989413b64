"""The guided interview: facts in, a determination from the engine, history when facts change."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from needsfirst.screening import screen
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.screening.models import Determination, Screening
from needsfirst.web.screening.tests.conftest import TOMATOES, answers

pytestmark = pytest.mark.django_db


def interview_url(case: Any) -> str:
    return reverse("screening:interview", args=[case.uuid])


def preview_url(case: Any) -> str:
    return reverse("screening:preview", args=[case.uuid])


def test_the_interview_opens_with_every_answer_unknown_and_the_disclaimer(
    caseworker_client, open_case
):
    case = open_case(estimated_age=34)
    page = caseworker_client.get(interview_url(case)).content.decode()
    assert "Screening interview" in page
    assert 'name="means__deception" value="unknown" required' not in page
    assert 'value="unknown" id="id_means__deception_0" checked' in page
    assert "never replaces" in page
    assert 'value="34"' in page  # the estimated age of the case is the first answer


def test_saving_facts_creates_a_determination_whose_labels_come_from_the_engine(
    caseworker_client, open_case, tomatoes
):
    case = open_case()
    response = caseworker_client.post(interview_url(case), tomatoes)
    assert response.status_code == 302
    determination = Determination.objects.get(screening__case=case)
    assert "exploited_migrant" in determination.label_ids
    assert "presumed_trafficking_victim" not in determination.label_ids
    assert determination.label_ids == list(screen(determination.facts).label_ids)
    page = caseworker_client.get(interview_url(case)).content.decode()
    assert "Exploited migrant" in page
    assert "0.50 EUR per hour" in page  # the arithmetic is shown


def test_the_stored_determination_records_its_rules_and_date_and_can_be_reproduced(
    caseworker_client, open_case, tomatoes
):
    case = open_case()
    caseworker_client.post(interview_url(case), tomatoes)
    determination = Determination.objects.get(screening__case=case)
    rerun = screen(determination.facts)
    assert determination.rules_version == rerun.rules_version
    assert determination.as_of.isoformat() == "2024-06-01" == rerun.as_of
    assert determination.result == rerun.as_dict()


def test_history_grows_when_facts_change_and_is_unchanged_otherwise(
    caseworker_client, open_case, tomatoes
):
    case = open_case()
    caseworker_client.post(interview_url(case), tomatoes)
    caseworker_client.post(interview_url(case), {**tomatoes, "version": "1"})
    assert Determination.objects.filter(screening__case=case).count() == 1
    assert Screening.objects.get(case=case).version == 1

    changed = {**tomatoes, "version": "1", "means__deception": "yes", "acts__recruitment": "yes"}
    caseworker_client.post(interview_url(case), changed)
    history = list(Determination.objects.filter(screening__case=case))
    assert len(history) == 2
    assert history[0].facts["means"] == {"deception": "yes"}
    assert history[1].facts.get("means") is None  # the earlier row is never edited
    page = caseworker_client.get(interview_url(case)).content.decode()
    assert page.count('class="history-row"') == 2


def test_an_evidence_note_is_kept_with_its_answer(caseworker_client, open_case, tomatoes):
    case = open_case()
    caseworker_client.post(
        interview_url(case),
        {**tomatoes, "means__deception": "yes", "means__deception__note": "Told it was a hotel"},
    )
    facts = Screening.objects.get(case=case).facts
    assert facts["means"]["deception"] == {"answer": "yes", "note": "Told it was a hotel"}
    page = caseworker_client.get(interview_url(case)).content.decode()
    assert "Told it was a hotel" in page


def test_the_preview_shows_the_determination_beside_the_form_without_saving(
    caseworker_client, open_case, tomatoes
):
    case = open_case()
    response = caseworker_client.post(preview_url(case), tomatoes, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Exploited migrant" in body
    assert "not saved yet" in body
    assert "<html" not in body
    assert not Screening.objects.filter(case=case).exists()


def test_the_no_javascript_preview_button_renders_the_whole_page_without_saving(
    caseworker_client, open_case, tomatoes
):
    case = open_case()
    response = caseworker_client.post(interview_url(case), {**tomatoes, "action": "preview"})
    assert response.status_code == 200
    assert "Exploited migrant" in response.content.decode()
    assert not Screening.objects.filter(case=case).exists()


def test_child_questions_are_skipped_for_an_adult_and_asked_when_the_age_is_unknown(
    caseworker_client, open_case, tomatoes
):
    case = open_case()
    caseworker_client.post(interview_url(case), {**tomatoes, "person__child_at_recruitment": "yes"})
    assert "child_at_recruitment" not in Screening.objects.get(case=case).facts["person"]

    unknown_age = {**tomatoes, "version": "1", "person__age": ""}
    unknown_age["person__child_at_recruitment"] = "yes"
    caseworker_client.post(interview_url(case), unknown_age)
    assert Screening.objects.get(case=case).facts["person"]["child_at_recruitment"] == "yes"


def test_smuggling_questions_are_recorded_only_after_a_border_crossing(
    caseworker_client, open_case
):
    case = open_case()
    base = answers(as_of="2024-06-01", jurisdiction="IT", movement__entry="irregular")
    caseworker_client.post(interview_url(case), {**base, "movement__crossed_border": "no"})
    assert "entry" not in Screening.objects.get(case=case).facts.get("movement", {})
    caseworker_client.post(
        interview_url(case), {**base, "version": "1", "movement__crossed_border": "yes"}
    )
    assert Screening.objects.get(case=case).facts["movement"]["entry"] == "irregular"


def test_pay_questions_are_recorded_only_when_the_person_worked(
    caseworker_client, open_case, tomatoes
):
    case = open_case()
    caseworker_client.post(interview_url(case), {**tomatoes, "worked": "unknown"})
    assert "work" not in Screening.objects.get(case=case).facts


def test_viewing_and_saving_a_screening_leave_audit_entries_without_personal_data(
    caseworker_client, caseworker, open_case, tomatoes
):
    case = open_case()
    caseworker_client.get(interview_url(case))
    caseworker_client.post(
        interview_url(case), {**tomatoes, "means__deception__note": "Zorblax secret"}
    )
    caseworker_client.get(interview_url(case))
    screening = Screening.objects.get(case=case)
    entries = AuditEntry.objects.filter(actor=caseworker)
    assert entries.filter(action=AuditAction.CREATE, object_id=str(screening.uuid)).exists()
    assert entries.filter(action=AuditAction.VIEW, object_id=str(screening.uuid)).exists()
    assert entries.filter(action=AuditAction.VIEW, object_id=str(case.uuid)).exists()
    for entry in entries:
        assert "Zorblax" not in str(entry.detail)
        assert "EUR" not in str(entry.detail)


def test_another_caseworker_saving_first_keeps_your_answers_and_saves_nothing(
    caseworker_client, supervisor_client, open_case, tomatoes
):
    case = open_case()
    supervisor_client.post(interview_url(case), tomatoes)
    response = caseworker_client.post(interview_url(case), {**tomatoes, "means__fraud": "yes"})
    assert response.status_code == 409
    assert "Someone else saved this screening" in response.content.decode()
    assert Determination.objects.filter(screening__case=case).count() == 1


def test_the_case_page_links_to_the_screening_for_the_holding_organisation(
    caseworker_client, open_case
):
    case = open_case()
    page = caseworker_client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert interview_url(case) in page


def test_the_screening_never_blocks_assistance_the_case_page_works_without_one(
    caseworker_client, open_case
):
    case = open_case()
    assert not Screening.objects.filter(case=case).exists()
    assert caseworker_client.get(reverse("cases:detail", args=[case.uuid])).status_code == 200


def test_the_interview_renders_in_another_language(caseworker_client, open_case, tomatoes):
    case = open_case()
    caseworker_client.post(interview_url(case), tomatoes)
    caseworker_client.post(reverse("set_language"), {"language": "fr"})
    response = caseworker_client.get(interview_url(case))
    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()


def test_the_fixture_tomatoes_are_the_iom_situation():
    assert TOMATOES["work__wage_paid__period"] == "day"
