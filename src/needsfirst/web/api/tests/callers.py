"""What the API tests share: a partner's system calling with its token, the consent that lets a
case be shared, and a stand-in for the partner's webhook server. The fixtures built on them are
in conftest.py."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client, override_settings
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.api.tokens import token_create
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import services
from needsfirst.web.cases.models import Case, Consent

V1 = "/api/v1"
HOOK = "https://partner.example.org/needsfirst-hook"


class Caller:
    """A system calling with its token, in the scope and role it was given."""

    def __init__(self, admin: User, scope: str = "write", role: str = Role.CASEWORKER) -> None:
        made = token_create(actor=Actor.for_user(admin), name="System", scope=scope, role=role)
        self.secret = made.secret
        self.account = made.token.account

    def __call__(self, method: str, path: str, body: object = None, **headers: str) -> Any:
        return Client().generic(
            method,
            f"{V1}{path}",
            "" if body is None else json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {self.secret}",
            **headers,
        )

    def refusals(self) -> int:
        return AuditEntry.objects.filter(
            action=AuditAction.ACCESS_DENIED, actor=self.account
        ).count()


def consent_to_share_with(case: Case, organisation: Organisation, by: User) -> Consent:
    return services.consent_record(
        actor=Actor.for_user(by),
        case=case,
        data={
            "kind": "data_sharing",
            "granted": True,
            "purpose": "referral",
            "recipient": organisation,
            "method": "written",
            "decided_on": timezone.localdate(),
        },
    )


class Receiver:
    """Stands in for the partner's server: records what it got, answers the codes it is told."""

    def __init__(self, *codes: int) -> None:
        self.codes = list(codes) or [200]
        self.calls: list[tuple[str, bytes, dict[str, str]]] = []

    def __call__(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        self.calls.append((url, body, headers))
        return self.codes.pop(0) if len(self.codes) > 1 else self.codes[0]


@override_settings(WEBHOOKS_ALLOW_PRIVATE=True)
def subscribe(system: Caller, types: list[str]) -> dict[str, Any]:
    response = system("POST", "/webhooks/", {"url": HOOK, "event_types": types})
    assert response.status_code == 201, response.json()
    return response.json()
