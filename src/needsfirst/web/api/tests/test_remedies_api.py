"""The API of the road to a remedy and of the inspectorate's ranked list: the same rules as the
pages, errors naming the field, other organisations' ids answering 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from needsfirst.wages.remedies import RemedyErrorCode, RemedyInputError
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role
from needsfirst.web.claims.models import ClaimMatter
from needsfirst.web.common.errors import input_error_message
from needsfirst.web.conftest import signed_in
from needsfirst.web.inspection import services as inspection

pytestmark = pytest.mark.django_db

HAQUE = {
    "jurisdiction": "GB",
    "forum": "employment-tribunal",
    "first_unpaid": "2016-06-20",
    "last_unpaid": "2016-06-20",
    "conciliation_started": "2016-07-22",
    "conciliation_ended": "2016-08-22",
}


def _list(case):
    return reverse("claim-matter-list", kwargs={"case_id": case.uuid})


def test_a_claim_is_taken_to_a_forum_and_followed_through_the_api(open_case, caseworker):
    case = open_case()
    client = signed_in(caseworker)
    created = client.post(_list(case), HAQUE, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["deadline"] == "2016-10-20"
    matter_id = created.json()["id"]
    url = reverse("claim-matter-detail", kwargs={"case_id": case.uuid, "matter_id": matter_id})
    patched = client.patch(
        url, {"stage": "filed", "filed_on": "2016-10-01"}, content_type="application/json"
    )
    assert patched.status_code == 200
    assert patched.json()["stage"] == "filed"
    assert [row["id"] for row in client.get(_list(case)).json()] == [matter_id]
    assert ClaimMatter.objects.get().filed_on == date(2016, 10, 1)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"forum": "magistrates"}, "forum"),
        ({"last_unpaid": "2016-01-01"}, "last_unpaid"),
        ({"conciliation_ended": "2016-07-01"}, "events.conciliation_ended"),
        ({"first_unpaid": "yesterday"}, "first_unpaid"),
    ],
)
def test_bad_facts_are_refused_naming_the_field(open_case, caseworker, change, field):
    case = open_case()
    response = signed_in(caseworker).post(
        _list(case), {**HAQUE, **change}, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not ClaimMatter.objects.exists()


def test_a_contradictory_follow_up_is_refused_naming_the_field(open_case, caseworker):
    case = open_case()
    client = signed_in(caseworker)
    matter_id = client.post(_list(case), HAQUE, content_type="application/json").json()["id"]
    url = reverse("claim-matter-detail", kwargs={"case_id": case.uuid, "matter_id": matter_id})
    response = client.patch(url, {"stage": "filed"}, content_type="application/json")
    assert response.status_code == 400
    assert "filed_on" in response.json()["errors"]


def test_another_organisation_gets_404(open_case, caseworker, make_user, other_ngo):
    case = open_case()
    matter_id = (
        signed_in(caseworker).post(_list(case), HAQUE, content_type="application/json").json()["id"]
    )
    stranger = signed_in(make_user(Role.CASEWORKER, other_ngo))
    assert stranger.get(_list(case)).status_code == 404
    url = reverse("claim-matter-detail", kwargs={"case_id": case.uuid, "matter_id": matter_id})
    response = stranger.patch(url, {"stage": "closed"}, content_type="application/json")
    assert response.status_code == 404
    assert ClaimMatter.objects.get().stage == "open"


def test_the_inspector_reads_the_ranked_list_with_reasons_and_only_their_own(make_user):
    mine = Organisation.objects.create(
        name="Inspectorate", type=OrganisationType.CENTRAL_GOVERNMENT, country="GB"
    )
    other = Organisation.objects.create(
        name="Other inspectorate", type=OrganisationType.CENTRAL_GOVERNMENT, country="GB"
    )
    kofi = make_user(Role.LABOUR_INSPECTOR, mine, "kofi")
    stranger = make_user(Role.LABOUR_INSPECTOR, other, "other")
    inspection.workplace_register(
        actor=Actor.for_user(kofi),
        data={"name": "Farm", "jurisdiction": "GB", "isic": "A01", "complaints": 1},
    )
    inspection.workplace_register(
        actor=Actor.for_user(stranger), data={"name": "Theirs", "jurisdiction": "GB", "isic": "F41"}
    )
    rows = signed_in(kofi).get(reverse("inspection-workplace-list")).json()
    assert [row["name"] for row in rows] == ["Farm"]
    assert rows[0]["points"] == 35
    assert [reason["feature"] for reason in rows[0]["reasons"]] == ["sector", "complaints"]


@pytest.mark.parametrize(
    ("language", "change", "field", "sentence"),
    [
        (
            "en",
            {"conciliation_started": None},
            "events.conciliation_started",
            "Give the day the conciliation started when you give the day it ended.",
        ),
        ("es", {"last_unpaid": "2016-01-01"}, "last_unpaid", "anterior al primer día de pago"),
        ("ar", {"conciliation_ended": "2016-07-01"}, "events.conciliation_ended", "التوفيق"),
        ("fr", {"forum": "magistrates"}, "forum", "« magistrates » n'est pas une instance de GB."),
    ],
)
def test_the_cores_refusal_is_worded_in_the_callers_language(
    open_case, caseworker, language, change, field, sentence
):
    response = signed_in(caseworker).post(
        _list(open_case()),
        {**HAQUE, **change},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 400
    (message,) = response.json()["errors"][field]
    assert sentence in message
    assert "first_unpaid" not in message  # never the core's English naming its own keys


def test_every_refusal_of_the_core_has_a_sentence_in_each_language():
    params = {"value": "x", "choices": "a, b", "forum": "f", "country": "GB"}
    for language in ("fr", "es", "ar"):
        with translation.override(language):
            for code in RemedyErrorCode:
                error = RemedyInputError("field", "the core's English", code=code, **params)
                with translation.override("en"):
                    english = input_error_message(error)
                assert input_error_message(error) not in {english, error.reason}, (language, code)
