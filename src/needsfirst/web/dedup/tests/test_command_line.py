"""`needsfirst duplicates run | counts`: the organisation's detection from the command line,
through the entry point, printing counts and never a name; refused to another organisation's
user and to a role that reviews no one."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest

from needsfirst.cli import main
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import Case
from needsfirst.web.dedup.models import DuplicateCandidate, DuplicateRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered_twice(open_case: Callable[..., Case]) -> None:
    open_case(
        "Mohammed", "Al-Hassan", birthdate=dt.date(1990, 5, 17), citizenship=["SY"], sex="male"
    )
    open_case(
        "Muhammad", "Alhassan", birthdate=dt.date(1990, 5, 17), citizenship=["SY"], sex="male"
    )
    open_case("Sita", "Shrestha", birthdate=dt.date(2001, 11, 9), citizenship=["NP"])


def arguments(verb: str, organisation: Organisation, user: str, *more: str) -> list[str]:
    return ["duplicates", verb, "--organisation", str(organisation.uuid), "--user", user, *more]


def test_run_finds_the_pair_and_prints_counts_without_a_name(
    registered_twice, caseworker: User, shelter: Organisation, capsys
):
    assert main(arguments("run", shelter, caseworker.username, "--json")) == 0
    printed = capsys.readouterr().out
    counts = json.loads(printed)
    assert counts["status"] == "done"
    assert (counts["people_compared"], counts["new_pairs"]) == (3, 1)
    assert counts["pairs_to_review"] == 1
    assert DuplicateCandidate.objects.count() == 1
    assert DuplicateRun.objects.get().requested_by == caseworker
    for name in ("Mohammed", "Muhammad", "Hassan", "Sita"):
        assert name not in printed


def test_counts_follow_the_reviews_decisions(
    registered_twice, caseworker: User, shelter: Organisation, capsys
):
    main(arguments("run", shelter, caseworker.username))
    capsys.readouterr()
    DuplicateCandidate.objects.update(status="not_same")
    assert main(arguments("counts", shelter, caseworker.username)) == 0
    printed = capsys.readouterr().out
    assert "pairs to review: 0" in printed
    assert "pairs not the same: 1" in printed
    assert AuditEntry.objects.filter(object_id="counts", action=AuditAction.VIEW).exists()


def test_a_user_of_another_organisation_is_refused(
    registered_twice, caseworker: User, other_ngo: Organisation, capsys
):
    assert main(arguments("run", other_ngo, caseworker.username)) == 2
    assert "refused" in capsys.readouterr().err
    assert not DuplicateRun.objects.exists()


def test_an_analyst_is_refused_and_the_refusal_is_audited(make_user, shelter: Organisation, capsys):
    analyst = make_user(Role.ANALYST, shelter, "analyst")
    assert main(arguments("counts", shelter, "analyst")) == 2
    assert "only a caseworker or a supervisor" in capsys.readouterr().err
    assert AuditEntry.objects.filter(actor=analyst, action=AuditAction.ACCESS_DENIED).exists()


def test_a_malformed_organisation_id_is_refused_not_a_traceback(caseworker: User, capsys):
    command = ["duplicates", "counts", "--organisation", "not-a-uuid", "--user", "caseworker"]
    assert main(command) == 2
    assert "no active user of that name in that organisation" in capsys.readouterr().err
