"""The analysts' dashboard and partner releases: consent decides what is counted, small cells
never show, and no page or file names a person."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases.models import Consent, ConsentKind, SharingPurpose
from needsfirst.web.conftest import signed_in
from needsfirst.web.screening.models import Screening
from needsfirst.web.statistics.models import CaseFacts, PartnerRelease
from needsfirst.web.statistics.refresh import refresh_case_facts
from needsfirst.web.statistics.selectors import CHARTS, suppress

pytestmark = pytest.mark.django_db

NAMES = ("Zenobia", "Quarrington")


def consent(case, by, *, granted: bool = True) -> Consent:
    return Consent.objects.create(
        case=case,
        kind=ConsentKind.DATA_SHARING,
        purpose=SharingPurpose.STATISTICS,
        granted=granted,
        method="verbal",
        decided_on=timezone.localdate(),
        recorded_by=by,
    )


@pytest.fixture
def counted_cases(open_case, caseworker):
    cases = []
    for number in range(14):
        case = open_case(
            first_name=f"{NAMES[0]}{number}",
            second_name=NAMES[1],
            gender="Feminine" if number < 12 else "Masculine",
            citizenship=["NP"],
            estimated_age=25,
        )
        consent(case, caseworker)
        cases.append(case)
    return cases


@pytest.fixture
def analyst_client(make_user, other_ngo):
    return signed_in(make_user(Role.ANALYST, other_ngo))


def test_secondary_suppression_hides_enough_that_the_total_cannot_reveal_a_small_cell():
    cells = suppress([("a", "A", 40), ("b", "B", 3), ("c", "C", 1), ("d", "D", 9)], 5, True)
    hidden = {c.key for c in cells if c.count is None}
    assert hidden == {"b", "c", "d"}  # 3 + 1 < 5, so the next smallest (9) goes too
    single = suppress([("a", "A", 40), ("b", "B", 2), ("c", "C", 7)], 5, True)
    assert {c.key for c in single if c.count is None} == {"b", "c"}
    assert all(c.count is not None for c in suppress([("a", "A", 9), ("b", "B", 6)], 5, True))


def test_without_a_total_only_small_cells_are_hidden():
    cells = suppress([("a", "A", 40), ("b", "B", 2), ("c", "C", 7)], 5, False)
    assert [c.count for c in cells] == [40, None, 7]


def test_only_cases_whose_consent_allows_statistics_are_counted(
    counted_cases, open_case, caseworker
):
    refused = open_case(first_name="Declined", gender="Feminine")
    consent(refused, caseworker, granted=False)
    open_case(first_name="Never asked", gender="Feminine")
    refresh_case_facts()
    assert CaseFacts.objects.count() == 16
    assert CHARTS["gender"]().total == 14
    assert CHARTS["nationality"]().total == 14


def test_a_withdrawal_stops_the_counting_at_once(counted_cases, caseworker):
    refresh_case_facts()
    given = Consent.objects.get(case=counted_cases[0])
    given.withdrawn_on = timezone.localdate()
    given.save()
    assert not CaseFacts.objects.get(case=counted_cases[0]).statistical_use
    assert CHARTS["gender"]().total == 13


def test_the_two_men_are_hidden_and_so_is_the_total_that_would_reveal_them(counted_cases):
    refresh_case_facts()
    gender = CHARTS["gender"]()
    men = next(c for c in gender.cells if c.key == "Masculine")
    assert men.count is None
    women = next(c for c in gender.cells if c.key == "Feminine")
    assert women.count is None  # else 14 - 12 = 2 would show the men


def test_types_of_exploitation_come_from_the_screening(counted_cases, caseworker):
    for case in counted_cases[:6]:
        Screening.objects.create(
            case=case,
            facts={"purposes": {"ForcedLabour": "yes"}, "work": {"sector": "domestic_work"}},
        )
    refresh_case_facts()
    exploitation = {c.key: c.count for c in CHARTS["exploitation"]().cells}
    assert exploitation["ForcedLabour"] == 6
    assert exploitation[""] == 8
    sector = {c.key: c.count for c in CHARTS["sector"]().cells}
    assert sector["domestic_work"] == 6


def test_the_dashboard_and_every_csv_show_no_name_reference_or_id(counted_cases, analyst_client):
    refresh_case_facts()
    page = analyst_client.get(reverse("statistics")).content.decode()
    assert "<svg" in page
    assert "<title id=" in page
    assert "Nepal" in page
    forbidden = [*NAMES, *(c.reference for c in counted_cases)]
    forbidden += [str(c.uuid) for c in counted_cases] + [str(c.person.uuid) for c in counted_cases]
    for key in CHARTS:
        response = analyst_client.get(reverse("statistics:csv", args=[key]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        text = response.content.decode()
        for value in forbidden:
            assert value not in text
            assert value not in page
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_type="statistics").count()
    assert "cdn" not in page.lower()


def test_a_csv_starts_with_the_chart_and_hides_small_counts(counted_cases, analyst_client):
    refresh_case_facts()
    text = analyst_client.get(reverse("statistics:csv", args=["nationality"])).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["By nationality", "cases"]
    assert rows[1] == ["Nepal", "14"]
    assert rows[-1] == ["Total", "14"]


def test_a_caseworker_cannot_see_the_dashboard(caseworker_client):
    assert caseworker_client.get(reverse("statistics")).status_code == 403
    assert caseworker_client.get(reverse("statistics:release")).status_code == 403


def test_an_analyst_produces_a_k_anonymous_ctdc_release_without_a_person_in_it(
    counted_cases, make_user, shelter
):
    refresh_case_facts()
    analyst = make_user(Role.ANALYST, shelter, username="lena")
    client = signed_in(analyst)
    data = {
        "kind": "ctdc",
        "k": 11,
        "max_suppression": 0.2,
        "dimension": "gender",
        "epsilon": 1,
        "bound": 1,
    }
    response = client.post(reverse("statistics:release"), data)
    assert response.status_code == 302
    release = PartnerRelease.objects.get()
    assert release.report["k"] == 11
    detail = client.get(response["Location"]).content.decode()
    assert "k-anonymous at k = 11" in detail
    download = client.get(reverse("statistics:release-download", args=[release.uuid]))
    text = download.content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    assert {row["ageBroad"] for row in rows} <= {"24--26", "Adult", "*"}
    assert all(row["citizenship"] in {"NP", "Southern Asia", "Asia", "*"} for row in rows)
    for case in counted_cases:
        assert str(case.person.uuid) not in text
        assert case.reference not in text
    assert NAMES[1] not in text
    assert AuditEntry.objects.filter(actor=analyst, action=AuditAction.CREATE).exists()
    assert AuditEntry.objects.filter(actor=analyst, action=AuditAction.EXPORT).exists()


def test_a_dp_release_states_its_budget(counted_cases, make_user, shelter):
    refresh_case_facts()
    client = signed_in(make_user(Role.ANALYST, shelter, username="lena"))
    data = {
        "kind": "dp_counts",
        "k": 11,
        "max_suppression": 0.01,
        "dimension": "gender",
        "epsilon": 0.5,
        "bound": 1,
    }
    response = client.post(reverse("statistics:release"), data)
    assert response.status_code == 302
    release = PartnerRelease.objects.get()
    assert "epsilon = 0.5" in release.statement
    assert release.content.startswith("# Counts released with differential privacy: epsilon = 0.5")
    assert release.report["contribution_bound"] == 1


def test_a_release_with_fewer_people_than_k_is_refused_and_nothing_is_kept(
    open_case, caseworker, make_user, shelter
):
    consent(open_case(first_name="Alone"), caseworker)
    refresh_case_facts()
    user = make_user(Role.ANALYST, shelter, username="lena")
    client = signed_in(user)
    data = {
        "kind": "ctdc",
        "k": 11,
        "max_suppression": 0.01,
        "dimension": "gender",
        "epsilon": 1,
        "bound": 1,
    }
    response = client.post(reverse("statistics:release"), data)
    assert response.status_code == 200
    assert "fewer people than k" in response.content.decode()
    assert not PartnerRelease.objects.exists()
    assert AuditEntry.objects.filter(actor=user, action=AuditAction.EXPORT_FAILED).exists()


def test_k_below_the_dashboard_threshold_is_refused_naming_the_field(make_user, shelter):
    client = signed_in(make_user(Role.ANALYST, shelter, username="lena"))
    data = {
        "kind": "ctdc",
        "k": 2,
        "max_suppression": 0.01,
        "dimension": "gender",
        "epsilon": 1,
        "bound": 1,
    }
    response = client.post(reverse("statistics:release"), data)
    assert response.status_code == 200
    assert "k must be at least 5" in response.content.decode()


def test_another_organisations_release_is_not_found(counted_cases, make_user, shelter, other_ngo):
    refresh_case_facts()
    mine = signed_in(make_user(Role.ANALYST, shelter, username="lena"))
    data = {
        "kind": "dp_counts",
        "k": 11,
        "max_suppression": 0.01,
        "dimension": "gender",
        "epsilon": 1,
        "bound": 1,
    }
    mine.post(reverse("statistics:release"), data)
    release = PartnerRelease.objects.get()
    theirs = signed_in(make_user(Role.ANALYST, other_ngo, username="someone"))
    url = reverse("statistics:release-download", args=[release.uuid])
    assert theirs.get(url).status_code == 404


def test_needs_referrals_and_claims_count_cases_holding_each_state(counted_cases):
    refresh_case_facts()
    CaseFacts.objects.filter(case__in=counted_cases[:7]).update(
        needs=",done,to_do,", referral_outcomes=",pending,", claims=",decided,filed,"
    )
    CaseFacts.objects.filter(case__in=counted_cases[7:]).update(needs=",done,")
    from needsfirst.web.statistics.counts import rebuild_counts

    rebuild_counts()
    needs = {c.key: c.count for c in CHARTS["needs"]().cells}
    assert needs == {"done": 14, "to_do": 7}
    assert CHARTS["needs"]().total is None  # a case may be in several states: no total
    assert {c.key: c.count for c in CHARTS["referral_outcomes"]().cells} == {"pending": 7}
    claims = {c.key: c.count for c in CHARTS["claims"]().cells}
    assert claims == {"filed": 7, "decided": 7}
    # a withdrawal takes the case out of every one of these counts at once
    given = Consent.objects.get(case=counted_cases[0])
    given.withdrawn_on = timezone.localdate()
    given.save()
    assert {c.key: c.count for c in CHARTS["needs"]().cells} == {"done": 13, "to_do": 6}


def test_an_erased_case_leaves_the_counts_at_once(counted_cases):
    refresh_case_facts()
    counted_cases[0].delete()
    assert CHARTS["nationality"]().total == 13


def test_an_organisation_administrator_finds_releases_in_the_menu_and_only_their_cases(
    counted_cases, make_user, shelter, other_ngo, open_case, caseworker
):
    refresh_case_facts()
    admin = make_user(Role.ORGANISATION_ADMIN, other_ngo, username="admin")
    client = signed_in(admin)
    page = client.get("/").content.decode()
    assert reverse("statistics:release") in page
    assert client.get(reverse("statistics")).status_code == 403
    data = {
        "kind": "ctdc",
        "k": 11,
        "max_suppression": 0.01,
        "dimension": "gender",
        "epsilon": 1,
        "bound": 1,
    }
    response = client.post(reverse("statistics:release"), data)
    # the shelter's fourteen cases are not the other NGO's to release
    assert "fewer people than k" in response.content.decode()


def test_a_release_that_cannot_meet_k_names_the_columns_to_generalise_on_the_page():
    from needsfirst.errors import InputError
    from needsfirst.release import ReleaseErrorCode
    from needsfirst.web.statistics.release_services import (
        release_error_message as _release_error,
    )

    error = InputError(
        ReleaseErrorCode.CANNOT_MEET_K,
        "ageBroad",
        params={"rows_lost": 40, "rows": 300, "generalise": [{"column": "ageBroad", "level": 1}]},
    )
    message = _release_error(error)
    assert "40 of 300 records" in message
    assert "Generalise these columns further: ageBroad." in message


def test_the_api_gives_the_same_suppressed_counts_and_no_person(counted_cases, make_user, shelter):
    refresh_case_facts()
    client = signed_in(make_user(Role.ANALYST, shelter, username="lena"))
    response = client.get("/api/v1/statistics/")
    assert response.status_code == 200
    body = response.json()
    assert body["threshold"] == 5
    assert body["counted"] == 14
    gender = next(c for c in body["charts"] if c["key"] == "gender")
    assert {cell["count"] for cell in gender["cells"]} == {None}  # 12 and 2: both hidden
    text = response.content.decode()
    for case in counted_cases:
        assert case.reference not in text
        assert str(case.uuid) not in text
    assert NAMES[1] not in text


def test_claims_and_money_recovered_come_from_the_cases_claim_matters(counted_cases, caseworker):
    from decimal import Decimal

    from needsfirst.web.claims.models import ClaimMatter

    for case in counted_cases[:6]:
        ClaimMatter.objects.create(
            case=case,
            jurisdiction="IT",
            forum="tribunale",
            facts={},
            rules_version="test",
            filed_on=timezone.localdate(),
            currency="EUR",
            recovered=Decimal("1000.00"),
            created_by=caseworker,
        )
    refresh_case_facts()
    claims = {c.key: c.count for c in CHARTS["claims"]().cells}
    assert claims == {"filed": 6, "recovered": 6}
    from needsfirst.web.statistics.selectors import recovered_amounts

    [euros] = recovered_amounts()
    assert euros.currency == "EUR"
    assert euros.amount == "6,000"
    assert euros.cases == 6


def test_an_analysts_token_reads_its_own_organisations_aggregates_only(
    counted_cases, ngo_cases, make_user, shelter, other_ngo
):
    """An NGO's administrator may mint an analyst's token: it must not read the shelter's
    counts (nor the total across organisations) that only an analyst's own account reads. Its
    own counts go through the same consent filter and the same suppression."""
    refresh_case_facts()
    secret = analyst_token(make_user(Role.ORGANISATION_ADMIN, other_ngo, "ngo-admin"))
    by_token = Client().get("/api/v1/statistics/", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert by_token["counted"] == 12  # the NGO's twelve consented cases, not the shelter's 14
    gender = next(c for c in by_token["charts"] if c["key"] == "gender")
    assert [(cell["key"], cell["count"]) for cell in gender["cells"]] == [("Masculine", 12)]

    analyst = signed_in(make_user(Role.ANALYST, shelter, username="lena"))
    everyone = analyst.get("/api/v1/statistics/").json()
    assert everyone["counted"] == 26  # an analyst's own account: every organisation


def test_an_organisations_token_sees_its_small_cells_suppressed(counted_cases, make_user, shelter):
    refresh_case_facts()
    secret = analyst_token(make_user(Role.ORGANISATION_ADMIN, shelter, "shelter-admin"))
    body = Client().get("/api/v1/statistics/", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    gender = next(c for c in body["charts"] if c["key"] == "gender")
    assert {cell["count"] for cell in gender["cells"]} == {None}  # 12 and 2: both hidden


def analyst_token(admin) -> str:
    """The secret of an analyst's token that the administrator mints for a system."""
    from needsfirst.web.api.tokens import token_create

    return token_create(
        actor=Actor.for_user(admin), name="Stats", scope="read", role="analyst"
    ).secret
