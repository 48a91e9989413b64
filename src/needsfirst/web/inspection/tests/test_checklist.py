"""The on-site checklist's sending: findings per worker, a referral where the worker
consented, a replayed sending stored once, bad input refused naming the field."""

from __future__ import annotations

import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in
from needsfirst.web.inspection import services
from needsfirst.web.inspection.models import ChecklistSubmission, Finding, WorkerReferral

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(make_user):
    inspectorate = Organisation.objects.create(
        name="Inspectorate", type=OrganisationType.CENTRAL_GOVERNMENT, country="GB"
    )
    ngo = Organisation.objects.create(name="Local NGO", type=OrganisationType.NGO, country="GB")
    inspector = make_user(Role.LABOUR_INSPECTOR, inspectorate, "kofi")
    actor = Actor.for_user(inspector)
    workplace = services.workplace_register(
        actor=actor, data={"name": "Farm", "jurisdiction": "GB", "isic": "A01"}
    )
    visit = services.visit_plan(actor=actor, workplace=workplace, planned_on=timezone.localdate())
    services.visit_done(actor=actor, visit=visit, done_on=timezone.localdate())
    return inspector, visit, ngo


def _send(client, visit, body):
    return client.post(
        reverse("inspection:checklist_submit", args=[visit.uuid]),
        data=json.dumps(body),
        content_type="application/json",
    )


def _body(ngo, submission=None):
    return {
        "submission": submission or str(uuid.uuid4()),
        "workers": [
            {
                "label": "Worker 1",
                "indicators": ["retention_of_identity_documents"],
                "consent": True,
                "partner": str(ngo.uuid),
            },
            {
                "label": "Worker 2",
                "indicators": ["retention_of_identity_documents", "isolation"],
                "consent": False,
            },
            {"label": "Worker 3", "indicators": []},
        ],
    }


def test_a_sending_stores_a_finding_per_worker_and_a_referral_where_consented(setting):
    inspector, visit, ngo = setting
    response = _send(signed_in(inspector), visit, _body(ngo))
    assert response.status_code == 201
    assert response.json()["stored"] is True
    findings = Finding.objects.filter(visit=visit).order_by("worker_label")
    assert [(f.worker_label, f.none_found) for f in findings] == [
        ("Worker 1", False),
        ("Worker 2", False),
        ("Worker 3", True),
    ]
    referral = WorkerReferral.objects.get()
    assert (referral.worker_label, referral.partner) == ("Worker 1", ngo)
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="checklistsubmission"
    ).exists()


