"""The parties a case names, on the case page and in the case's exports: the holder only."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import Case, CaseShare, ConsentKind, SharingPurpose
from needsfirst.web.conftest import signed_in
from needsfirst.web.recruitment import services
from needsfirst.web.recruitment.models import Licence, LicenceStatus, PartyKind, Recruiter

pytestmark = pytest.mark.django_db


def _recruiter(name: str, number: str, status: str, kind: str = PartyKind.AGENCY) -> Recruiter:
    recruiter = Recruiter.objects.create(name=name, kind=kind, countries=["QA"])
    services.recruiter_name_keys_refresh(recruiter=recruiter)
    Licence.objects.create(
        recruiter=recruiter,
        authority="Department of Foreign Employment, Nepal",
        number=number,
        number_key=number.replace("/", ""),
        status=status,
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2099, 1, 1),
        source_title="DoFE list",
        imported_on=dt.date(2026, 11, 1),
    )
    return recruiter


@pytest.fixture
def named_case(open_case: Callable[..., Case], caseworker: User) -> Case:
    case = open_case(first_name="Sita")
    himalayan = _recruiter("Himalayan Manpower Services", "1234/070", LicenceStatus.SUSPENDED)
    employer = _recruiter("Doha Household Services", "QA-77", LicenceStatus.LICENSED, "employer")
    actor = Actor.for_user(caseworker)
    services.case_party_add(
        actor=actor, recruiter=himalayan, case_reference=case.reference, role="recruiter"
    )
    services.case_party_add(
        actor=actor, recruiter=employer, case_reference=case.reference, role="employer"
    )
    return case


def test_the_case_page_shows_each_party_with_its_role_status_today_and_registry_link(
    named_case: Case, caseworker_client: Client
) -> None:
    page = caseworker_client.get(reverse("cases:detail", args=[named_case.uuid])).content.decode()
    assert "Recruiters, employers and others involved" in page
    today = timezone.localdate().isoformat()
    assert f"Registry status on \u2066{today}\u2069" in page
    himalayan = Recruiter.objects.get(name="Himalayan Manpower Services")
    assert reverse("recruitment:detail", args=[himalayan.uuid]) in page
    row = page[page.index("Himalayan Manpower Services") :]
    assert row.index("Suspended") < row.index("</tr>")
    assert "Doha Household Services" in page
    assert ">Employer<" in page
    assert ">Recruiter<" in page


def test_a_case_without_parties_says_so_and_points_to_the_registry(
    open_case: Callable[..., Case], caseworker_client: Client
) -> None:
    case = open_case()
    page = caseworker_client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "No recruiter, employer or other party is named yet." in page
    assert reverse("recruitment:registry") in page


def test_the_json_export_carries_the_parties_with_htcds_roles_and_todays_status(
    named_case: Case, caseworker_client: Client
) -> None:
    response = caseworker_client.get(reverse("cases:export_json", args=[named_case.uuid]))
    parties = json.loads(response.content)["cases"][0]["parties"]
    by_name = {party["name"]: party for party in parties}
    recruiter = by_name["Himalayan Manpower Services"]
    assert recruiter["per_RoleInProcess"] == "RecruiterOrIntermediary"
    assert recruiter["per_RoleDetails"] == "recruiter"
    assert recruiter["registry_status"] == "suspended"
    assert recruiter["registry_status_on"] == timezone.localdate().isoformat()
    assert recruiter["licences"] == [
        {"authority": "Department of Foreign Employment, Nepal", "number": "1234/070"}
    ]
    employer = by_name["Doha Household Services"]
    assert (employer["per_RoleInProcess"], employer["per_RoleDetails"]) == ("Other", "employer")
    assert employer["registry_status"] == "licensed"


def test_the_pdf_export_names_the_parties(
    named_case: Case, caseworker_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from needsfirst.web.cases import exports

    drawn: list[str] = []
    original = exports.paragraph

    def spy(text: str, style: object, width: float, **kwargs: object) -> object:
        drawn.append(text)
        return original(text, style, width, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(exports, "paragraph", spy)
    response = caseworker_client.get(reverse("cases:export_pdf", args=[named_case.uuid]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    lines = [text for text in drawn if text.startswith("parties ")]
    assert len(lines) == 2
    recruiter = next(text for text in lines if "Himalayan Manpower Services" in text)
    assert "per_RoleInProcess: RecruiterOrIntermediary" in recruiter
    assert "registry_status: suspended" in recruiter


def test_another_organisation_gets_not_found_for_the_case_and_its_exports(
    named_case: Case, make_user: Callable[..., User], other_ngo: Organisation
) -> None:
    stranger = signed_in(make_user(Role.CASEWORKER, other_ngo, "stranger"))
    for name in ("cases:detail", "cases:export_json", "cases:export_pdf"):
        assert stranger.get(reverse(name, args=[named_case.uuid])).status_code == 404


def test_a_partner_holding_a_consented_share_does_not_see_the_parties(
    named_case: Case, caseworker: User, make_user: Callable[..., User], other_ngo: Organisation
) -> None:
    consent = case_services.consent_record(
        actor=Actor.for_user(caseworker),
        case=named_case,
        data={
            "kind": ConsentKind.DATA_SHARING,
            "granted": True,
            "purpose": SharingPurpose.REFERRAL,
            "recipient": other_ngo,
            "method": "written",
            "decided_on": timezone.localdate(),
        },
    )
    CaseShare.objects.create(
        case=named_case,
        organisation=other_ngo,
        consent=consent,
        sections=["identity", "contact", "documents", "events", "notes"],
    )
    partner = signed_in(make_user(Role.CASEWORKER, other_ngo, "partner"))
    page = partner.get(reverse("cases:detail", args=[named_case.uuid]))
    assert page.status_code == 200
    assert "Sita" in page.content.decode()  # the share works...
    assert "Himalayan Manpower Services" not in page.content.decode()  # ...parties stay home
    assert "Recruiters, employers and others involved" not in page.content.decode()
    assert partner.get(reverse("cases:export_json", args=[named_case.uuid])).status_code == 404


@pytest.mark.parametrize("role", [Role.ANALYST, Role.LABOUR_INSPECTOR, Role.ORGANISATION_ADMIN])
def test_roles_without_case_access_in_the_holding_organisation_see_no_case_or_export(
    role: str, named_case: Case, make_user: Callable[..., User], shelter: Organisation
) -> None:
    client = signed_in(make_user(role, shelter, f"someone-{role}"))
    for name in ("cases:detail", "cases:export_json", "cases:export_pdf"):
        response = client.get(reverse(name, args=[named_case.uuid]))
        assert response.status_code in (403, 404)
        assert b"Himalayan Manpower Services" not in response.content
    # The registry page itself shows them only the number of cases naming the recruiter.
    himalayan = Recruiter.objects.get(name="Himalayan Manpower Services")
    page = client.get(reverse("recruitment:detail", args=[himalayan.uuid])).content.decode()
    assert "1 case in all organisations." in page
    assert named_case.reference not in page


def test_the_status_shown_is_todays_even_after_the_licence_changes(
    named_case: Case, caseworker_client: Client
) -> None:
    Licence.objects.filter(number="1234/070").update(status=LicenceStatus.LICENSED)
    response = caseworker_client.get(reverse("cases:export_json", args=[named_case.uuid]))
    parties = json.loads(response.content)["cases"][0]["parties"]
    assert {p["name"]: p["registry_status"] for p in parties}["Himalayan Manpower Services"] == (
        "licensed"
    )
