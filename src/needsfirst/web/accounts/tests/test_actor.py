"""The actor: who acts, for the services and the audit, built without a request where none is."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.signals import AccountEvent, account_event_send
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases import services


def test_an_actor_for_a_user_carries_the_organisation_role_and_address(caseworker):
    actor = Actor.for_user(caseworker, address="192.0.2.7", user_agent="x" * 500)
    assert actor.user == caseworker
    assert actor.organisation_id == caseworker.organisation_id
    assert actor.role == caseworker.role
    assert actor.address == "192.0.2.7"
    assert len(actor.user_agent) == 200


def test_an_actor_is_frozen(caseworker):
    actor = Actor.for_user(caseworker)
    with pytest.raises(AttributeError):
        actor.user = None  # type: ignore[misc]


def test_the_actor_of_a_request_is_its_signed_in_user_and_remote_address(caseworker):
    request = SimpleNamespace(
        user=caseworker, META={"REMOTE_ADDR": "198.51.100.4", "HTTP_USER_AGENT": "Firefox"}
    )
    actor = Actor.from_request(request)
    assert (actor.user, actor.address, actor.user_agent) == (caseworker, "198.51.100.4", "Firefox")


def test_the_actor_of_a_request_before_sign_in_is_nobody_from_an_address():
    request = SimpleNamespace(
        user=AnonymousUser(),
        META={"REMOTE_ADDR": "198.51.100.4", "HTTP_X_FORWARDED_FOR": "1.1.1.1"},
    )
    actor = Actor.from_request(request)
    assert actor.user is None
    assert actor.address == "198.51.100.4"  # never the forwarded header a client sets


def test_the_system_acts_without_a_user_and_cannot_act_as_staff():
    actor = Actor.system("rotate_keys")
    assert actor.user is None
    assert actor.name == "rotate_keys"
    with pytest.raises(PermissionDenied):
        _ = actor.staff


@pytest.mark.django_db
def test_the_system_cannot_open_a_case():
    with pytest.raises(PermissionDenied):
        services.case_intake(actor=Actor.system(), person_data={"first_name": "A"})


def test_a_service_called_without_a_request_is_audited_with_the_actors_address(caseworker):
    case = services.case_intake(
        actor=Actor.for_user(caseworker, address="203.0.113.9"),
        person_data={"first_name": "Amina"},
    )
    entry = AuditEntry.objects.get(object_id=str(case.uuid))
    assert entry.actor == caseworker
    assert entry.organisation_id == caseworker.organisation_id
    assert entry.ip_address == "203.0.113.9"


@pytest.mark.django_db
def test_an_entry_of_the_system_names_no_user():
    entry = audit_record(actor=Actor.system(), action=AuditAction.UPDATE, object_type="key")
    assert entry.actor is None
    assert entry.actor_username == ""
    assert entry.organisation is None


def test_every_account_event_is_an_action_of_the_audit_trail():
    assert {event.value for event in AccountEvent} <= set(AuditAction.values)


def test_an_account_event_is_written_to_the_audit_trail(caseworker):
    account_event_send(
        actor=Actor.for_user(caseworker), event=AccountEvent.ACCESS_DENIED, detail={"view": "x"}
    )
    entry = AuditEntry.objects.get(action=AuditAction.ACCESS_DENIED)
    assert entry.actor == caseworker
    assert entry.detail == {"view": "x"}
