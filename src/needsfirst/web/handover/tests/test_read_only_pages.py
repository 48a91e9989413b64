"""The pages of a handed-over case's needs and plan, screening, claims and NRM offer no form: they
say the case is read-only instead (saving would be refused anyway). A case never handed over
still offers them."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, User
from needsfirst.web.assistance import services as assistance
from needsfirst.web.cases.models import Case, Consent
from needsfirst.web.conftest import signed_in
from needsfirst.web.handover import services
from needsfirst.web.nrm.models import CompetentAuthority

pytestmark = pytest.mark.django_db

NOTICE = "Read-only: this case was handed over."
PAGES = ("assistance:overview", "screening:interview", "claims:claim", "claims:remedy", "nrm:case")
# the language switcher and the sign-out button of every page are not the case's forms
FRAME = (reverse("set_language"), reverse("accounts:logout"))


def _case_forms(html: str) -> list[str]:
    forms = re.findall(r"<form\b[^>]*>", html)
    return [form for form in forms if not any(f'action="{url}"' in form for url in FRAME)]


@pytest.fixture
def assessed(caseworker: User, sent_case: Case) -> Case:
    """The case with a needs assessment (so the plan has actions and forms) and an NRM authority
    (so the NRM page offers its form)."""
    authority_org = Organisation.objects.create(
        name="Single Competent Authority", type=OrganisationType.COMPETENT_AUTHORITY, country="GB"
    )
    CompetentAuthority.objects.create(organisation=authority_org, jurisdiction="GB-ENG")
    assistance.assessment_record(
        actor=Actor.for_user(caseworker),
        case=sent_case,
        answers={"no_safe_place_tonight": "yes"},
        assessed_on=timezone.localdate(),
        jurisdiction="IT",
    )
    return sent_case


def _hand_over(
    case: Case,
    caseworker: User,
    receiver: User,
    returns_ngo: Organisation,
    give_consent: Callable[..., Consent],
) -> None:
    give_consent(case, returns_ngo)
    handover = services.handover_send(
        actor=Actor.for_user(caseworker),
        case=case,
        recipient=returns_ngo,
        kind="return",
        sections=["identity"],
    )
    services.handover_accept(actor=Actor.for_user(receiver), handover=handover)


def test_a_case_not_handed_over_offers_the_forms_of_each_page(assessed, caseworker):
    client = signed_in(caseworker)
    for name in PAGES:
        response = client.get(reverse(name, args=[assessed.uuid]))
        html = response.content.decode()
        assert response.status_code == 200, name
        assert _case_forms(html), f"{name} offers a form"
        assert NOTICE not in html, name


def test_a_handed_over_case_shows_each_page_without_a_form_and_says_why(
    assessed, caseworker, receiver, returns_ngo, give_consent
):
    _hand_over(assessed, caseworker, receiver, returns_ngo, give_consent)
    client = signed_in(caseworker)
    for name in PAGES:
        response = client.get(reverse(name, args=[assessed.uuid]))
        html = response.content.decode()
        assert response.status_code == 200, name
        assert _case_forms(html) == [], f"{name} offers no form"
        assert NOTICE in html, name
    overview = client.get(reverse("assistance:overview", args=[assessed.uuid])).content.decode()
    assert "Needs, most urgent first" in overview  # the history is still read
    for name in ("assistance:assess", "assistance:action_add", "assistance:reflection_start"):
        assert reverse(name, args=[assessed.uuid]) not in overview, name
    screening = client.get(reverse("screening:interview", args=[assessed.uuid])).content.decode()
    assert reverse("screening:decision_add", args=[assessed.uuid]) not in screening


def test_the_forms_behind_those_pages_answer_with_the_reason_instead(
    assessed, caseworker, receiver, returns_ngo, give_consent
):
    client = signed_in(caseworker)
    names = (
        "assistance:assess",
        "assistance:action_add",
        "assistance:reflection_start",
        "assistance:cooperation_add",
        "screening:decision_add",
    )
    for name in names:
        assert client.get(reverse(name, args=[assessed.uuid])).status_code == 200, name
    _hand_over(assessed, caseworker, receiver, returns_ngo, give_consent)
    for name in names:
        response = client.get(reverse(name, args=[assessed.uuid]))
        html = response.content.decode()
        assert response.status_code == 409, name
        assert "This case can no longer be changed" in html, name
        assert _case_forms(html) == [], name
        assert reverse("cases:detail", args=[assessed.uuid]) in html, name
