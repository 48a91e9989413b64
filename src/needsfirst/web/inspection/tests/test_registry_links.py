"""Workplaces linked to the recruiter registry: the employer and the recruiters as registry
entries, the "unlicensed recruiters" of the score read from the registry's status today, and
the cases naming the employer counted across organisations, as a count only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role
from needsfirst.web.cases import services as cases
from needsfirst.web.conftest import signed_in
from needsfirst.web.inspection import selectors, services
from needsfirst.web.inspection.errors import InspectionError
from needsfirst.web.inspection.models import Workplace
from needsfirst.web.recruitment.models import (
    CaseParty,
    Licence,
    LicenceStatus,
    PartyKind,
    PartyRole,
    Recruiter,
)
from needsfirst.web.recruitment.services import recruiter_name_keys_refresh

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _entry(name: str, number: str, *, kind: str = PartyKind.AGENCY, until: date | None = None):
    recruiter = Recruiter.objects.create(name=name, kind=kind)
    recruiter_name_keys_refresh(recruiter=recruiter)
    Licence.objects.create(
        recruiter=recruiter,
        authority="Department of Foreign Employment",
        number=number,
        number_key=number.replace("/", "").upper(),
        status=LicenceStatus.LICENSED,
        valid_from=date(2020, 1, 1),
        valid_until=until,
        source_title="Licence list",
        imported_on=date(2026, 1, 1),
    )
    return recruiter


@pytest.fixture
def inspectorate(db):
    return Organisation.objects.create(
        name="Labour Inspectorate", type=OrganisationType.CENTRAL_GOVERNMENT, country="GB"
    )


@pytest.fixture
def inspector(make_user, inspectorate):
    return make_user(Role.LABOUR_INSPECTOR, inspectorate, "kofi")


@pytest.fixture
def registry():
    return {
        "employer": _entry("Green Valley Ltd", "E/1", kind=PartyKind.EMPLOYER),
        "valid": _entry("Harvest Staff", "100/1"),
        # its licence ran out yesterday: unlicensed today
        "lapsed": _entry("Quick Jobs Agency", "200/2", until=TODAY - timedelta(days=1)),
    }


def _farm(inspector, **extra):
    data = {"name": "Farm", "jurisdiction": "GB", "isic": "A01", "migrant_share": 0, **extra}
    return services.workplace_register(actor=Actor.for_user(inspector), data=data)


def test_a_workplace_names_its_employer_and_recruiters_as_registry_entries(inspector, registry):
    client = signed_in(inspector)
    response = client.post(
        reverse("inspection:workplace_new"),
        {
            "name": "Green Valley Farm",
            "jurisdiction": "GB",
            "isic": "A01",
            "size": "40",
            "migrant_share": "0",
            "complaints": "0",
            "employer_registry": "E/1",
            "registry_recruiters": "100/1\nQuick Jobs Agency",
        },
    )
    assert response.status_code == 302
    farm = Workplace.objects.get()
    assert farm.employer_entry == str(registry["employer"].uuid)
    assert farm.recruiter_entries == [str(registry["valid"].uuid), str(registry["lapsed"].uuid)]
    page = client.get(reverse("inspection:workplace", args=[farm.uuid])).content.decode()
    assert "Green Valley Ltd" in page
    assert "in the recruiter registry, today: Licensed" in page
    assert "in the recruiter registry, today: Licence expired" in page
    # the score counts the recruiter whose licence is not in force today, from the registry
    listing = client.get(reverse("inspection:list")).context["rows"]
    reasons = " ".join(reason["text"] for reason in listing[0]["reasons"])
    assert "Recruiters used without a licence: 1, 15 points" in reasons


def test_the_score_reads_the_registry_as_of_the_day_asked(inspector, registry):
    farm = _farm(inspector, registry_recruiters=["100/1"])
    Licence.objects.filter(recruiter=registry["valid"]).update(valid_until=TODAY + timedelta(1))
    assert selectors.signals_of(farm, on=TODAY).unlicensed_recruiters == 0
    later = TODAY + timedelta(days=2)
    assert selectors.signals_of(farm, on=later).unlicensed_recruiters == 1


def test_a_registry_line_that_matches_nothing_is_refused_naming_the_field(inspector, registry):
    with pytest.raises(InspectionError) as refused:
        _farm(inspector, employer_registry="No Such Employer Anywhere")
    assert refused.value.field == "employer_registry"
    with pytest.raises(InspectionError) as refused:
        _farm(inspector, registry_recruiters=["100/1", "999/9"])
    assert refused.value.field == "registry_recruiters"
    assert not Workplace.objects.exists()


def test_cases_naming_the_employer_count_across_organisations_as_a_count_only(
    inspector, registry, make_user, shelter, other_ngo
):
    farm = _farm(inspector, employer_registry="E/1")
    references = []
    for organisation, username in ((shelter, "amina"), (other_ngo, "bea")):
        worker = make_user(Role.CASEWORKER, organisation, username)
        case = cases.case_intake(actor=Actor.for_user(worker), person_data={"first_name": "N"})
        CaseParty.objects.create(case=case, recruiter=registry["employer"], role=PartyRole.EMPLOYER)
        references.append(case.reference)
    # the same case naming the employer twice (two roles) counts once
    CaseParty.objects.create(case=case, recruiter=registry["employer"], role=PartyRole.EXPLOITER)
    assert selectors.signals_of(farm, on=TODAY).case_signals == 2

    client = signed_in(inspector)
    listing = client.get(reverse("inspection:list"))
    reasons = " ".join(r["text"] for r in listing.context["rows"][0]["reasons"])
    assert "Cases pointing to the workplace (counts only): 2, 10 points" in reasons
    for response in (
        listing,
        client.get(reverse("inspection:workplace", args=[farm.uuid])),
        client.get(reverse("inspection-workplace-list")),
    ):
        body = response.content.decode()
        assert all(reference not in body for reference in references)
        assert str(case.uuid) not in body
    page = client.get(reverse("inspection:workplace", args=[farm.uuid])).content.decode()
    assert "2 cases, in all organisations (a count only)" in page


def test_the_inspector_reaches_no_case_counted_in_the_score(
    inspector, registry, make_user, shelter
):
    _farm(inspector, employer_registry="E/1")
    worker = make_user(Role.CASEWORKER, shelter, "amina")
    case = cases.case_intake(actor=Actor.for_user(worker), person_data={"first_name": "Nadia"})
    CaseParty.objects.create(case=case, recruiter=registry["employer"], role=PartyRole.EMPLOYER)
    client = signed_in(inspector)
    assert client.get(reverse("cases:detail", args=[case.uuid])).status_code == 403
    registry_page = client.get(reverse("recruitment:detail", args=[registry["employer"].uuid]))
    assert case.reference not in registry_page.content.decode()


def test_the_api_records_registry_links_and_refuses_an_unknown_entry_naming_the_field(
    inspector, registry
):
    client = signed_in(inspector)
    url = reverse("inspection-workplace-list")
    made = client.post(
        url,
        {
            "name": "Farm",
            "jurisdiction": "GB",
            "isic": "A01",
            "employer_registry": "E/1",
            "registry_recruiters": ["200/2"],
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["employer_entry"] == str(registry["employer"].uuid)
    assert made.json()["recruiter_entries"] == [str(registry["lapsed"].uuid)]
    ranked = client.get(url).json()
    assert "unlicensed_recruiters" in [reason["feature"] for reason in ranked[0]["reasons"]]
    refused = client.post(
        url,
        {"name": "X", "jurisdiction": "GB", "isic": "A01", "registry_recruiters": ["999/9"]},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "registry_recruiters" in refused.json()["errors"]
    assert Workplace.objects.count() == 1
