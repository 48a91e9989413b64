"""A merge of two people and a referral, each killed (SIGKILL) at several points of its write:
after the kill nothing is half-written (every case moved or none; a referral with its recipient
snapshot and its event, or nothing), and once the process is back, the work finishes and the
partner's notification goes out once, however often the delivery job is run.

As in test_killed_mid_write, each write runs in a real child process against a real database
(a file on SQLite, a server on PostgreSQL); the data is set up by a child process too, through
the services, as a server would have done."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from needsfirst.web.api.models import PartnerEvent, WebhookDelivery
from needsfirst.web.audit.models import AuditEntry
from needsfirst.web.cases.models import Case, CaseNote
from needsfirst.web.common.tests.test_killed_mid_write import PRELUDE, ROOT, child_environment
from needsfirst.web.dedup.models import PersonMerge
from needsfirst.web.referrals.models import Referral

pytestmark = pytest.mark.slow

SETUP = """
import datetime as dt
from django.utils import timezone
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, OrganisationType, Role, User
from needsfirst.web.api.events import subscription_create
from needsfirst.web.assistance.models import PlanItem
from needsfirst.web.cases import services as cases
from needsfirst.web.cases.models import Case, CaseNote, ConsentKind, SharingPurpose
from needsfirst.web.claims.models import WageClaim
from needsfirst.web.referrals.models import ServiceProvider
from needsfirst.web.screening.models import Screening

shelter = Organisation.objects.create(name="Shelter", type=OrganisationType.SHELTER, country="IT")
clinic = Organisation.objects.create(name="Clinic", type=OrganisationType.NGO, country="IT")
worker = User.objects.create_user(username="killed-caseworker", password="a-long-test-password-42",
                                  role=Role.CASEWORKER, organisation=shelter)
partner = User.objects.create_user(username="clinic-admin", password="a-long-test-password-42",
                                   role=Role.ORGANISATION_ADMIN, organisation=clinic)
actor = Actor.for_user(worker)
kept = cases.case_intake(actor=actor, person_data={"first_name": "Mohammed",
                                                   "second_name": "Al-Hassan"})
absorbed = cases.case_intake(actor=actor, person_data={"first_name": "Muhammad",
                                                       "second_name": "Alhassan"})
# Two more cases of the absorbed person, each with what a merge must carry along.
for number in (2, 3):
    Case.objects.create(reference=f"ABS-{number}", organisation=shelter,
                        person=absorbed.person, status=absorbed.status)
for case in Case.objects.filter(person=absorbed.person):
    CaseNote.objects.create(case=case, body="Met at the port.", note_date=dt.date(2026, 1, 5),
                            author=worker)
    Screening.objects.create(case=case, facts={"work": {"sector": "agriculture"}})
    PlanItem.objects.create(case=case, key="shelter", domain="shelter", action="Find a bed",
                            role="caseworker", due_on=dt.date(2026, 2, 1), urgency=3,
                            support_plan_type="accommodation")
    WageClaim.objects.create(case=case, facts={}, result={}, rules_version="1", created_by=worker)
provider = ServiceProvider.objects.create(owner=clinic, organisation=clinic, in_needsfirst=True,
                                          name="Clinic legal desk", type="legal",
                                          domains=["legal"], languages=["en"], country="IT",
                                          city="Palermo", eligibility=["any"])
cases.consent_record(actor=actor, case=kept, data={
    "kind": ConsentKind.DATA_SHARING, "granted": True, "purpose": SharingPurpose.REFERRAL,
    "recipient": clinic, "method": "written",
    "decided_on": timezone.localdate() - dt.timedelta(days=1)})
subscription_create(organisation_id=clinic.pk, created_by=partner,
                    url="https://127.0.0.1/hooks", event_types=["referral.received"])
