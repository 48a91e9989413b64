"""An inspector's day in the browser's requests: the ranked list, a workplace, a visit (a home
only on a lawful basis), findings per worker, a back-pay order followed until paid; and the
attacks: another organisation's ids, another role, a person's case."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in
from needsfirst.web.inspection import services
from needsfirst.web.inspection.models import Finding, Sanction, Visit, VisitStatus, Workplace

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
FARM = {
    "name": "Green Valley Farm",
    "jurisdiction": "GB",
    "area": "Fenland",
    "address": "Drove Road 4",
    "isic": "a01",
    "employer": "Green Valley Ltd",
    "size": "40",
    "migrant_share": "80",
    "recruiters": "Quick Jobs Agency (unlicensed)\nHarvest Staff (licensed)",
    "complaints": "2",
}


@pytest.fixture
def inspectorate(db):
    return Organisation.objects.create(
        name="Labour Inspectorate", type=OrganisationType.CENTRAL_GOVERNMENT, country="GB"
    )


@pytest.fixture
def inspector(make_user, inspectorate):
    return make_user(Role.LABOUR_INSPECTOR, inspectorate, "kofi")


def _workplace(inspector, **extra):
    data = {
        "name": "Farm",
        "jurisdiction": "GB",
        "isic": "A01",
        "migrant_share": 50,
        **extra,
    }
    return services.workplace_register(actor=Actor.for_user(inspector), data=data)


def _done_visit(inspector, workplace):
    actor = Actor.for_user(inspector)
    visit = services.visit_plan(actor=actor, workplace=workplace, planned_on=TODAY)
    return services.visit_done(actor=actor, visit=visit, done_on=TODAY)


def test_an_inspectors_day_from_the_ranked_list_to_a_paid_back_pay_order(inspector):
    client = signed_in(inspector)
    response = client.post(reverse("inspection:workplace_new"), FARM)
    assert response.status_code == 302
    farm = Workplace.objects.get()
    assert farm.isic == "A01"
    assert farm.recruiters == [
        {"name": "Quick Jobs Agency", "licensed": False},
        {"name": "Harvest Staff", "licensed": True},
    ]
    _workplace(inspector, name="Office", isic="M69", migrant_share=0)

    listing = client.get(reverse("inspection:list"))
    rows = listing.context["rows"]
    assert [row["workplace"].name for row in rows] == ["Green Valley Farm", "Office"]
    # sector 25 + complaints 20 + unlicensed recruiter 15 + migrant share 8 tens x 3 = 24
    assert rows[0]["points"] == 84
    assert "Crop and animal production" in rows[0]["reasons"][0]["text"]

    response = client.post(
        reverse("inspection:workplace", args=[farm.uuid]),
        {"planned_on": TODAY.isoformat(), "joint_with": ["police", "ngo"]},
    )
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert visit.joint_with == ["police", "ngo"]
    url = reverse("inspection:visit", args=[visit.uuid])
    assert (
        client.post(url, {"action": "done", "done-done_on": TODAY.isoformat()}).status_code == 302
    )
    for label in ("Worker 1", "Worker 2", "Worker 3"):
        response = client.post(
            url,
            {
                "action": "finding",
                "finding-scope": "worker",
                "finding-worker_label": label,
                "finding-indicators": ["retention_of_identity_documents"],
            },
        )
        assert response.status_code == 302
    assert Finding.objects.filter(indicators=["retention_of_identity_documents"]).count() == 3
    response = client.post(
        url,
        {
            "action": "sanction",
            "sanction-kind": "back_pay",
            "sanction-amount": "3000.00",
            "sanction-currency": "GBP",
            "sanction-workers": "3",
            "sanction-due_on": (TODAY + timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    order = Sanction.objects.get()
    pay_url = reverse("inspection:sanction_payment", args=[order.uuid])
    prefix = str(order.uuid)
    for amount in ("1000", "2000"):
        response = client.post(
            pay_url, {f"{prefix}-amount": amount, f"{prefix}-paid_on": TODAY.isoformat()}
        )
        assert response.status_code == 302
    order.refresh_from_db()
    assert order.settled
    assert order.paid == Decimal("3000.00")
    # the earlier finding now counts in the farm's score
    assert client.get(reverse("inspection:list")).context["rows"][0]["points"] == 84 + 15
    assert (
        AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(order.uuid)).count() == 2
    )


def test_a_home_is_not_visited_without_the_basis_its_law_requires(inspector):
    home = _workplace(inspector, isic="T97", is_household=True, jurisdiction="FR")
    client = signed_in(inspector)
    url = reverse("inspection:workplace", args=[home.uuid])
    page = client.get(url).content.decode()
    assert "Code du travail, art. L8113-1" in page
    refused = client.post(url, {"planned_on": TODAY.isoformat(), "entry_bases": ["warrant"]})
    assert refused.status_code == 400
    assert "the occupier's consent" in " ".join(refused.context["form"].errors["entry_bases"])
    assert not Visit.objects.exists()
    allowed = client.post(url, {"planned_on": TODAY.isoformat(), "entry_bases": ["consent"]})
    assert allowed.status_code == 302
    assert Visit.objects.get().entry_bases == ["consent"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {
                "finding-scope": "worker",
                "finding-worker_label": "Worker 1",
                "finding-indicators": ["deception"],
                "finding-none_found": "on",
            },
            "none_found",
        ),
        ({"finding-scope": "worker", "finding-indicators": ["deception"]}, "worker_label"),
        ({"finding-scope": "worker", "finding-worker_label": "Worker 1"}, "indicators"),
        ({"finding-scope": "workplace", "finding-indicators": ["not_an_indicator"]}, "indicators"),
    ],
)
def test_a_contradictory_finding_is_refused_naming_the_field(inspector, data, field):
    visit = _done_visit(inspector, _workplace(inspector))
    response = signed_in(inspector).post(
        reverse("inspection:visit", args=[visit.uuid]), {"action": "finding", **data}
    )
    assert response.status_code == 400
    assert field in response.context["finding_form"].errors
    assert not Finding.objects.exists()


def test_a_worker_found_with_indicators_cannot_then_be_found_without(inspector):
    visit = _done_visit(inspector, _workplace(inspector))
    actor = Actor.for_user(inspector)
    services.finding_add(
        actor=actor, visit=visit, scope="worker", worker_label="Worker 1", indicators=["isolation"]
    )
    response = signed_in(inspector).post(
        reverse("inspection:visit", args=[visit.uuid]),
        {
            "action": "finding",
            "finding-scope": "worker",
            "finding-worker_label": "Worker 1",
            "finding-none_found": "on",
        },
    )
    assert response.status_code == 400
    assert "none_found" in response.context["finding_form"].errors
    assert Finding.objects.count() == 1


def test_findings_wait_for_the_visit_to_be_done(inspector):
    actor = Actor.for_user(inspector)
    visit = services.visit_plan(actor=actor, workplace=_workplace(inspector), planned_on=TODAY)
    response = signed_in(inspector).post(
        reverse("inspection:visit", args=[visit.uuid]),
        {"action": "finding", "finding-scope": "workplace", "finding-none_found": "on"},
    )
    assert response.status_code == 400
    assert visit.status == VisitStatus.PLANNED
    assert not Finding.objects.exists()


def test_a_payment_beyond_the_order_is_refused_naming_the_amount(inspector):
    visit = _done_visit(inspector, _workplace(inspector))
    order = services.sanction_impose(
        actor=Actor.for_user(inspector),
        visit=visit,
        kind="back_pay",
        amount=Decimal("100"),
        currency="GBP",
        workers=1,
        due_on=TODAY,
    )
    prefix = str(order.uuid)
    response = signed_in(inspector).post(
        reverse("inspection:sanction_payment", args=[order.uuid]),
        {f"{prefix}-amount": "150", f"{prefix}-paid_on": TODAY.isoformat()},
    )
    assert response.status_code == 400
    assert "amount" in response.context["form"].errors
    order.refresh_from_db()
    assert order.paid == 0


def test_a_back_pay_order_without_amount_or_workers_is_refused_naming_the_field(inspector):
    visit = _done_visit(inspector, _workplace(inspector))
    response = signed_in(inspector).post(
        reverse("inspection:visit", args=[visit.uuid]),
        {"action": "sanction", "sanction-kind": "back_pay", "sanction-workers": "0"},
    )
    assert response.status_code == 400
    assert "amount" in response.context["sanction_form"].errors
    assert not Sanction.objects.exists()


def test_another_inspectorate_gets_404_for_every_record(inspector, make_user):
    workplace = _workplace(inspector)
    visit = _done_visit(inspector, workplace)
    order = services.sanction_impose(
        actor=Actor.for_user(inspector),
        visit=visit,
        kind="fine",
        amount=Decimal("10"),
        currency="GBP",
        due_on=TODAY,
    )
    elsewhere = Organisation.objects.create(
        name="Other Inspectorate", type=OrganisationType.CENTRAL_GOVERNMENT, country="GB"
    )
    client = signed_in(make_user(Role.LABOUR_INSPECTOR, elsewhere))
    assert client.get(reverse("inspection:workplace", args=[workplace.uuid])).status_code == 404
    assert client.get(reverse("inspection:visit", args=[visit.uuid])).status_code == 404
    response = client.post(
        reverse("inspection:sanction_payment", args=[order.uuid]),
        {f"{order.uuid}-amount": "10", f"{order.uuid}-paid_on": TODAY.isoformat()},
    )
    assert response.status_code == 404
    assert client.get(reverse("inspection:list")).context["rows"] == []
    order.refresh_from_db()
    assert order.paid == 0


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.ANALYST])
def test_other_roles_of_the_same_organisation_are_refused_and_audited(
    inspector, make_user, inspectorate, role
):
    workplace = _workplace(inspector)
    client = signed_in(make_user(role, inspectorate))
    assert client.get(reverse("inspection:workplace", args=[workplace.uuid])).status_code == 403
    assert client.get(reverse("inspection:list")).status_code == 403
    assert AuditEntry.objects.filter(action=AuditAction.ACCESS_DENIED).exists()


def test_an_inspector_sees_no_case_of_a_person(inspector, open_case):
    case = open_case()
    client = signed_in(inspector)
    assert client.get(reverse("cases:list")).status_code == 403
    assert client.get(reverse("cases:detail", args=[case.uuid])).status_code == 403
    assert client.get(reverse("claims:remedy", args=[case.uuid])).status_code == 403


def test_the_list_follows_orders_until_paid_the_overdue_first(inspector):
    actor = Actor.for_user(inspector)
    visit = _done_visit(inspector, _workplace(inspector, name="Late Farm"))
    late = services.sanction_impose(
        actor=actor,
        visit=visit,
        kind="back_pay",
        amount=Decimal("500"),
        currency="GBP",
        workers=2,
        due_on=TODAY,
    )
    Sanction.objects.filter(pk=late.pk).update(due_on=TODAY - timedelta(days=3))
    client = signed_in(inspector)
    outstanding = client.get(reverse("inspection:list")).context["outstanding"]
    assert [(item["sanction"].uuid, item["overdue"]) for item in outstanding] == [(late.uuid, True)]
    assert (
        "<bdi>500.00</bdi> GBP still owed"
        in client.get(reverse("inspection:list")).content.decode()
    )
    services.sanction_payment(actor=actor, sanction=late, amount=Decimal("500"), paid_on=TODAY)
    assert client.get(reverse("inspection:list")).context["outstanding"] == []