def test_a_replayed_sending_is_not_stored_twice(setting):
    inspector, visit, ngo = setting
    client = signed_in(inspector)
    body = _body(ngo)
    assert _send(client, visit, body).status_code == 201
    again = _send(client, visit, body)
    assert again.status_code == 200
    assert again.json()["stored"] is False
    assert ChecklistSubmission.objects.count() == 1
    assert Finding.objects.count() == 3
    assert WorkerReferral.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b.update(submission="not-a-uuid"), "submission"),
        (lambda b: b.update(workers=[]), "workers"),
        (lambda b: b["workers"][1].update(label=""), "workers[1].label"),
        (lambda b: b["workers"][2].update(label="Worker 1"), "workers[2].label"),
        (lambda b: b["workers"][1].update(indicators=["beaten"]), "workers[1].indicators"),
        (lambda b: b["workers"][0].update(partner=""), "workers[0].partner"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_stored(setting, change, field):
    inspector, visit, ngo = setting
    body = _body(ngo)
    change(body)
    response = _send(signed_in(inspector), visit, body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert not ChecklistSubmission.objects.exists()
    assert not Finding.objects.exists()


def test_a_referral_to_the_inspectorate_itself_is_refused(setting):
    inspector, visit, ngo = setting
    body = _body(ngo)
    body["workers"][0]["partner"] = str(inspector.organisation.uuid)
    response = _send(signed_in(inspector), visit, body)
    assert response.status_code == 400
    assert response.json()["field"] == "workers[0].partner"


def test_another_inspectorate_cannot_send_to_the_visit(setting, make_user):
    _inspector, visit, ngo = setting
    elsewhere = Organisation.objects.create(
        name="Elsewhere", type=OrganisationType.CENTRAL_GOVERNMENT, country="GB"
    )
    client = signed_in(make_user(Role.LABOUR_INSPECTOR, elsewhere))
    assert _send(client, visit, _body(ngo)).status_code == 404
    assert client.get(reverse("inspection:checklist", args=[visit.uuid])).status_code == 404
    assert not Finding.objects.exists()


def test_the_checklist_page_lists_the_indicators_and_the_partners(setting):
    inspector, visit, _ngo = setting
    page = signed_in(inspector).get(reverse("inspection:checklist", args=[visit.uuid]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Retention of identity documents" in text
    assert "Local NGO" in text
    assert "inspection-checklist.js" in text


def _referred(setting):
    inspector, visit, ngo = setting
    _send(signed_in(inspector), visit, _body(ngo))
    return WorkerReferral.objects.get()


def test_the_partner_opens_the_case_with_a_screening_started_from_the_findings(setting, make_user):
    from needsfirst.web.cases.models import Case

    inspector, _visit, ngo = setting
    referral = _referred(setting)
    caseworker = make_user(Role.CASEWORKER, ngo, "ngo-worker")
    client = signed_in(caseworker)
    inbox = client.get(reverse("inspection:worker_referrals"))
    assert inbox.status_code == 200
    assert "Retention of identity documents" in inbox.content.decode()
    assert "Farm" not in inbox.content.decode()  # the workplace's name stays the inspectorate's
    response = client.post(
        reverse("inspection:worker_referrals"),
        {"referral": str(referral.uuid), "first_name": "Joseph"},
    )
    assert response.status_code == 302
    case = Case.objects.get(organisation=ngo)
    assert case.screening.facts["indicators"] == {"D5.confiscation_of_documents": "yes"}
    assert case.screening.determinations.exists()
    referral.refresh_from_db()
    assert referral.case == case
    # opened once: the inbox is empty and a second try is refused
    assert client.get(reverse("inspection:worker_referrals")).context["rows"] == []
    again = client.post(
        reverse("inspection:worker_referrals"),
        {"referral": str(referral.uuid), "first_name": "Joseph"},
    )
    assert again.status_code == 404
    # the inspector never reaches the case
    assert signed_in(inspector).get(reverse("cases:detail", args=[case.uuid])).status_code == 403


def test_another_organisation_cannot_open_the_referral(setting, make_user, other_ngo):
    referral = _referred(setting)
    client = signed_in(make_user(Role.CASEWORKER, other_ngo))
    assert client.get(reverse("inspection:worker_referrals")).context["rows"] == []
    response = client.post(
        reverse("inspection:worker_referrals"),
        {"referral": str(referral.uuid), "first_name": "Joseph"},
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.case is None


def test_opening_without_a_name_is_refused_and_opens_nothing(setting, make_user):
    from needsfirst.web.cases.models import Case

    _inspector, _visit, ngo = setting
    referral = _referred(setting)
    client = signed_in(make_user(Role.CASEWORKER, ngo, "ngo-worker"))
    response = client.post(
        reverse("inspection:worker_referrals"), {"referral": str(referral.uuid), "first_name": " "}
    )
    assert response.status_code == 400
    assert not Case.objects.filter(organisation=ngo).exists()


def test_the_inspectorate_sees_that_the_partner_opened_the_case_and_nothing_of_it(
    setting, make_user
):
    from needsfirst.web.cases.models import Case

    inspector, visit, ngo = setting
    referral = _referred(setting)
    inspector_client = signed_in(inspector)
    page = inspector_client.get(reverse("inspection:visit", args=[visit.uuid]))
    assert "Waiting for the partner to open a case." in page.content.decode()
    caseworker = make_user(Role.CASEWORKER, ngo, "ngo-worker")
    signed_in(caseworker).post(
        reverse("inspection:worker_referrals"),
        {"referral": str(referral.uuid), "first_name": "Joseph"},
    )
    case = Case.objects.get(organisation=ngo)
    page = inspector_client.get(reverse("inspection:visit", args=[visit.uuid])).content.decode()
    assert "The partner opened a case on" in page
    assert "Local NGO" in page
    # status only: no name, no case reference, no case id, no link into the case
    for secret in ("Joseph", case.reference, str(case.uuid), str(case.person.uuid)):
        assert secret not in page
    assert inspector_client.get(reverse("cases:detail", args=[case.uuid])).status_code == 403