print("ready", kept.person.pk, absorbed.person.pk, flush=True)
"""

# Holds at `HOLD_AT` (a dotted path, or an attribute of a manager) when this run is killed.
MERGE = """
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.cases.models import Person
from needsfirst.web.dedup import services
from needsfirst.web.dedup.models import PersonMerge
HOLD_AT = {hold_at!r}
actor = Actor.for_user(User.objects.get(username="killed-caseworker"))
kept = Person.objects.get(pk={kept})
absorbed = Person.objects.get(pk={absorbed})
if HOLD_AT == "merge record":
    holding = mock.patch.object(PersonMerge.objects, "create", hold) if HOLD else held("")
else:
    holding = held(HOLD_AT)
with holding:
    merge = services.merge_people(actor=actor, kept=kept, absorbed=absorbed)
print("acknowledged", merge.uuid, flush=True)
"""

REFERRAL = """
from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import User
from needsfirst.web.api import events
from needsfirst.web.cases.models import Case
from needsfirst.web.referrals import services
from needsfirst.web.referrals.models import ServiceProvider
HOLD_AT = {hold_at!r}
sent = []
def post(url, body, headers):
    sent.append(headers["Idempotency-Key"])
    print("delivered", headers["Idempotency-Key"], flush=True)
    return 200
actor = Actor.for_user(User.objects.get(username="killed-caseworker"))
case = Case.objects.filter(person_id={kept}).get()
with held(HOLD_AT), mock.patch.object(events, "http_post", post):
    referral = services.referral_send(actor=actor, case=case,
                                      provider=ServiceProvider.objects.get(),
                                      sections=["identity"], domain="legal")
    print("acknowledged", referral.uuid, flush=True)
"""

# What the worker does after a restart: `manage.py deliver_webhooks`, run twice.
DELIVER = """
from needsfirst.web.api import events
def post(url, body, headers):
    print("delivered", headers["Idempotency-Key"], flush=True)
    return 200
with mock.patch.object(events, "http_post", post):
    events.webhooks_retry_due()
    events.webhooks_retry_due()
