"""A caseworker checks the job offer of a case and starts the case's screening from it.

The check proposes answers; nothing is saved until the caseworker saves the interview. Only the
organisation holding the case reaches any of it.
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import services as case_services
from needsfirst.web.cases.models import Case, CaseShare, ConsentKind, SharingPurpose
from needsfirst.web.conftest import signed_in
from needsfirst.web.recruitment.models import HelpRequest
from needsfirst.web.screening import services as screening_services
from needsfirst.web.screening.models import Screening

pytestmark = pytest.mark.django_db

SUBSTITUTED = {
    "country_of_work": "QA",
    "sector": "domestic",
    "job": "housekeeper",
    "arrival_job": "farm labourer",
    "wage_amount": "1800",
    "wage_currency": "QAR",
    "wage_period": "month",
    "arrival_wage_amount": "500",
    "arrival_wage_currency": "QAR",
    "arrival_wage_period": "month",
    "passport_held_by": "employer",
}


class _Form(HTMLParser):
    """The values a browser would submit from the form with id `interview`."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.values: dict[str, str] = {}
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = a.get("id") == "interview"
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button"):
                self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a.get("name")
        elif tag == "option" and self.select and "selected" in a:
            self.values[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = a.get("name")
            self.values[self.textarea or ""] = ""

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.values[self.textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def submitted(html: str) -> dict[str, str]:
    parser = _Form()
    parser.feed(html)
    return parser.values


def test_the_check_shows_the_problems_for_the_case_and_saves_nothing(
    open_case: Callable[..., Case], caseworker_client: Client
) -> None:
    case = open_case()
    url = reverse("recruitment:case_offer", args=[case.uuid])
    assert caseworker_client.get(url).status_code == 200
    response = caseworker_client.post(url, {**SUBSTITUTED, "action": "check"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "farm labourer" in page  # the difference on arrival is named
    assert "Start the screening from this check" in page
    assert Screening.objects.count() == 0
    assert AuditEntry.objects.filter(object_id=str(case.uuid), detail__page="offer_check").exists()


def test_the_screening_starts_with_proposed_answers_and_is_saved_only_by_the_caseworker(
    open_case: Callable[..., Case], caseworker_client: Client
) -> None:
    case = open_case()
    url = reverse("recruitment:case_offer", args=[case.uuid])
    response = caseworker_client.post(url, {**SUBSTITUTED, "action": "screening"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Answers proposed from the offer check. Nothing is saved yet" in page
    assert Screening.objects.count() == 0
    values = submitted(page)
    assert values["indicators__D1_nature_of_job"] == "yes"
    assert values["indicators__D1_wages"] == "yes"
    assert values["indicators__D2_confiscation_of_documents"] == "yes"
    assert values["means__deception"] == "yes"
    assert values["work__wage_paid__amount"] == "500"
    assert values["work__documents_held_by"] == "employer"
    # The caseworker reviews and saves the interview as it stands: the screening app saves it.
    saved = caseworker_client.post(reverse("screening:interview", args=[case.uuid]), values)
    assert saved.status_code == 302
    screening = Screening.objects.get(case=case)
    assert screening.facts["indicators"] == {
        "D1.nature_of_job": "yes",
        "D1.wages": "yes",
        "D2.confiscation_of_documents": "yes",
    }
    assert screening.facts["means"] == {"deception": "yes"}
    assert screening.facts["acts"] == {"recruitment": "yes"}
    assert screening.facts["work"]["wage_paid"] == {
        "amount": 500,
        "currency": "QAR",
        "period": "month",
    }
    # The screening's jurisdiction stays the organisation's (the law it screens under).
    assert screening.facts["jurisdiction"] == case.organisation.country
    assert screening.determinations.count() == 1


def test_an_answer_already_recorded_is_never_replaced_by_a_proposal(
    open_case: Callable[..., Case], caseworker: User, caseworker_client: Client
) -> None:
    case = open_case()
    screening_services.screening_save(
        actor=Actor.for_user(caseworker),
        case=case,
        facts={
            "as_of": timezone.localdate().isoformat(),
            "jurisdiction": "QA",
            "indicators": {"D2.confiscation_of_documents": "no"},
        },
        expected_version=0,
    )
    url = reverse("recruitment:case_offer", args=[case.uuid])
    page = caseworker_client.post(url, {**SUBSTITUTED, "action": "screening"}).content.decode()
    values = submitted(page)
    assert values["indicators__D2_confiscation_of_documents"] == "no"  # the caseworker's
    assert values["indicators__D1_nature_of_job"] == "yes"  # proposed where nothing was said
    assert values["version"] == "1"


def test_bad_terms_are_refused_naming_the_field_and_nothing_starts(
    open_case: Callable[..., Case], caseworker_client: Client
) -> None:
    case = open_case()
    url = reverse("recruitment:case_offer", args=[case.uuid])
    response = caseworker_client.post(
        url, {**SUBSTITUTED, "arrival_wage_currency": "XYZ", "action": "screening"}
    )
    assert response.status_code == 400
    assert "Screening interview" not in response.content.decode()
    page = response.content.decode()
    error = page.index('id="id_arrival_wage_currency_error"')
    assert "Choose a currency from the list." in page[error : error + 120]
    assert Screening.objects.count() == 0


@pytest.fixture
def doha_ngo() -> Organisation:
    return Organisation.objects.create(
        name="Doha Migrant Help", type=OrganisationType.NGO, country="QA"
    )


@pytest.fixture
def case_from_help(doha_ngo: Organisation, make_user: Callable[..., User]) -> tuple[Case, User]:
    Client().post(
        reverse("check:help"),
        {
            "country": "QA",
            "channel": "whatsapp",
            "contact": "+974 5555 0101",
            "rules": "RF01,RF05,RF07",
            "consent": "on",
        },
    )
    partner = make_user(Role.CASEWORKER, doha_ngo, "doha-caseworker")
    signed_in(partner).post(
        reverse("recruitment:help_open_case", args=[HelpRequest.objects.get().uuid])
    )
    return Case.objects.get(organisation=doha_ngo), partner


def test_a_case_opened_from_a_request_starts_its_screening_from_the_request_rules(
    case_from_help: tuple[Case, User],
) -> None:
    case, partner = case_from_help
    client = signed_in(partner)
    found = HelpRequest.objects.get()
    page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    button = f"Start the screening from the offer check of request {found.reference}"
    assert button in page
    url = reverse("recruitment:help_screening", args=[case.uuid, found.uuid])
    detail = client.get(reverse("recruitment:help_detail", args=[found.uuid])).content.decode()
    assert url in detail  # the request's page offers the same start
    response = client.post(url)
    assert response.status_code == 200
    values = submitted(response.content.decode())
    assert values["indicators__D2_confiscation_of_documents"] == "yes"
    assert values["means__deception"] == "yes"
    assert values.get("indicators__D1_nature_of_job", "") in ("", "unknown")
    assert Screening.objects.count() == 0


def test_nobody_outside_the_holding_organisation_reaches_the_check_or_the_start(
    case_from_help: tuple[Case, User],
    make_user: Callable[..., User],
    other_ngo: Organisation,
    doha_ngo: Organisation,
) -> None:
    case, partner = case_from_help
    found = HelpRequest.objects.get()
    offer_url = reverse("recruitment:case_offer", args=[case.uuid])
    start_url = reverse("recruitment:help_screening", args=[case.uuid, found.uuid])
    stranger = signed_in(make_user(Role.CASEWORKER, other_ngo, "stranger"))
    assert stranger.get(offer_url).status_code == 404
    assert stranger.post(offer_url, {**SUBSTITUTED, "action": "screening"}).status_code == 404
    assert stranger.post(start_url).status_code == 404
    refused = AuditEntry.objects.filter(
        actor__username="stranger", action=AuditAction.ACCESS_DENIED, object_id=str(case.uuid)
    )
    assert refused.count() == 3  # each refused attempt is recorded, for the holder to see too
    for role in (Role.ANALYST, Role.LABOUR_INSPECTOR, Role.ORGANISATION_ADMIN):
        insider = signed_in(make_user(role, doha_ngo, f"doha-{role}"))
        assert insider.get(offer_url).status_code == 403
        assert insider.post(start_url).status_code == 403
    # A request for help of another case of the same organisation does not start this one.
    other_case = case_services.case_intake(
        actor=Actor.for_user(partner), person_data={"first_name": "Other"}
    )
    wrong = reverse("recruitment:help_screening", args=[other_case.uuid, found.uuid])
    assert signed_in(partner).post(wrong).status_code == 404
    assert Screening.objects.count() == 0


def test_a_partner_holding_a_consented_share_gets_not_found(
    case_from_help: tuple[Case, User], make_user: Callable[..., User], other_ngo: Organisation
) -> None:
    case, partner = case_from_help
    consent = case_services.consent_record(
        actor=Actor.for_user(partner),
        case=case,
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
        case=case, organisation=other_ngo, consent=consent, sections=["identity", "notes"]
    )
    client = signed_in(make_user(Role.CASEWORKER, other_ngo, "share-holder"))
    page = client.get(reverse("cases:detail", args=[case.uuid]))
    assert page.status_code == 200
    assert "Start the screening from the offer check" not in page.content.decode()
    assert client.get(reverse("recruitment:case_offer", args=[case.uuid])).status_code == 404
    found = HelpRequest.objects.get()
    url = reverse("recruitment:help_screening", args=[case.uuid, found.uuid])
    assert client.post(url).status_code == 404
