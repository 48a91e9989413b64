"""The duplicate review: the job finds a pair, a caseworker compares, merges, undoes; and the
attempts that must be refused (another organisation, an analyst, the world changing between
the list and the button)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import Case, CaseNote, Person
from needsfirst.web.cases.selectors import people_search
from needsfirst.web.cases.services import people_reindex_all, person_erase
from needsfirst.web.conftest import signed_in
from needsfirst.web.dedup import services
from needsfirst.web.dedup.models import (
    CandidateStatus,
    DuplicateCandidate,
    DuplicateRun,
    PersonMerge,
)
from needsfirst.web.dedup.services import MergeRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_registrations(open_case: Callable[..., Case], caseworker: User) -> tuple[Case, Case]:
    """One man registered twice: once as Mohammed Al-Hassan, once as Muhammad Alhassan."""
    first = open_case(
        "Mohammed", "Al-Hassan", birthdate=dt.date(1990, 5, 17), citizenship=["SY"], sex="male"
    )
    second = open_case(
        "Muhammad", "Alhassan", birthdate=dt.date(1990, 5, 17), citizenship=["SY"], sex="male"
    )
    CaseNote.objects.create(
        case=second, body="Met at the port.", note_date=dt.date(2026, 1, 5), author=caseworker
    )
    open_case("Sita", "Shrestha", birthdate=dt.date(2001, 11, 9), citizenship=["NP"])
    return first, second


def _run(client: Client, django_capture_on_commit_callbacks: Any) -> DuplicateCandidate:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dedup:start"))
    assert response.status_code == 302
    return DuplicateCandidate.objects.get()


def test_the_job_finds_two_spellings_of_one_person_and_stores_ids_and_reasons_only(
    caseworker_client: Client,
    two_registrations: tuple[Case, Case],
    django_capture_on_commit_callbacks: Any,
) -> None:
    first, second = two_registrations
    candidate = _run(caseworker_client, django_capture_on_commit_callbacks)
    assert {candidate.person_a_id, candidate.person_b_id} == {first.person_id, second.person_id}
    assert candidate.probability > 0.9
    assert candidate.reasons["birth"] == "birth_same_date"
    stored = str(candidate.reasons) + str(DuplicateRun.objects.get().__dict__)
    assert "Hassan" not in stored
    assert "Muhammad" not in stored
    run = DuplicateRun.objects.get()
    assert (run.status, run.people, run.candidates) == ("done", 3, 1)
    assert AuditEntry.objects.filter(object_type="duplicaterun", action=AuditAction.VIEW).exists()


def test_review_shows_both_people_side_by_side_with_the_reasons_and_is_audited(
    caseworker_client: Client,
    two_registrations: tuple[Case, Case],
    django_capture_on_commit_callbacks: Any,
) -> None:
    candidate = _run(caseworker_client, django_capture_on_commit_callbacks)
    page = caseworker_client.get(reverse("dedup:review", args=[candidate.uuid]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Mohammed Al-Hassan" in text
    assert "Muhammad Alhassan" in text
    assert "The same date of birth." in text
    assert "Document number: not recorded for one of them or both, so not compared." in text
    assert "missing" not in text
    assert two_registrations[1].reference in text
    viewed = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="person")
    assert viewed.count() == 2


def test_merge_keeps_both_histories_and_undo_gives_each_person_their_cases_back(
    caseworker_client: Client,
    two_registrations: tuple[Case, Case],
    django_capture_on_commit_callbacks: Any,
) -> None:
    first, second = two_registrations
    candidate = _run(caseworker_client, django_capture_on_commit_callbacks)
    keep = "a" if candidate.person_a_id == first.person_id else "b"
    response = caseworker_client.post(reverse("dedup:merge", args=[candidate.uuid]), {"keep": keep})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.person_id == first.person_id
    assert second.notes.get().body == "Met at the port."
    merge = PersonMerge.objects.get()
    assert merge.absorbed.first_name == "Muhammad"  # the absorbed record is kept, mapped
    assert AuditEntry.objects.filter(object_type="personmerge", detail__merged=True).exists()
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.MERGED

    caseworker_client.post(reverse("dedup:undo", args=[merge.uuid]))
    second.refresh_from_db()
    assert second.person_id == merge.absorbed_id
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.OPEN
    assert AuditEntry.objects.filter(object_type="personmerge", detail__undone=True).exists()


def test_merging_people_of_two_organisations_is_refused_with_the_reason(
    caseworker: User,
    open_case: Callable[..., Case],
    make_user: Callable[..., User],
    other_ngo: Organisation,
) -> None:
    ours = open_case("Tesfaye", "Gebremariam").person
    theirs = open_case("Tesfay", "Gebre Mariam", by=make_user(Role.CASEWORKER, other_ngo)).person
    with pytest.raises(MergeRefused) as refused:
        services.merge_people(actor=Actor.for_user(caseworker), kept=ours, absorbed=theirs)
    assert refused.value.code == MergeRefused.OTHER_ORGANISATION
    assert Case.objects.filter(person=theirs).count() == 1
    assert AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, detail__refused="other_organisation"
    ).exists()


def test_another_organisation_cannot_see_or_merge_or_undo_our_pairs(
    caseworker_client: Client,
    two_registrations: tuple[Case, Case],
    django_capture_on_commit_callbacks: Any,
    make_user: Callable[..., User],
    other_ngo: Organisation,
) -> None:
    candidate = _run(caseworker_client, django_capture_on_commit_callbacks)
    stranger = signed_in(make_user(Role.SUPERVISOR, other_ngo))
    assert stranger.get(reverse("dedup:review", args=[candidate.uuid])).status_code == 404
    merge_url = reverse("dedup:merge", args=[candidate.uuid])
    assert stranger.post(merge_url, {"keep": "a"}).status_code == 404
    assert "Al-Hassan" not in stranger.get(reverse("dedup:list")).content.decode()
    caseworker_client.post(merge_url, {"keep": "a"})
    merge = PersonMerge.objects.get()
    assert stranger.post(reverse("dedup:undo", args=[merge.uuid])).status_code == 404
    assert PersonMerge.objects.get().undone_at is None


def test_an_analyst_is_refused_every_page_and_the_refusal_is_audited(
    make_user: Callable[..., User], shelter: Organisation
) -> None:
    analyst = signed_in(make_user(Role.ANALYST, shelter))
    assert analyst.get(reverse("dedup:list")).status_code == 403
    assert analyst.post(reverse("dedup:start")).status_code == 403
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED).count() == 2
    assert not DuplicateRun.objects.exists()


def test_a_person_erased_between_the_list_and_the_merge_is_not_merged(
    caseworker_client: Client,
    supervisor: User,
    two_registrations: tuple[Case, Case],
    django_capture_on_commit_callbacks: Any,
) -> None:
    candidate = _run(caseworker_client, django_capture_on_commit_callbacks)
    person_erase(actor=Actor.for_user(supervisor), person=candidate.person_b)
    response = caseworker_client.post(
        reverse("dedup:merge", args=[candidate.uuid]), {"keep": "a"}, follow=True
    )
    assert "has been erased" in response.content.decode()
    assert not PersonMerge.objects.exists()
    assert "Al-Hassan" not in caseworker_client.get(reverse("dedup:list")).content.decode()


def test_a_person_moved_to_another_organisation_between_the_steps_is_not_merged_nor_shown(
    caseworker_client: Client,
    two_registrations: tuple[Case, Case],
    django_capture_on_commit_callbacks: Any,
    other_ngo: Organisation,
) -> None:
    candidate = _run(caseworker_client, django_capture_on_commit_callbacks)
    Person.objects.filter(pk=candidate.person_b_id).update(organisation=other_ngo)
    page = caseworker_client.get(reverse("dedup:review", args=[candidate.uuid]))
    text = page.content.decode()
    assert "not both held by your organisation" in text
    moved = Person.objects.get(pk=candidate.person_b_id)
    assert moved.first_name not in text
    assert moved.first_name not in caseworker_client.get(reverse("dedup:list")).content.decode()
    response = caseworker_client.post(
        reverse("dedup:merge", args=[candidate.uuid]), {"keep": "a"}, follow=True
    )
    assert "not both held by your organisation" in response.content.decode()
    assert not PersonMerge.objects.exists()


def test_a_pair_decided_by_someone_else_in_the_meantime_is_not_decided_twice(
    caseworker_client: Client,
    supervisor_client: Client,
    two_registrations: tuple[Case, Case],
    django_capture_on_commit_callbacks: Any,
) -> None:
    candidate = _run(caseworker_client, django_capture_on_commit_callbacks)
    supervisor_client.post(reverse("dedup:not_same", args=[candidate.uuid]))
    response = caseworker_client.post(
        reverse("dedup:merge", args=[candidate.uuid]), {"keep": "a"}, follow=True
    )
    assert "already decided" in response.content.decode()
    assert not PersonMerge.objects.exists()


def test_a_merge_without_choosing_the_record_to_keep_says_so(
    caseworker_client: Client,
    two_registrations: tuple[Case, Case],
    django_capture_on_commit_callbacks: Any,
) -> None:
    candidate = _run(caseworker_client, django_capture_on_commit_callbacks)
    response = caseworker_client.post(
        reverse("dedup:merge", args=[candidate.uuid]), {"keep": "c"}, follow=True
    )
    assert "Choose which record to keep." in response.content.decode()
    assert not PersonMerge.objects.exists()


def test_the_absorbed_person_leaves_the_name_search_and_comes_back_when_the_merge_is_undone(
    caseworker: User, two_registrations: tuple[Case, Case]
) -> None:
    first, second = two_registrations
    actor = Actor.for_user(caseworker)
    kept, absorbed = first.person, second.person

    def found(text: str) -> set[int]:
        return {person.pk for person in people_search(caseworker, text)}

    assert found("Muhammad Alhassan") == {kept.pk, absorbed.pk}
    merge = services.merge_people(actor=actor, kept=kept, absorbed=absorbed)
    assert found("Muhammad Alhassan") == {kept.pk}
    # a key rotation rebuilds every blind index, the absorbed person's too: still not found
    people_reindex_all()
    assert found("Muhammad Alhassan") == {kept.pk}
    services.undo_merge(actor=actor, merge_uuid=merge.uuid)
    assert found("Muhammad Alhassan") == {kept.pk, absorbed.pk}
    absorbed.refresh_from_db()
    assert absorbed.merged_into is None
