"""The inspectorate's API: an inspector's day through JSON (workplace, visit, findings, a back-pay
order followed until paid), the errors naming the field, and the attacks: another
inspectorate's ids answer 404 (audited), other roles are refused (audited)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in
from needsfirst.web.inspection import services
from needsfirst.web.inspection.models import Finding, Sanction, Visit, Workplace

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAPERS = "retention_of_identity_documents"
JSON = "application/json"


def _inspectorate(name: str) -> Organisation:
    return Organisation.objects.create(
        name=name, type=OrganisationType.CENTRAL_GOVERNMENT, country="GB"
    )


@pytest.fixture
def kofi(make_user):
    return make_user(Role.LABOUR_INSPECTOR, _inspectorate("Inspectorate"), "kofi")


@pytest.fixture
def stranger(make_user):
    return make_user(Role.LABOUR_INSPECTOR, _inspectorate("Other inspectorate"), "other")


def test_an_inspectors_day_through_the_api(kofi):
    client = signed_in(kofi)
    made = client.post(
        reverse("inspection-workplace-list"),
        {
            "name": "Green Valley Farm",
            "jurisdiction": "GB",
            "isic": "a01",
            "migrant_share": 80,
            "recruiters": [{"name": "Quick Jobs", "licensed": False}],
            "complaints": 1,
        },
        content_type=JSON,
    )
    assert made.status_code == 201, made.content
    workplace_id = made.json()["id"]
    assert made.json()["isic"] == "A01"
    ranked = client.get(reverse("inspection-workplace-list")).json()
    assert ranked[0]["points"] == 25 + 10 + 15 + 24

    visits = reverse("inspection-visit-list", kwargs={"workplace_id": workplace_id})
    planned = client.post(
        visits, {"planned_on": TODAY.isoformat(), "joint_with": ["police"]}, content_type=JSON
    )
    assert planned.status_code == 201, planned.content
    visit_id = planned.json()["id"]
    detail = reverse("inspection-visit-detail", kwargs={"visit_id": visit_id})
    done = client.patch(detail, {"done_on": TODAY.isoformat()}, content_type=JSON)
    assert done.json()["status"] == "done"

    findings = reverse("inspection-finding-list", kwargs={"visit_id": visit_id})
    found = client.post(
        findings,
        {
            "scope": "worker",
            "worker_label": "Worker 1",
            "indicators": [PAPERS],
        },
        content_type=JSON,
    )
    assert found.status_code == 201, found.content
    assert client.get(findings).json()[0]["indicators"] == [PAPERS]

    sanctions = reverse("inspection-visit-sanction-list", kwargs={"visit_id": visit_id})
    ordered = client.post(
        sanctions,
        {
            "kind": "back_pay",
            "amount": "900.00",
            "currency": "GBP",
            "workers": 3,
            "due_on": TODAY.isoformat(),
        },
        content_type=JSON,
    )
    assert ordered.status_code == 201, ordered.content
    sanction_id = ordered.json()["id"]
    follow_up = client.get(reverse("inspection-sanction-list")).json()
    assert [item["id"] for item in follow_up] == [sanction_id]
    pay = reverse("inspection-sanction-payment", kwargs={"sanction_id": sanction_id})
    part = client.post(pay, {"amount": "400", "paid_on": TODAY.isoformat()}, content_type=JSON)
    assert part.json()["outstanding"] == "500.00"
    client.post(pay, {"amount": "500", "paid_on": TODAY.isoformat()}, content_type=JSON)
    assert Sanction.objects.get().settled
    assert client.get(reverse("inspection-sanction-list")).json() == []
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="sanction").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scope": "worker", "indicators": [PAPERS]}, "worker_label"),
        (
            {
                "scope": "workplace",
                "indicators": [PAPERS],
                "none_found": True,
            },
            "none_found",
        ),
        ({"scope": "workplace", "indicators": ["made_up"]}, "indicators"),
    ],
)
def test_a_contradictory_or_unknown_finding_answers_400_naming_the_field(kofi, body, field):
    workplace = services.workplace_register(
        actor=Actor.for_user(kofi), data={"name": "Farm", "jurisdiction": "GB", "isic": "A01"}
    )
    actor = Actor.for_user(kofi)
    visit = services.visit_done(
        actor=actor,
        visit=services.visit_plan(actor=actor, workplace=workplace, planned_on=TODAY),
        done_on=TODAY,
    )
    url = reverse("inspection-finding-list", kwargs={"visit_id": visit.uuid})
    response = signed_in(kofi).post(url, body, content_type=JSON)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Finding.objects.exists()


def test_a_home_without_a_basis_and_a_bad_sector_answer_400_naming_the_field(kofi):
    client = signed_in(kofi)
    bad = client.post(
        reverse("inspection-workplace-list"),
        {"name": "X", "jurisdiction": "GB", "isic": "farm"},
        content_type=JSON,
    )
    assert "isic" in bad.json()["errors"]
    home = services.workplace_register(
        actor=Actor.for_user(kofi),
        data={"name": "Home", "jurisdiction": "FR", "isic": "T97", "is_household": True},
    )
    url = reverse("inspection-visit-list", kwargs={"workplace_id": home.uuid})
    refused = client.post(
        url, {"planned_on": TODAY.isoformat(), "entry_bases": ["warrant"]}, content_type=JSON
    )
    assert refused.status_code == 400
    assert "entry_bases" in refused.json()["errors"]
    assert not Visit.objects.exists()


def test_another_inspectorates_ids_answer_404_and_are_audited(kofi, stranger):
    actor = Actor.for_user(kofi)
    workplace = services.workplace_register(
        actor=actor, data={"name": "Farm", "jurisdiction": "GB", "isic": "A01"}
    )
    visit = services.visit_done(
        actor=actor,
        visit=services.visit_plan(actor=actor, workplace=workplace, planned_on=TODAY),
        done_on=TODAY,
    )
    sanction = services.sanction_impose(
        actor=actor,
        visit=visit,
        kind="fine",
        amount=Decimal(100),
        currency="GBP",
        due_on=TODAY,
    )
    client = signed_in(stranger)
    before = AuditEntry.objects.count()
    attempts = [
        ("get", reverse("inspection-workplace-detail", kwargs={"workplace_id": workplace.uuid})),
        ("get", reverse("inspection-visit-list", kwargs={"workplace_id": workplace.uuid})),
        ("post", reverse("inspection-visit-list", kwargs={"workplace_id": workplace.uuid})),
        ("get", reverse("inspection-visit-detail", kwargs={"visit_id": visit.uuid})),
        ("patch", reverse("inspection-visit-detail", kwargs={"visit_id": visit.uuid})),
        ("post", reverse("inspection-finding-list", kwargs={"visit_id": visit.uuid})),
        ("post", reverse("inspection-visit-sanction-list", kwargs={"visit_id": visit.uuid})),
        ("post", reverse("inspection-sanction-payment", kwargs={"sanction_id": sanction.uuid})),
    ]
    for method, url in attempts:
        body = {"planned_on": TODAY.isoformat(), "done_on": TODAY.isoformat(), "amount": "1"}
        response = getattr(client, method)(url, body, content_type=JSON)
        assert response.status_code == 404, url
        assert "Farm" not in response.content.decode()
    assert AuditEntry.objects.count() >= before + len(attempts)
    assert client.get(reverse("inspection-sanction-list")).json() == []
    assert client.get(reverse("inspection-workplace-list")).json() == []
    assert Visit.objects.get().findings.count() == 0
    assert Sanction.objects.get().paid == 0


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.ANALYST])
def test_other_roles_are_refused_and_audited(make_user, kofi, role):
    someone = make_user(role, kofi.organisation, "someone")
    client = signed_in(someone)
    assert client.get(reverse("inspection-sanction-list")).status_code == 403
    made = client.post(
        reverse("inspection-workplace-list"),
        {"name": "Farm", "jurisdiction": "GB", "isic": "A01"},
        content_type=JSON,
    )
    assert made.status_code == 403
    assert not Workplace.objects.exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.ACCESS_DENIED, actor_username="someone"
    ).exists()