"""


# The partner's webhook listens on a loopback address in these tests (its post is replaced).
LOOPBACK = """
from django.conf import settings
settings.WEBHOOKS_ALLOW_PRIVATE = True
"""


def _child(script: str, alias: str, *, hold: bool) -> subprocess.Popen[str]:
    code = textwrap.dedent(PRELUDE) + textwrap.dedent(LOOPBACK) + textwrap.dedent(script)
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=child_environment(alias, hold=hold),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_inside(script: str, alias: str) -> list[str]:
    """Run `script`; SIGKILL it when it says it holds the write open."""
    child = _child(script, alias, hold=True)
    lines: list[str] = []
    assert child.stdout is not None
    for line in child.stdout:
        lines.append(line.strip())
        if line.startswith("inside the transaction"):
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else lines
    return lines


def run(script: str, alias: str) -> list[str]:
    child = _child(script, alias, hold=False)
    out, err = child.communicate(timeout=180)
    assert child.returncode == 0, err
    return out.splitlines()


@pytest.fixture
def prepared(empty_database: str) -> tuple[str, int, int]:
    """The database, the kept person's id and the absorbed person's id."""
    ready = next(line for line in run(SETUP, empty_database) if line.startswith("ready"))
    kept, absorbed = ready.split()[1:]
    return empty_database, int(kept), int(absorbed)


def _cases_by_person(alias: str) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for reference, person in Case.objects.using(alias).values_list("reference", "person_id"):
        found.setdefault(person, set()).add(reference)
    return found


MERGE_POINTS = [
    # after locking both people, before anything moved
    "needsfirst.web.dedup.services._check_people",
    # the cases moved, the merge not yet recorded
    "merge record",
    # everything written but the audit entry
    "needsfirst.web.dedup.services.audit_record",
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("hold_at", MERGE_POINTS)
def test_a_merge_killed_mid_write_moves_every_case_or_none_and_finishes_after_restart(
    prepared: tuple[str, int, int], hold_at: str, django_db_blocker: Any
) -> None:
    world, kept, absorbed = prepared
    with django_db_blocker.unblock():
        before = _cases_by_person(world)
        assert len(before[absorbed]) == 3
        assert CaseNote.objects.using(world).filter(case__person_id=absorbed).count() == 3
    script = MERGE.format(hold_at=hold_at, kept=kept, absorbed=absorbed)
    kill_inside(script, world)
    with django_db_blocker.unblock():
        assert _cases_by_person(world) == before
        assert not PersonMerge.objects.using(world).exists()
        assert not AuditEntry.objects.using(world).filter(object_type="personmerge").exists()
    finished = run(script, world)
    assert any(line.startswith("acknowledged") for line in finished)
    with django_db_blocker.unblock():
        after = _cases_by_person(world)
        assert after == {kept: before[kept] | before[absorbed]}
        merge = PersonMerge.objects.using(world).get()
        assert len(merge.moved_case_ids) == 3
        kept_cases = Case.objects.using(world).filter(person_id=merge.kept_id)
        for related in ("notes", "screening", "plan_items", "wage_claims"):
            assert kept_cases.filter(**{f"{related}__isnull": False}).distinct().count() == 3
        assert AuditEntry.objects.using(world).filter(object_type="personmerge").count() == 1


REFERRAL_POINTS = [
    # the referral and its snapshot written, its event and delivery recorded, the audit not yet
    "needsfirst.web.referrals.services.audit_record",
    # the referral written, its event being recorded
    "needsfirst.web.api.events.WebhookDelivery.objects.create",
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("hold_at", REFERRAL_POINTS)
def test_a_referral_killed_inside_its_transaction_leaves_nothing_and_goes_once_after_restart(
    prepared: tuple[str, int, int], hold_at: str, django_db_blocker: Any
) -> None:
    world, kept, _ = prepared
    script = REFERRAL.format(hold_at=hold_at, kept=kept)
    kill_inside(script, world)
    with django_db_blocker.unblock():
        assert not Referral.objects.using(world).exists()
        assert not PartnerEvent.objects.using(world).exists()
        assert not WebhookDelivery.objects.using(world).exists()
        assert not AuditEntry.objects.using(world).filter(object_type="referral").exists()
    sent = run(script, world)
    assert [line.split()[0] for line in sent] == ["delivered", "acknowledged"]
    assert not [line for line in run(DELIVER, world) if line.startswith("delivered")]
    with django_db_blocker.unblock():
        referral = Referral.objects.using(world).get()
        assert referral.provider_snapshot["name"] == "Clinic legal desk"
        event = PartnerEvent.objects.using(world).get()
        assert str(event.object_id) == str(referral.uuid)
        assert WebhookDelivery.objects.using(world).get().status == "delivered"


@pytest.mark.django_db(transaction=True)
def test_a_referral_killed_after_commit_but_before_its_delivery_was_queued_is_delivered_once(
    prepared: tuple[str, int, int], django_db_blocker: Any
) -> None:
    """The referral committed, the process died before queueing the partner's notification:
    the referral is whole, and the worker's sweep sends the notification once."""
    world, kept, _ = prepared
    lines = kill_inside(
        REFERRAL.format(hold_at="needsfirst.web.api.events.enqueue", kept=kept), world
    )
    assert not any(line.startswith("delivered") for line in lines)
    with django_db_blocker.unblock():
        referral = Referral.objects.using(world).get()
        assert referral.provider_snapshot["city"] == "Palermo"
        assert PartnerEvent.objects.using(world).get().object_id == referral.uuid
        delivery = WebhookDelivery.objects.using(world).get()
        assert delivery.status == "pending"
        assert AuditEntry.objects.using(world).filter(object_type="referral").count() == 1
    delivered = [line for line in run(DELIVER, world) if line.startswith("delivered")]
    assert delivered == [f"delivered {delivery.uuid}"]
    assert not [line for line in run(DELIVER, world) if line.startswith("delivered")]
    with django_db_blocker.unblock():
        assert WebhookDelivery.objects.using(world).get().status == "delivered"


def test_the_hold_points_name_real_attributes() -> None:
    """A renamed function would make the kill tests hold nothing and pass: the points exist."""
    import importlib

    for point in [*MERGE_POINTS[::2], REFERRAL_POINTS[0], "needsfirst.web.api.events.enqueue"]:
        module_name, _, name = point.rpartition(".")
        assert hasattr(importlib.import_module(module_name), name), point
