"""The permission matrix: every page and endpoint, every method it answers, every kind of user.

The table `EXPECTED` is keyed by URL name and must name exactly the URL names the project
serves: a new page that is not added here makes `test_the_matrix_covers_every_url_of_the_project`
fail. Each (URL name, method, subject) is its own test.

Subjects: anonymous; signed in with the password only (no second factor); and every role in
four organisations relative to one case: the organisation holding it, a stranger with no share,
a partner holding a CaseShare of [identity, events] under a data-sharing consent in force, and a
former partner whose consent was withdrawn. Objects of other organisations answer 404, so that
their existence is not revealed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import (
    AUDIT_ROLES,
    CASE_ROLES,
    Organisation,
    OrganisationType,
    Role,
    User,
)
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.cases import services
from needsfirst.web.cases.models import (
    Case,
    CaseShare,
    CaseShareSection,
    Consent,
    ConsentKind,
    EventType,
    SharingPurpose,
)
from needsfirst.web.conftest import create_user, signed_in

pytestmark = pytest.mark.django_db

# What the case holds. Each value is distinctive, so its presence in a response is unambiguous.
FIRST_NAME = "Amira"
FAMILY_NAME = "Quellenberg"
MISSPELT = "Amira Quelenberg"  # searched for: the page echoes the query, never the stored name
PHONE = "+39 333 7654321"
SAFE_CONTACT = "Through her aunt Zoubida at the bakery"
NOTE = "Employer threatened to report her to the police"
EVENT = "Recruited at the bus station by a man called Tarkovic"

HOLDER, STRANGER, PARTNER, FORMER_PARTNER = "holder", "stranger", "partner", "former_partner"
RELATIONS = (HOLDER, STRANGER, PARTNER, FORMER_PARTNER)
ANONYMOUS, PASSWORD_ONLY = "anonymous", "password_only"
SUBJECTS = (
    ANONYMOUS,
    PASSWORD_ONLY,
    *(f"{role}@{relation}" for role in Role.values for relation in RELATIONS),
)

CASE = frozenset(CASE_ROLES)
AUDIT = frozenset(AUDIT_ROLES)
STATISTICS = frozenset({Role.ANALYST, Role.SUPERVISOR})
STAFF = frozenset(Role.values)
ADMINS = frozenset({Role.ORGANISATION_ADMIN})
REGISTRY_ADMINS = frozenset({Role.ORGANISATION_ADMIN, Role.SYSTEM_ADMIN})

Rule = Callable[[str, str], int]


def always(status: int) -> Rule:
    return lambda role, relation: status


def gate(roles: frozenset[str], status: int) -> Rule:
    """Allowed roles get `status`, whatever their organisation; the others 403."""
    return lambda role, relation: status if role in roles else 403


def held(status: int, *, partner: int = 404, roles: frozenset[str] = CASE) -> Rule:
    """A page of one case: the holder gets `status`, a partner `partner`, everyone else 404."""

    def rule(role: str, relation: str) -> int:
        if role not in roles:
            return 403
        return {HOLDER: status, PARTNER: partner}.get(relation, 404)

    return rule


def referral_rule(holder: int, partner: int) -> Rule:
    """A referral of the case to the partner's service: what each side may do; others 404."""

    def rule(role: str, relation: str) -> int:
        if role not in CASE:
            return 403
        return {HOLDER: holder, PARTNER: partner}.get(relation, 404)

    return rule


def directory_manager(status: int) -> Rule:
    """A directory entry owned by the partner: only that organisation's administrators."""

    def rule(role: str, relation: str) -> int:
        if role != Role.ORGANISATION_ADMIN:
            return 403
        return status if relation == PARTNER else 404

    return rule


UNLOCKERS = frozenset({Role.ORGANISATION_ADMIN, Role.SUPERVISOR, Role.SYSTEM_ADMIN})
LINKAGE_ENCODERS = frozenset({Role.ORGANISATION_ADMIN, Role.SUPERVISOR})


def unlocker_of_holder(status: int) -> Rule:
    """Unlocking the holding organisation's caseworker: its administrators and supervisors, and
    system administrators; unlockers of other organisations are told the user does not exist."""

    def rule(role: str, relation: str) -> int:
        if role not in UNLOCKERS:
            return 403
        if role == Role.SYSTEM_ADMIN or relation == HOLDER:
            return status
        return 404

    return rule


def supervisor_of_holder(status: int) -> Rule:
    """Erasure: only a supervisor of the holding organisation; a caseworker there is refused."""

    def rule(role: str, relation: str) -> int:
        if role not in CASE:
            return 403
        if relation != HOLDER:
            return 404
        return status if role == Role.SUPERVISOR else 403

    return rule


INSPECTORS = frozenset({Role.LABOUR_INSPECTOR})


def token_admin_of_holder(status: int) -> Rule:
    """A token of the holding organisation: its administrators only; others' get 404."""

    def rule(role: str, relation: str) -> int:
        if role != Role.ORGANISATION_ADMIN:
            return 403
        return status if relation == HOLDER else 404

    return rule


def inspector_of_holder(status: int) -> Rule:
    """A workplace, visit or sanction of the holding organisation's inspectorate: its labour
    inspectors only; another organisation's inspector gets 404, every other role 403."""

    def rule(role: str, relation: str) -> int:
        if role != Role.LABOUR_INSPECTOR:
            return 403
        return status if relation == HOLDER else 404

    return rule


RELEASERS = frozenset({Role.ANALYST, Role.ORGANISATION_ADMIN, Role.SYSTEM_ADMIN})


def release_of_holder(status: int) -> Rule:
    """A release produced in the holding organisation: its analysts and administrators; those
    of another organisation are told it does not exist; every other role 403."""

    def rule(role: str, relation: str) -> int:
        if role not in RELEASERS:
            return 403
        return status if relation == HOLDER else 404

    return rule


def admin_of_holder(status: int) -> Rule:
    """An import job of the holding organisation: its administrators; other organisations'
    administrators are told it does not exist; every other role 403."""

    def rule(role: str, relation: str) -> int:
        if role != Role.ORGANISATION_ADMIN:
            return 403
        return status if relation == HOLDER else 404

    return rule


@dataclass(frozen=True)
class Expect:
    verified: Rule
    anonymous: int = 302  # to the sign-in page
    password_only: int = 302  # to the second factor
    data: dict[str, Any] = field(default_factory=dict)
    api: bool = False


def web(rule: Rule, **data: Any) -> Expect:
    return Expect(rule, data=data)


def api(rule: Rule, data: dict[str, Any] | None = None) -> Expect:
    # Nobody signed in: 401 with `WWW-Authenticate: Bearer` (a system would send a token).
    return Expect(rule, anonymous=401, password_only=403, data=data or {}, api=True)


EXPECTED: dict[str, dict[str, Expect]] = {
    "home": {
        "GET": web(always(200)),
        "POST": Expect(always(405), anonymous=405),
    },
    "statistics": {"GET": web(gate(STATISTICS, 200)), "POST": web(gate(STATISTICS, 405))},
    "statistics-api": {"GET": api(gate(STATISTICS, 200)), "POST": api(gate(STATISTICS, 405))},
    "statistics:csv": {"GET": web(gate(STATISTICS, 200)), "POST": web(gate(STATISTICS, 405))},
    "statistics:release": {"GET": web(gate(RELEASERS, 200)), "POST": web(gate(RELEASERS, 200))},
    # The privacy budget page: read by those who release, set by an organisation administrator
    # (its own organisation's budget, whatever the relation to the case).
    "statistics:privacy-budget": {
        "GET": web(gate(RELEASERS, 200)),
        "POST": web(gate(ADMINS, 302), epsilon="5", period_days="365"),
    },
    "statistics:release-detail": {
        "GET": web(release_of_holder(200)),
        "POST": web(gate(RELEASERS, 405)),
    },
    "statistics:release-download": {
        "GET": web(release_of_holder(200)),
        "POST": web(gate(RELEASERS, 405)),
    },
    # Releases through the API: the same roles as the page; another organisation's release is
    # "not found". A POST makes DP counts (a little of the privacy budget).
    "release-list": {
        "GET": api(gate(RELEASERS, 200)),
        "POST": api(
            gate(RELEASERS, 201), {"kind": "dp_counts", "dimension": "gender", "epsilon": 0.1}
        ),
    },
    "release-detail": {
        "GET": api(release_of_holder(200)),
        "POST": api(gate(RELEASERS, 405)),
    },
    "release-download": {
        "GET": api(release_of_holder(200)),
        "POST": api(gate(RELEASERS, 405)),
    },
    "accounts:login": {
        "GET": Expect(always(200), anonymous=200, password_only=200),
        "POST": Expect(always(200), anonymous=200, password_only=200),
    },
    "accounts:two_factor": {
        "GET": Expect(always(302), password_only=200),
        "POST": Expect(always(302), password_only=200),
    },
    "accounts:two_factor_setup": {"GET": web(always(302)), "POST": web(always(302))},
    # The password again before a sensitive action: any verified user (an empty form is a 400).
    "accounts:reauthenticate": {"GET": web(always(200)), "POST": web(always(400))},
    "accounts:logout": {
        "GET": Expect(always(405), anonymous=405, password_only=405),
        "POST": web(always(302)),
    },
    # API tokens: the organisation administrator's page; a token of another organisation is
    # answered "not found".
    "api_tokens:list": {"GET": web(gate(ADMINS, 200)), "POST": web(gate(ADMINS, 400))},
    "api_tokens:revoke": {"GET": web(gate(ADMINS, 405)), "POST": web(token_admin_of_holder(302))},
    "accounts:locked": {"GET": web(gate(UNLOCKERS, 200)), "POST": web(gate(UNLOCKERS, 405))},
    "accounts:unlock": {"GET": web(gate(UNLOCKERS, 405)), "POST": web(unlocker_of_holder(302))},
    # Sign-in security: every role, its own second factors only (new backup codes are a POST
    # that answers them once; an empty code for a new authenticator is a 400).
    "accounts:security": {"GET": web(always(200)), "POST": web(always(405))},
    "accounts:backup_codes": {"GET": web(always(200)), "POST": web(always(200))},
    "accounts:authenticator_replace": {"GET": web(always(200)), "POST": web(always(400))},
    # An organisation administrator resets a member's second factor: the holder's caseworker is
    # "not found" for other organisations' administrators; every other role 403.
    "accounts:members_second_factor": {
        "GET": web(gate(ADMINS, 200)),
        "POST": web(gate(ADMINS, 405)),
    },
    "accounts:member_second_factor_reset": {
        "GET": web(gate(ADMINS, 405)),
        "POST": web(admin_of_holder(302)),
    },
    "cases:list": {"GET": web(gate(CASE, 200)), "POST": web(gate(CASE, 405))},
    "cases:intake": {"GET": web(gate(CASE, 200)), "POST": web(gate(CASE, 400))},
    "cases:search": {
        "GET": web(gate(CASE, 200)),
        "POST": web(gate(CASE, 200), name=FAMILY_NAME),
    },
    "cases:detail": {"GET": web(held(200, partner=200)), "POST": web(gate(CASE, 405))},
    "cases:edit": {"GET": web(held(200)), "POST": web(held(400))},
    "cases:person_edit": {"GET": web(held(200)), "POST": web(held(400))},
    "cases:note_add": {"GET": web(gate(CASE, 405)), "POST": web(held(400))},
    "cases:event_add": {"GET": web(held(200)), "POST": web(held(400))},
    "cases:consent_add": {"GET": web(held(200)), "POST": web(held(400))},
    "cases:document_add": {"GET": web(held(200)), "POST": web(held(400))},
    "cases:consent_withdraw": {"GET": web(gate(CASE, 405)), "POST": web(held(400))},
    "cases:export_json": {"GET": web(held(200)), "POST": web(gate(CASE, 405))},
    "cases:export_pdf": {"GET": web(held(200)), "POST": web(gate(CASE, 405))},
    "cases:erase": {
        "GET": web(supervisor_of_holder(200)),
        "POST": web(supervisor_of_holder(400)),
    },
    "audit:list": {"GET": web(gate(AUDIT, 200)), "POST": web(gate(AUDIT, 405))},
    # POST without a key file is refused on its field.
    "linkage:encode": {
        "GET": web(gate(LINKAGE_ENCODERS, 200)),
        "POST": web(gate(LINKAGE_ENCODERS, 400)),
    },
    # The screening pages stay the holder's: a partner gets 404 like a stranger (a referral
    # may share the screening's outcome, on its form).
    "screening:interview": {"GET": web(held(200)), "POST": web(held(400))},
    "screening:preview": {"GET": web(gate(CASE, 405)), "POST": web(held(200))},
    "screening:decision_add": {"GET": web(held(200)), "POST": web(held(400))},
    "case-list": {
        "GET": api(gate(CASE, 200)),
        "POST": api(gate(CASE, 201), {"first_name": "Matrix"}),
    },
    "case-detail": {
        "GET": api(held(200)),
        "POST": api(gate(CASE, 405)),
        "PATCH": api(held(200), {"status": "screening", "version": 1}),
    },
    "case-search": {
        "GET": api(gate(CASE, 405)),
        "POST": api(gate(CASE, 200), {"name": FAMILY_NAME}),
    },
    "claim-matter-list": {"GET": api(held(200)), "POST": api(held(400))},
    "claim-matter-detail": {
        "GET": api(gate(CASE, 405)),
        "POST": api(gate(CASE, 405)),
        "PATCH": api(held(400)),
    },
    # The inspectorate's API: its labour inspectors only, another inspectorate's ids 404.
    "inspection-workplace-list": {
        "GET": api(gate(INSPECTORS, 200)),
        "POST": api(gate(INSPECTORS, 400)),
    },
    "inspection-workplace-detail": {
        "GET": api(inspector_of_holder(200)),
        "POST": api(gate(INSPECTORS, 405)),
    },
    "inspection-visit-list": {
        "GET": api(inspector_of_holder(200)),
        "POST": api(inspector_of_holder(400)),
    },
    "inspection-visit-detail": {
        "GET": api(inspector_of_holder(200)),
        "POST": api(gate(INSPECTORS, 405)),
        "PATCH": api(inspector_of_holder(400)),
    },
    "inspection-finding-list": {
        "GET": api(inspector_of_holder(200)),
        "POST": api(inspector_of_holder(400)),
    },
    "inspection-visit-sanction-list": {
        "GET": api(inspector_of_holder(200)),
        "POST": api(inspector_of_holder(400)),
    },
    "inspection-sanction-list": {
        "GET": api(gate(INSPECTORS, 200)),
        "POST": api(gate(INSPECTORS, 405)),
    },
    "inspection-sanction-payment": {
        "GET": api(gate(INSPECTORS, 405)),
        "POST": api(inspector_of_holder(400)),
    },
    # The API's resources (web/api/resources.py): whole records, so the holding organisation only
    # (a partner reads what was shared on the pages); referrals by sender and receiver.
    "person-list": {"GET": api(gate(CASE, 200)), "POST": api(gate(CASE, 405))},
    "person-detail": {
        "GET": api(held(200)),
        "POST": api(gate(CASE, 405)),
        "PATCH": api(held(400)),
    },
    "consent-list": {"GET": api(held(200)), "POST": api(held(400))},
    "consent-withdraw": {"GET": api(gate(CASE, 405)), "POST": api(held(400))},
    "screening-detail": {
        "GET": api(held(200)),
        "POST": api(gate(CASE, 405)),
        "PUT": api(held(400)),
    },
    "plan-detail": {"GET": api(held(200)), "POST": api(held(400))},
    "case-referral-list": {"GET": api(held(200)), "POST": api(held(400))},
    "wage-claim-list": {"GET": api(held(200)), "POST": api(gate(CASE, 405))},
    "service-list": {"GET": api(gate(STAFF, 200)), "POST": api(gate(STAFF, 405))},
    "referral-list": {"GET": api(gate(CASE, 200)), "POST": api(gate(CASE, 405))},
    "referral-detail": {"GET": api(referral_rule(200, 200)), "POST": api(gate(CASE, 405))},
    "referral-accept": {"GET": api(gate(CASE, 405)), "POST": api(referral_rule(403, 200))},
    "referral-decline": {"GET": api(gate(CASE, 405)), "POST": api(referral_rule(403, 400))},
    "referral-complete": {"GET": api(gate(CASE, 405)), "POST": api(referral_rule(403, 400))},
    # Events carry ids only, for the organisation they concern; webhooks are the organisation's.
    "event-list": {"GET": api(gate(CASE, 200)), "POST": api(gate(CASE, 405))},
    "webhook-list": {"GET": api(gate(CASE, 200)), "POST": api(gate(CASE, 400))},
    "webhook-detail": {
        "GET": api(held(200)),
        "POST": api(gate(CASE, 405)),
        "DELETE": api(held(204)),
    },
    "api-schema": {"GET": api(gate(CASE, 200)), "POST": api(gate(CASE, 405))},
    # The offer check and the registry look-up hold no personal data: any verified staff role.
    "offer-check": {
        "GET": api(gate(STAFF, 405)),
        "POST": api(gate(STAFF, 200), {"as_of": "2026-12-01", "country_of_work": "QA"}),
    },
    "recruiter-lookup": {"GET": api(gate(STAFF, 400)), "POST": api(gate(STAFF, 405))},
    "assistance:overview": {"GET": web(held(200)), "POST": web(gate(CASE, 405))},
    "assistance:assess": {"GET": web(held(200)), "POST": web(held(400))},
    "assistance:action_add": {"GET": web(held(200)), "POST": web(held(400))},
    "assistance:action_status": {"GET": web(gate(CASE, 405)), "POST": web(held(400))},
    "assistance:action_reschedule": {"GET": web(gate(CASE, 405)), "POST": web(held(400))},
    # An empty choice is valid (nobody in particular): the holder is redirected to the plan.
    "assistance:action_assign": {"GET": web(gate(CASE, 405)), "POST": web(held(302))},
    "assistance:category_set": {"GET": web(gate(CASE, 405)), "POST": web(held(400))},
    "assistance:reflection_start": {"GET": web(held(200)), "POST": web(held(400))},
    "assistance:cooperation_add": {"GET": web(held(200)), "POST": web(held(400))},
    "assistance:team": {
        "GET": web(gate(frozenset({Role.SUPERVISOR}), 200)),
        "POST": web(gate(frozenset({Role.SUPERVISOR}), 405)),
    },
    # Labour inspectors read their reminders (fines and back-pay orders until paid) here too.
    "assistance:notifications": {
        "GET": web(gate(CASE | INSPECTORS, 200)),
        "POST": web(gate(CASE | INSPECTORS, 405)),
    },
    # The notification belongs to the case's author: everyone else is told it does not exist.
    "assistance:notification_read": {
        "GET": web(gate(CASE | INSPECTORS, 405)),
        "POST": web(gate(CASE | INSPECTORS, 404)),
    },
    # Referrals: the world's case is referred to the partner's service under its consent;
    # "referrals:pdf" uses a referral to an outside partner, which only the holder sees.
    "referrals:directory": {"GET": web(gate(STAFF, 200)), "POST": web(gate(STAFF, 405))},
    "referrals:provider_new": {"GET": web(gate(ADMINS, 200)), "POST": web(gate(ADMINS, 400))},
    "referrals:provider_edit": {
        "GET": web(directory_manager(200)),
        "POST": web(directory_manager(400)),
    },
    "referrals:inbox": {"GET": web(gate(CASE, 200)), "POST": web(gate(CASE, 405))},
    "referrals:new": {"GET": web(held(200)), "POST": web(held(400))},
    "claims:claim": {"GET": web(held(200)), "POST": web(held(400))},
    "claims:saved_pdf": {"GET": web(held(200)), "POST": web(gate(CASE, 405))},
    # The road to a remedy stays the holder's: a partner the claim was shared with gets 404.
    "claims:remedy": {"GET": web(held(200)), "POST": web(held(400))},
    "claims:matter_follow_up": {"GET": web(gate(CASE, 405)), "POST": web(held(400))},
    "inspection:list": {"GET": web(gate(INSPECTORS, 200)), "POST": web(gate(INSPECTORS, 405))},
    "inspection:workplace_new": {
        "GET": web(gate(INSPECTORS, 200)),
        "POST": web(gate(INSPECTORS, 400)),
    },
    "inspection:workplace": {
        "GET": web(inspector_of_holder(200)),
        "POST": web(inspector_of_holder(400)),
    },
    "inspection:visit": {
        "GET": web(inspector_of_holder(200)),
        "POST": web(inspector_of_holder(400)),
    },
    # A partner's inbox of workers referred by inspection; an empty sending names no referral.
    "inspection:worker_referrals": {"GET": web(gate(CASE, 200)), "POST": web(gate(CASE, 404))},
    "inspection:checklist": {
        "GET": web(inspector_of_holder(200)),
        "POST": web(gate(INSPECTORS, 405)),
    },
    "inspection:checklist_submit": {
        "GET": web(gate(INSPECTORS, 405)),
        "POST": web(inspector_of_holder(400)),
    },
    "inspection:sanction_payment": {
        "GET": web(gate(INSPECTORS, 405)),
        "POST": web(inspector_of_holder(400)),
    },
    # The checklist's service worker is code only (no personal data): served to anyone.
    "inspection:checklist_service_worker": {
        "GET": Expect(always(200), anonymous=200),
        "POST": Expect(always(405), anonymous=405),
    },
    "referrals:detail": {"GET": web(referral_rule(200, 200)), "POST": web(gate(CASE, 405))},
    "referrals:accept": {"GET": web(gate(CASE, 405)), "POST": web(referral_rule(403, 302))},
    "referrals:decline": {"GET": web(gate(CASE, 405)), "POST": web(referral_rule(403, 400))},
    "referrals:complete": {"GET": web(gate(CASE, 405)), "POST": web(referral_rule(403, 400))},
    "referrals:close": {"GET": web(gate(CASE, 405)), "POST": web(referral_rule(400, 403))},
    "referrals:pdf": {"GET": web(referral_rule(200, 404)), "POST": web(gate(CASE, 405))},
    "referrals:task_add": {"GET": web(gate(CASE, 405)), "POST": web(referral_rule(400, 403))},
    "referrals:task_done": {"GET": web(gate(CASE, 405)), "POST": web(referral_rule(302, 403))},
    # The national referral mechanism (docs/nrm.md). No subject belongs to a competent
    # authority, so the authority's pages refuse everyone (403, audited); the case's pages and
    # the letter answer the holder only.
    "nrm:case": {"GET": web(held(200)), "POST": web(held(400))},
    "nrm:challenge": {"GET": web(gate(CASE, 405)), "POST": web(held(302))},
    "nrm:letter": {"GET": web(held(200)), "POST": web(held(200))},
    "nrm:queue": {"GET": web(always(403)), "POST": web(always(403))},
    "nrm:authority_referral": {"GET": web(always(403)), "POST": web(always(403))},
    "nrm:decide": {"GET": web(gate(CASE, 405)), "POST": web(always(403))},
    "nrm:resolve": {"GET": web(gate(CASE, 405)), "POST": web(always(403))},
    # A hand-over of the case from the holder to the partner (the receiving organisation).
    "handover:list": {"GET": web(gate(CASE, 200)), "POST": web(gate(CASE, 405))},
    "handover:new": {"GET": web(held(200)), "POST": web(held(400))},
    "handover:detail": {"GET": web(referral_rule(200, 200)), "POST": web(gate(CASE, 405))},
    "handover:accept": {"GET": web(gate(CASE, 405)), "POST": web(referral_rule(403, 302))},
    "handover:decline": {"GET": web(gate(CASE, 405)), "POST": web(referral_rule(403, 400))},
    # Accepted: the follow-up belongs to the receiver's new case; the sender cannot write it.
    "handover:follow_up": {"GET": web(gate(CASE, 405)), "POST": web(referral_rule(404, 400))},
    "recruitment:registry": {"GET": web(gate(STAFF, 200)), "POST": web(gate(STAFF, 405))},
    # POST links a case of one's own organisation to the recruiter: an empty form is refused.
    "recruitment:detail": {"GET": web(gate(STAFF, 200)), "POST": web(gate(STAFF, 400))},
    "recruitment:event_add": {
        "GET": web(gate(REGISTRY_ADMINS, 405)),
        "POST": web(gate(REGISTRY_ADMINS, 400)),
    },
    # The offer checker for one case: its holder only (an empty form is refused).
    "recruitment:case_offer": {"GET": web(held(200)), "POST": web(held(400))},
    # The screening started from the request for help the case was opened from.
    "recruitment:help_screening": {"GET": web(gate(CASE, 405)), "POST": web(held(200))},
    "recruitment:import": {
        "GET": web(gate(REGISTRY_ADMINS, 200)),
        "POST": web(gate(REGISTRY_ADMINS, 400)),
    },
    # HTCDS exchange: an organisation's administrator exports its own records and imports
    # files; an import job of another organisation is not found.
    "exchange:home": {"GET": web(gate(ADMINS, 200)), "POST": web(gate(ADMINS, 400))},
    # An export is queued (POST) and prepared by a job, for the administrator who asked alone:
    # another administrator, even of the same organisation, is told it does not exist.
    "exchange:export": {"GET": web(gate(ADMINS, 405)), "POST": web(gate(ADMINS, 302))},
    "exchange:export_job": {"GET": web(gate(ADMINS, 404)), "POST": web(gate(ADMINS, 405))},
    "exchange:export_progress": {
        "GET": web(gate(ADMINS, 404)),
        "POST": web(gate(ADMINS, 405)),
    },
    "exchange:export_download": {
        "GET": web(gate(ADMINS, 404)),
        "POST": web(gate(ADMINS, 405)),
    },
    "exchange:job": {"GET": web(admin_of_holder(200)), "POST": web(gate(ADMINS, 405))},
    "exchange:job_progress": {
        "GET": web(admin_of_holder(200)),
        "POST": web(gate(ADMINS, 405)),
    },
    "exchange:job_run": {"GET": web(gate(ADMINS, 405)), "POST": web(admin_of_holder(302))},
    # The migrant's public pages: open to anyone (a half-signed-in staff member is still sent
    # to the second factor first, like everywhere else).
    "check:home": {
        "GET": Expect(always(200), anonymous=200),
        "POST": Expect(always(405), anonymous=405),
    },
    "check:recruiter": {
        "GET": Expect(always(200), anonymous=200),
        "POST": Expect(always(405), anonymous=405),
    },
    "check:offer": {
        "GET": Expect(always(200), anonymous=200),
        "POST": Expect(always(400), anonymous=400),
    },
    "check:pay": {
        "GET": Expect(always(200), anonymous=200),
        "POST": Expect(always(405), anonymous=405),
    },
    "check:rights": {
        "GET": Expect(always(200), anonymous=200),
        "POST": Expect(always(405), anonymous=405),
    },
    "check:help": {
        "GET": Expect(always(200), anonymous=200),
        "POST": Expect(always(400), anonymous=400),
    },
    # A request for help from the public pages belongs to the organisation it was sent to.
    "recruitment:help_list": {"GET": web(gate(CASE, 200)), "POST": web(gate(CASE, 405))},
    "recruitment:help_detail": {"GET": web(held(200)), "POST": web(gate(CASE, 405))},
    "recruitment:help_open_case": {"GET": web(gate(CASE, 405)), "POST": web(held(302))},
    # Possible duplicates: a pair, a merge and its undo belong to the organisation holding both
    # people; any other organisation gets 404.
    "dedup:list": {"GET": web(gate(CASE, 200)), "POST": web(gate(CASE, 405))},
    "dedup:start": {"GET": web(gate(CASE, 405)), "POST": web(gate(CASE, 302))},
    "dedup:review": {"GET": web(held(200)), "POST": web(gate(CASE, 405))},
    "dedup:merge": {"GET": web(gate(CASE, 405)), "POST": web(held(302), keep="a")},
    "dedup:not_same": {"GET": web(gate(CASE, 405)), "POST": web(held(302))},
    "dedup:undo": {"GET": web(gate(CASE, 405)), "POST": web(held(302))},
    "set_language": {
        "GET": Expect(always(302), anonymous=302, password_only=302),
        "POST": Expect(always(302), anonymous=302, password_only=302, data={"language": "fr"}),
    },
    "healthz": {
        "GET": Expect(always(200), anonymous=200, password_only=200),
        "POST": Expect(always(405), anonymous=405, password_only=405),
    },
}

# The API of the national referral mechanism and of the hand-over (web/api/nrm.py, handover.py):
# the same answers as their pages. No subject belongs to a competent authority, so the
# authority's endpoints refuse everyone (403, audited), before the method is looked at.
EXPECTED.update(
    {
        "case-nrm-referral-list": {"GET": api(held(200)), "POST": api(held(400))},
        "nrm-referral-list": {"GET": api(gate(CASE, 200)), "POST": api(gate(CASE, 405))},
        "nrm-referral-detail": {"GET": api(held(200)), "POST": api(gate(CASE, 405))},
        "nrm-challenge-create": {"GET": api(gate(CASE, 405)), "POST": api(held(400))},
        "nrm-queue": {"GET": api(always(403)), "POST": api(always(403))},
        "nrm-notification-list": {"GET": api(always(403)), "POST": api(always(403))},
        "nrm-received-detail": {"GET": api(always(403)), "POST": api(always(403))},
        "nrm-decision-create": {"GET": api(always(403)), "POST": api(always(403))},
        "nrm-challenge-resolve": {"GET": api(always(403)), "POST": api(always(403))},
        # A hand-over of the case from the holder to the partner, as for the pages above.
        "case-handover-list": {"GET": api(held(200)), "POST": api(held(400))},
        "handover-list": {"GET": api(gate(CASE, 200)), "POST": api(gate(CASE, 405))},
        "handover-detail": {"GET": api(referral_rule(200, 200)), "POST": api(gate(CASE, 405))},
        "handover-accept": {"GET": api(gate(CASE, 405)), "POST": api(referral_rule(403, 200))},
        "handover-decline": {
            "GET": api(gate(CASE, 405)),
            "POST": api(referral_rule(403, 400)),
        },
        "handover-follow-up": {
            "GET": api(gate(CASE, 405)),
            "POST": api(referral_rule(404, 400)),
        },
    }
)

# The writes of the pages through the API (web/api/writes.py) and the webhooks page. The holder
# writes; a partner the case is shared with is told the case's claim and plan do not exist, and
# the receiver of a referral is refused what only its sender does (close, follow-up tasks).
_SOON = (dt.date.today() + dt.timedelta(days=7)).isoformat()
_SOON_PAST = (dt.date.today() - dt.timedelta(days=1)).isoformat()
MATRIX_CLAIM = {
    "jurisdiction": "GB",
    "currency": "GBP",
    "periods": [
        {
            "start": "2025-04-07",
            "end": "2025-05-04",
            "hours_per_day": "8",
            "days_per_week": "5",
            "paid_amount": "1000",
            "paid_per": "period",
        }
    ],
}
MATRIX_ACTION = {
    "domain": "legal",
    "action": "See the labour lawyer",
    "role": "caseworker",
    "due_on": _SOON,
    "urgency": 2,
    "support_plan_type": "Legal",
}
EXPECTED["wage-claim-list"] = {
    "GET": api(held(200)),
    "POST": api(held(201), MATRIX_CLAIM),
}
EXPECTED.update(
    {
        "plan-action-list": {
            "GET": api(held(200)),
            "POST": api(held(201), MATRIX_ACTION),
        },
        "plan-action-detail": {
            "GET": api(held(200)),
            "POST": api(gate(CASE, 405)),
            "PATCH": api(held(200), {"status": "done"}),
        },
        "referral-close": {
            "GET": api(gate(CASE, 405)),
            "POST": api(referral_rule(200, 403), {"outcome": "service_received"}),
        },
        "referral-task-list": {
            "GET": api(referral_rule(200, 403)),
            "POST": api(referral_rule(201, 403), {"description": "Call", "due_on": _SOON}),
        },
        "referral-task-done": {
            "GET": api(gate(CASE, 405)),
            "POST": api(referral_rule(200, 403)),
        },
        "case-note-list": {
            "GET": api(held(200)),
            "POST": api(held(201), {"body": "Matrix note", "note_date": "2026-01-02"}),
        },
        "case-event-list": {
            "GET": api(held(200)),
            "POST": api(held(201), {"type": "Transit", "date": "2025-01-02"}),
        },
        "api_tokens:webhooks": {"GET": web(gate(ADMINS, 200)), "POST": web(gate(ADMINS, 400))},
        "api_tokens:webhook": {
            "GET": web(token_admin_of_holder(200)),
            "POST": web(gate(ADMINS, 405)),
        },
        "api_tokens:webhook_rotate": {
            "GET": web(gate(ADMINS, 405)),
            "POST": web(token_admin_of_holder(200)),
        },
        "api_tokens:webhook_disable": {
            "GET": web(gate(ADMINS, 405)),
            "POST": web(token_admin_of_holder(302)),
        },
    }
)


# The person's own record through the API (web/api/people.py): the answers of the case page's
# document form, export and erasure. The erasure is posted without its confirmation: the
# holder's supervisor is told to confirm (400), nothing is erased.
EXPECTED.update(
    {
        "case-document-list": {
            "GET": api(held(200)),
            "POST": api(held(201), {"type": "passport", "number": "P123", "held_by": "person"}),
        },
        "person-export": {"GET": api(held(200)), "POST": api(gate(CASE, 405))},
        "person-erase": {
            "GET": api(gate(CASE, 405)),
            "POST": api(supervisor_of_holder(400)),
        },
    }
)
PEOPLE_API = frozenset({"case-document-list", "person-export", "person-erase"})

# The duplicate review through the API (web/api/duplicates.py): the pages' rule (`dedup:*`).
# The merge is posted without the versions read: the holder is told which fields it misses
# (400), nothing is merged. A token never merges nor undoes (see PERSON_ONLY).
EXPECTED.update(
    {
        "duplicate-list": {"GET": api(gate(CASE, 200)), "POST": api(gate(CASE, 405))},
        "duplicate-dismiss": {"GET": api(gate(CASE, 405)), "POST": api(held(200))},
        "duplicate-merge": {"GET": api(gate(CASE, 405)), "POST": api(held(400), {"keep": "a"})},
        "duplicate-merge-list": {"GET": api(gate(CASE, 200)), "POST": api(gate(CASE, 405))},
        "duplicate-merge-undo": {"GET": api(gate(CASE, 405)), "POST": api(held(200))},
    }
)
DEDUP_API = frozenset(
    {
        "duplicate-list",
        "duplicate-dismiss",
        "duplicate-merge",
        "duplicate-merge-list",
        "duplicate-merge-undo",
    }
)
# Decisions only a signed-in person makes: a token that gets past "not found" is refused (403).
PERSON_ONLY = frozenset({"duplicate-merge", "duplicate-merge-undo"})


def people_api_url_for(name: str, world: World) -> str:
    return reverse(name, kwargs={"case_id": world.case.uuid})


# The assistance overview's category, reflection periods and cooperation through the API
# (web/api/assistance_api.py): the pages' rule (`assistance:*`), only the holder.
EXPECTED.update(
    {
        "case-category": {
            "GET": api(held(200)),
            "PUT": api(held(200), {"category": "presumed_victim"}),
        },
        "reflection-period-list": {
            "GET": api(held(200)),
            "POST": api(held(201), {"jurisdiction": "IT", "starts_on": "2025-01-10"}),
        },
        "cooperation-list": {
            "GET": api(held(200)),
            "POST": api(held(201), {"status": "declined", "recorded_on": _SOON_PAST}),
        },
        # The NRM decision letter for the holder of the referral (web/api/nrm.py).
        "nrm-decision-letter": {"GET": api(held(200)), "POST": api(gate(CASE, 405))},
    }
)


def url_names(patterns: list[Any], namespace: str = "") -> Iterator[str | None]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else None


def test_every_url_pattern_of_the_project_has_a_name():
    assert None not in list(url_names(get_resolver().url_patterns))


def test_the_matrix_covers_every_url_of_the_project():
    assert set(EXPECTED) == set(url_names(get_resolver().url_patterns))


# --- the world: one case, four organisations --------------------------------------------------


@dataclass
class World:
    organisations: dict[str, Organisation]
    case: Case
    sharing_consent: Consent
    # Each subject's user and signed-in session, made once per module (see `module_world`).
    sessions: dict[str, tuple[User, str]] = field(default_factory=dict)


def _organisation(name: str, kind: str = OrganisationType.NGO) -> Organisation:
    return Organisation.objects.create(name=name, type=kind, country="IT")


def _share(case: Case, author: User, recipient: Organisation) -> Consent:
    consent = services.consent_record(
        actor=Actor.for_user(author),
        case=case,
        data={
            "kind": ConsentKind.DATA_SHARING,
            "granted": True,
            "purpose": SharingPurpose.REFERRAL,
            "recipient": recipient,
            "method": "written",
            "decided_on": timezone.localdate() - dt.timedelta(days=10),
        },
    )
    CaseShare.objects.create(
        case=case,
        organisation=recipient,
        consent=consent,
        sections=[CaseShareSection.IDENTITY, CaseShareSection.EVENTS],
    )
    return consent


def build_world(make_user: Callable[..., User]) -> World:
    organisations = {
        HOLDER: _organisation("Holding Shelter", OrganisationType.SHELTER),
        STRANGER: _organisation("Stranger NGO"),
        PARTNER: _organisation("Partner Legal Aid", OrganisationType.LEGAL_SERVICE),
        FORMER_PARTNER: _organisation("Former Partner Clinic", OrganisationType.HEALTH_SERVICE),
    }
    author = make_user(Role.CASEWORKER, organisations[HOLDER], "author")
    case = services.case_intake(
        actor=Actor.for_user(author),
        person_data={
            "first_name": FIRST_NAME,
            "second_name": FAMILY_NAME,
            "mobile_phone": PHONE,
            "safe_contact": SAFE_CONTACT,
        },
    )
    services.note_add(actor=Actor.for_user(author), case=case, body=NOTE, on=timezone.localdate())
    services.event_add(
        actor=Actor.for_user(author),
        case=case,
        data={"type": EventType.RECRUITMENT, "country": "NG", "description": EVENT},
    )
    consent = _share(case, author, organisations[PARTNER])
    former = _share(case, author, organisations[FORMER_PARTNER])
    services.consent_withdraw(actor=Actor.for_user(author), consent=former, on=timezone.localdate())
    return World(organisations=organisations, case=case, sharing_consent=consent)


@pytest.fixture(scope="module", autouse=True)
def _sessions_last_the_whole_run() -> Iterator[None]:
    """The sessions are made once per module and a full run takes longer than the ten minutes
    after which sensitive pages ask for the password again: the matrix is about roles and
    organisations, the re-authentication is tested on its own
    (accounts/tests/test_reauthentication.py), so here the window outlasts the run."""
    with override_settings(NEEDSFIRST_REAUTHENTICATE_MINUTES=24 * 60):
        yield


@pytest.fixture(scope="module")
def module_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """The world is built once per module, inside a transaction that is never committed: each
    test runs in a savepoint within it (pytest-django's per-test atomic), so what a test
    changes is undone after it, and the whole world is rolled back when the module ends. The
    matrix's five thousand cells then pay for signing a user in, not for building a case."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world(create_user)
            for subject in SUBJECTS[1:]:
                world.sessions[subject] = _session_for(subject, world)
            yield world
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(module_world: World) -> World:
    module_world.case.refresh_from_db()
    return module_world


def _session_for(subject: str, world: World) -> tuple[User, str]:
    if subject == PASSWORD_ONLY:
        user = create_user(Role.CASEWORKER, world.organisations[HOLDER], "password-only")
        client = Client()
        client.force_login(user)
    else:
        role, relation = subject.split("@")
        user = create_user(role, world.organisations[relation], f"matrix-{role}-{relation}")
        client = signed_in(user)
    return user, client.cookies[settings.SESSION_COOKIE_NAME].value


def client_for(subject: str, world: World, make_user: Callable[..., User]) -> tuple[Client, Any]:
    if subject == ANONYMOUS:
        return Client(), None
    if subject in world.sessions:
        # A fresh client on the subject's session: what a test changes (a sign-out, a lockout)
        # is undone with the test's savepoint.
        user, session_key = world.sessions[subject]
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        return client, user
    if subject == PASSWORD_ONLY:
        user = make_user(Role.CASEWORKER, world.organisations[HOLDER])
        client = Client()
        client.force_login(user)
        return client, user
    role, relation = subject.split("@")
    user = make_user(role, world.organisations[relation])
    return signed_in(user), user


def exchange_url_for(name: str, world: World) -> str:
    if name in {"exchange:home"}:
        return reverse(name)
    if name == "exchange:export":
        return reverse(name, kwargs={"file_format": "json"})
    from needsfirst.web.exchange.models import ExportJob, ExportStatus, ImportJob, JobStatus

    if name.startswith("exchange:export_"):
        export = ExportJob.objects.create(
            organisation=world.organisations[HOLDER],
            created_by=User.objects.get(username="author"),
            file_format="json",
            status=ExportStatus.READY,
            payload="e30=",
        )
        return reverse(name, kwargs={"job_uuid": export.uuid})

    job = ImportJob.objects.create(
        organisation=world.organisations[HOLDER],
        created_by=User.objects.get(username="author"),
        file_format="json",
        status=JobStatus.READY,
    )
    return reverse(name, kwargs={"job_uuid": job.uuid})


def url_for(name: str, world: World) -> str:
    if name in {"accounts:unlock", "accounts:member_second_factor_reset"}:
        author = User.objects.get(username="author")
        return reverse(name, kwargs={"user_uuid": author.uuid})
    api_builders = (
        (REMEDY_API, remedy_api_url_for),
        (WRITES_API, writes_api_url_for),
        (ASSISTANCE_API, assistance_api_url_for),
        ({"nrm-decision-letter"}, nrm_letter_api_url_for),
        (RESOURCE_API, resource_api_url_for),
        (INSPECTION_API, inspection_api_url_for),
        (NRM_HANDOVER_API, nrm_handover_api_url_for),
        (RELEASE_API, statistics_url_for),
        (PEOPLE_API, people_api_url_for),
        (DEDUP_API, dedup_url_for),
    )
    for names, build in api_builders:
        if name in names:
            return build(name, world)
    if name == "case-detail":
        return reverse(name, kwargs={"case_id": world.case.uuid})
    if name == "cases:consent_withdraw":
        kwargs = {"case_uuid": world.case.uuid, "consent_uuid": world.sharing_consent.uuid}
        return reverse(name, kwargs=kwargs)
    if name.startswith("cases:") and name not in {"cases:list", "cases:intake", "cases:search"}:
        return reverse(name, kwargs={"case_uuid": world.case.uuid})
    if name.startswith("screening:"):
        return reverse(name, kwargs={"case_uuid": world.case.uuid})
    builders = {
        "exchange:": exchange_url_for,
        "statistics:": statistics_url_for,
        "assistance:": assistance_url_for,
        "referrals:": referrals_url_for,
        "handover:": handover_url_for,
        "claims:": claims_url_for,
        "inspection:": inspection_url_for,
        "recruitment:": recruitment_url_for,
        "nrm:": nrm_url_for,
        "api_tokens:": token_url_for,
        "dedup:": dedup_url_for,
    }
    for prefix, build in builders.items():
        if name.startswith(prefix):
            return build(name, world)
    return reverse(name)


RELEASE_API = frozenset({"release-detail", "release-download"})


def statistics_url_for(name: str, world: World) -> str:
    from needsfirst.web.statistics.models import PartnerRelease

    if name == "statistics:csv":
        return reverse(name, kwargs={"key": "gender"})
    if name in {"statistics:release-detail", "statistics:release-download", *RELEASE_API}:
        release = PartnerRelease.objects.create(
            kind="dp_counts",
            statement="epsilon = 1",
            content="gender,count\n",
            created_by=User.objects.get(username="author"),
            organisation=world.organisations[HOLDER],
        )
        return reverse(name, kwargs={"release_uuid": release.uuid})
    return reverse(name)


def dedup_url_for(name: str, world: World) -> str:
    from needsfirst.web.dedup import services as dedup
    from needsfirst.web.dedup.models import DuplicateCandidate, DuplicateRun

    if name in {"dedup:list", "dedup:start", "duplicate-list", "duplicate-merge-list"}:
        return reverse(name)
    suffix = "id" if name in DEDUP_API else "uuid"
    author = User.objects.get(username="author")
    other = services.case_intake(
        actor=Actor.for_user(author), person_data={"first_name": "Second", "second_name": "Entry"}
    ).person
    run = DuplicateRun.objects.create(organisation=world.case.organisation, requested_by=author)
    candidate = DuplicateCandidate.objects.create(
        organisation=world.case.organisation,
        run=run,
        person_a=world.case.person,
        person_b=other,
        probability=0.9,
        reasons={"name": "name_same_spelling"},
    )
    if name in {"dedup:undo", "duplicate-merge-undo"}:
        merge = dedup.merge_candidate(
            actor=Actor.for_user(author), candidate_uuid=candidate.uuid, keep="a"
        )
        return reverse(name, kwargs={f"merge_{suffix}": merge.uuid})
    return reverse(name, kwargs={f"candidate_{suffix}": candidate.uuid})


def recruitment_url_for(name: str, world: World) -> str:
    from needsfirst.web.accounts.actor import Actor
    from needsfirst.web.recruitment.help import help_request_submit
    from needsfirst.web.recruitment.models import Recruiter

    if name == "recruitment:case_offer":
        return reverse(name, kwargs={"case_uuid": world.case.uuid})
    if name == "recruitment:help_screening":
        sent = help_request_submit(
            actor=Actor.system("matrix"),
            organisation=world.organisations[HOLDER],
            country="IT",
            language="en",
            channel="call",
            contact=PHONE,
            consent_text="I agree",
        )
        sent.case = world.case
        sent.save(update_fields=["case"])
        return reverse(name, kwargs={"case_uuid": world.case.uuid, "help_uuid": sent.uuid})
    if name in {"recruitment:help_detail", "recruitment:help_open_case"}:
        sent = help_request_submit(
            actor=Actor.system("matrix"),
            organisation=world.organisations[HOLDER],
            country="IT",
            language="en",
            channel="call",
            contact=PHONE,
            consent_text="I agree",
        )
        return reverse(name, kwargs={"help_uuid": sent.uuid})
    if name in {"recruitment:detail", "recruitment:event_add"}:
        recruiter = Recruiter.objects.create(name="Matrix Manpower Services")
        return reverse(name, kwargs={"recruiter_uuid": recruiter.uuid})
    return reverse(name)


REMEDY_API = {"claim-matter-list", "claim-matter-detail"}
INSPECTION_API = {
    "inspection-workplace-list": "inspection:list",
    "inspection-sanction-list": "inspection:list",
    "inspection-workplace-detail": "inspection:workplace",
    "inspection-visit-list": "inspection:workplace",
    "inspection-visit-detail": "inspection:visit",
    "inspection-finding-list": "inspection:visit",
    "inspection-visit-sanction-list": "inspection:visit",
    "inspection-sanction-payment": "inspection:sanction_payment",
}
API_KWARGS = {"workplace_uuid": "workplace_id", "visit_uuid": "visit_id"}


def inspection_api_url_for(name: str, world: World) -> str:
    """The API's address for the same record the page's address of the matrix names."""
    page = INSPECTION_API[name]
    if page == "inspection:list":
        return reverse(name)
    match = resolve(inspection_url_for(page, world))
    kwargs = {API_KWARGS.get(key, "sanction_id"): value for key, value in match.kwargs.items()}
    return reverse(name, kwargs=kwargs)


RESOURCE_API = {
    "webhook-detail",
    "person-detail",
    "consent-list",
    "consent-withdraw",
    "screening-detail",
    "plan-detail",
    "case-referral-list",
    "wage-claim-list",
    "referral-detail",
    "referral-accept",
    "referral-decline",
    "referral-complete",
}


NRM_HANDOVER_API = {
    "case-nrm-referral-list",
    "nrm-referral-list",
    "nrm-referral-detail",
    "nrm-challenge-create",
    "nrm-queue",
    "nrm-notification-list",
    "nrm-received-detail",
    "nrm-decision-create",
    "nrm-challenge-resolve",
    "case-handover-list",
    "handover-list",
    "handover-detail",
    "handover-accept",
    "handover-decline",
    "handover-follow-up",
}


def nrm_handover_api_url_for(name: str, world: World) -> str:
    """The API's address for the records the pages' builders make (`nrm_url_for`,
    `handover_url_for`): a referral of the world's case with its first decision; a hand-over of
    the case to the partner, accepted for the follow-up."""
    from needsfirst.web.nrm.models import NrmDecision

    if name in {"nrm-referral-list", "nrm-queue", "nrm-notification-list", "handover-list"}:
        return reverse(name)
    if name in {"case-nrm-referral-list", "case-handover-list"}:
        return reverse(name, kwargs={"case_id": world.case.uuid})
    if name.startswith("handover-"):
        page = "handover:follow_up" if name == "handover-follow-up" else "handover:detail"
        kwargs: dict[str, Any] = {
            "handover_id": resolve(handover_url_for(page, world)).kwargs["handover_uuid"]
        }
        if name == "handover-follow-up":
            kwargs["months"] = 3
        return reverse(name, kwargs=kwargs)
    decision_id = resolve(nrm_url_for("nrm:challenge", world)).kwargs["decision_uuid"]
    referral_id = NrmDecision.objects.get(uuid=decision_id).referral.uuid
    if name == "nrm-challenge-create":
        return reverse(name, kwargs={"referral_id": referral_id, "decision_id": decision_id})
    if name == "nrm-challenge-resolve":
        return reverse(name, kwargs={"referral_id": referral_id, "challenge_id": decision_id})
    return reverse(name, kwargs={"referral_id": referral_id})


def token_url_for(name: str, world: World) -> str:
    from needsfirst.web.api.tokens import token_create

    if name in {"api_tokens:list", "api_tokens:webhooks"}:
        return reverse(name)
    if name.startswith("api_tokens:webhook"):
        return reverse(name, kwargs={"webhook_uuid": _holders_webhook(world).uuid})
    admin = User.objects.create_user(
        username="matrix-admin",
        role=Role.ORGANISATION_ADMIN,
        organisation=world.organisations[HOLDER],
    )
    made = token_create(actor=Actor.for_user(admin), name="Matrix", scope="read")
    return reverse(name, kwargs={"token_uuid": made.token.uuid})


def resource_api_url_for(name: str, world: World) -> str:
    if name == "person-detail":
        return reverse(name, kwargs={"person_id": world.case.person.uuid})
    if name == "consent-withdraw":
        kwargs = {"case_id": world.case.uuid, "consent_id": world.sharing_consent.uuid}
        return reverse(name, kwargs=kwargs)
    if name == "webhook-detail":
        from needsfirst.web.api.events import subscription_create

        with override_settings(WEBHOOKS_ALLOW_PRIVATE=True):
            subscription, _ = subscription_create(
                organisation_id=world.organisations[HOLDER].pk,
                created_by=User.objects.get(username="author"),
                url="https://partner.example.org/hook",
                event_types=["referral.received"],
            )
        return reverse(name, kwargs={"webhook_id": subscription.uuid})
    if name.startswith("referral-"):
        page = referrals_url_for("referrals:detail", world)
        referral_id = page.rstrip("/").rsplit("/", 1)[1]
        return reverse(name, kwargs={"referral_id": referral_id})
    return reverse(name, kwargs={"case_id": world.case.uuid})


def _holders_webhook(world: World) -> Any:
    from needsfirst.web.api.events import subscription_create

    with override_settings(WEBHOOKS_ALLOW_PRIVATE=True):
        subscription, _ = subscription_create(
            organisation_id=world.organisations[HOLDER].pk,
            created_by=User.objects.get(username="author"),
            url="https://partner.example.org/hook",
            event_types=["referral.received"],
        )
    return subscription


WRITES_API = {
    "case-note-list",
    "case-event-list",
    "plan-action-list",
    "plan-action-detail",
    "referral-close",
    "referral-task-list",
    "referral-task-done",
}


def writes_api_url_for(name: str, world: World) -> str:
    from needsfirst.web.assistance import services as assistance
    from needsfirst.web.referrals import services as referrals

    author = User.objects.get(username="author")
    if name in {"plan-action-list", "case-note-list", "case-event-list"}:
        return reverse(name, kwargs={"case_id": world.case.uuid})
    if name == "plan-action-detail":
        item = assistance.plan_action_add(
            actor=Actor.for_user(author),
            case=world.case,
            domain="legal",
            action="See the labour lawyer",
            role="caseworker",
            due_on=timezone.localdate() + dt.timedelta(days=7),
            urgency=2,
            support_plan_type="Legal",
        )
        return reverse(name, kwargs={"case_id": world.case.uuid, "item_id": item.uuid})
    page = referrals_url_for("referrals:detail", world)
    referral_id = page.rstrip("/").rsplit("/", 1)[1]
    if name == "referral-task-done":
        from needsfirst.web.referrals.models import Referral

        task = referrals.task_add(
            actor=Actor.for_user(author),
            referral=Referral.objects.get(uuid=referral_id),
            description="Call the clinic",
            due_on=timezone.localdate(),
        )
        return reverse(name, kwargs={"referral_id": referral_id, "task_id": task.uuid})
    return reverse(name, kwargs={"referral_id": referral_id})


def remedy_api_url_for(name: str, world: World) -> str:
    if name == "claim-matter-list":
        return reverse(name, kwargs={"case_id": world.case.uuid})
    matter_url = claims_url_for("claims:matter_follow_up", world)
    matter_id = matter_url.rstrip("/").rsplit("/", 1)[1]
    return reverse(name, kwargs={"case_id": world.case.uuid, "matter_id": matter_id})


def inspection_url_for(name: str, world: World) -> str:
    from decimal import Decimal

    from needsfirst.web.inspection import services as inspection

    if name in {
        "inspection:list",
        "inspection:workplace_new",
        "inspection:worker_referrals",
        "inspection:checklist_service_worker",
    }:
        return reverse(name)
    inspector = User.objects.create_user(
        username="matrix-inspector",
        password="x",
        role=Role.LABOUR_INSPECTOR,
        organisation=world.organisations[HOLDER],
    )
    actor = Actor.for_user(inspector)
    workplace = inspection.workplace_register(
        actor=actor, data={"name": "Matrix farm", "jurisdiction": "GB", "isic": "A01"}
    )
    if name == "inspection:workplace":
        return reverse(name, kwargs={"workplace_uuid": workplace.uuid})
    today = timezone.localdate()
    visit = inspection.visit_plan(actor=actor, workplace=workplace, planned_on=today)
    inspection.visit_done(actor=actor, visit=visit, done_on=today)
    if name in {"inspection:visit", "inspection:checklist", "inspection:checklist_submit"}:
        return reverse(name, kwargs={"visit_uuid": visit.uuid})
    sanction = inspection.sanction_impose(
        actor=actor, visit=visit, kind="fine", amount=Decimal("10"), currency="GBP", due_on=today
    )
    return reverse(name, kwargs={"sanction_uuid": sanction.uuid})


def claims_url_for(name: str, world: World) -> str:
    from needsfirst.wages import claim_facts_from_mapping, compute_claim
    from needsfirst.web.claims import services as claims

    if name in {"claims:claim", "claims:remedy"}:
        return reverse(name, kwargs={"case_uuid": world.case.uuid})
    if name == "claims:matter_follow_up":
        from needsfirst.wages.remedies import remedy_facts_from_mapping

        matter = claims.claim_matter_open(
            actor=Actor.for_user(User.objects.get(username="author")),
            case=world.case,
            facts=remedy_facts_from_mapping(
                {"jurisdiction": "GB", "first_unpaid": "2025-04-30", "last_unpaid": "2025-05-30"}
            ),
            forum="employment-tribunal",
        )
        return reverse(name, kwargs={"case_uuid": world.case.uuid, "matter_uuid": matter.uuid})
    facts = {
        "jurisdiction": "GB",
        "periods": [
            {
                "start": "2025-04-07",
                "end": "2025-05-04",
                "hours_per_day": "8",
                "days_per_week": "5",
                "paid": {"amount": "1000", "currency": "GBP", "per": "period"},
            }
        ],
    }
    saved = claims.wage_claim_save(
        actor=Actor.for_user(User.objects.get(username="author")),
        case=world.case,
        facts=facts,
        claim=compute_claim(claim_facts_from_mapping(facts)),
    )
    return reverse(name, kwargs={"case_uuid": world.case.uuid, "claim_uuid": saved.uuid})


def nrm_url_for(name: str, world: World) -> str:
    """A referral of the world's case to a competent authority for England, with the person's
    consent, and the authority's first decision on it."""
    from needsfirst.web.nrm import services as nrm_services
    from needsfirst.web.nrm.models import CompetentAuthority, Stage

    if name == "nrm:queue":
        return reverse(name)
    if name == "nrm:case":
        return reverse(name, kwargs={"case_uuid": world.case.uuid})
    authority_org = Organisation.objects.create(
        name="Matrix Competent Authority", type=OrganisationType.COMPETENT_AUTHORITY, country="GB"
    )
    authority = CompetentAuthority.objects.create(organisation=authority_org, jurisdiction="GB-ENG")
    author = User.objects.get(username="author")
    services.consent_record(
        actor=Actor.for_user(author),
        case=world.case,
        data={
            "kind": ConsentKind.DATA_SHARING,
            "granted": True,
            "purpose": SharingPurpose.REFERRAL,
            "recipient": authority_org,
            "method": "written",
            "decided_on": timezone.localdate(),
        },
    )
    referral = nrm_services.nrm_refer(
        actor=Actor.for_user(author),
        case=world.case,
        authority=authority,
        data={"exploitation": "labour", "account": "Matrix account."},
    )
    decider = User.objects.create_user(
        username="matrix-decider", role=Role.SUPERVISOR, organisation=authority_org
    )
    decision = nrm_services.nrm_decide(
        actor=Actor.for_user(decider),
        referral_uuid=referral.uuid,
        stage=Stage.REASONABLE_GROUNDS,
        positive=False,
        decided_on=timezone.localdate(),
        evidence="Matrix evidence.",
        reasons="Matrix reasons.",
    )
    if name == "nrm:challenge":
        return reverse(name, kwargs={"case_uuid": world.case.uuid, "decision_uuid": decision.uuid})
    if name == "nrm:letter":
        return reverse(name, kwargs={"decision_uuid": decision.uuid})
    if name == "nrm:resolve":
        return reverse(name, kwargs={"nrm_uuid": referral.uuid, "challenge_uuid": decision.uuid})
    return reverse(name, kwargs={"nrm_uuid": referral.uuid})


def referrals_url_for(name: str, world: World) -> str:
    from needsfirst.web.referrals import services as referrals
    from needsfirst.web.referrals.models import ServiceProvider

    if name in {"referrals:directory", "referrals:provider_new", "referrals:inbox"}:
        return reverse(name)
    if name == "referrals:new":
        return reverse(name, kwargs={"case_uuid": world.case.uuid})
    partner = world.organisations[PARTNER]
    provider = ServiceProvider.objects.create(
        owner=partner,
        organisation=partner,
        in_needsfirst=name != "referrals:pdf",
        name="Partner legal clinic",
        type="legal",
        domains=["legal"],
        languages=["it"],
        country="IT",
        city="Palermo",
        eligibility=["any"],
    )
    if name == "referrals:provider_edit":
        return reverse(name, kwargs={"provider_uuid": provider.uuid})
    author = User.objects.get(username="author")
    referral = referrals.referral_send(
        actor=Actor.for_user(author),
        case=world.case,
        provider=provider,
        sections=[CaseShareSection.IDENTITY],
    )
    if name == "referrals:task_done":
        task = referrals.task_add(
            actor=Actor.for_user(author),
            referral=referral,
            description="Call the clinic",
            due_on=timezone.localdate(),
        )
        return reverse(name, kwargs={"referral_uuid": referral.uuid, "task_uuid": task.uuid})
    return reverse(name, kwargs={"referral_uuid": referral.uuid})


def handover_url_for(name: str, world: World) -> str:
    from needsfirst.web.handover import services as handover_services

    if name == "handover:list":
        return reverse(name)
    if name == "handover:new":
        return reverse(name, kwargs={"case_uuid": world.case.uuid})
    author = User.objects.get(username="author")
    partner = world.organisations[PARTNER]
    services.consent_record(
        actor=Actor.for_user(author),
        case=world.case,
        data={
            "kind": ConsentKind.DATA_SHARING,
            "granted": True,
            "purpose": SharingPurpose.TRANSFER,
            "recipient": partner,
            "method": "written",
            "decided_on": timezone.localdate(),
        },
    )
    handover = handover_services.handover_send(
        actor=Actor.for_user(author),
        case=world.case,
        recipient=partner,
        kind="return",
        sections=[CaseShareSection.IDENTITY],
    )
    if name == "handover:follow_up":
        receiver = User.objects.create_user(
            username="matrix-receiver", role=Role.CASEWORKER, organisation=partner
        )
        handover_services.handover_accept(actor=Actor.for_user(receiver), handover=handover)
        return reverse(name, kwargs={"handover_uuid": handover.uuid, "months": 3})
    return reverse(name, kwargs={"handover_uuid": handover.uuid})


def assistance_url_for(name: str, world: World) -> str:
    from needsfirst.web.assistance import services as assistance
    from needsfirst.web.assistance.models import Notification

    author = User.objects.get(username="author")
    if name in {
        "assistance:action_status",
        "assistance:action_reschedule",
        "assistance:action_assign",
    }:
        assistance.assessment_record(
            actor=Actor.for_user(author),
            case=world.case,
            answers={},
            assessed_on=timezone.localdate(),
            jurisdiction="IT",
        )
        item = world.case.plan_items.first()
        return reverse(name, kwargs={"case_uuid": world.case.uuid, "item_uuid": item.uuid})
    if name == "assistance:notification_read":
        notification = Notification.objects.create(
            user=author, kind="task_due", text_code="task_due", dedupe_key="matrix"
        )
        return reverse(name, kwargs={"notification_uuid": notification.uuid})
    if name in {"assistance:team", "assistance:notifications"}:
        return reverse(name)
    return reverse(name, kwargs={"case_uuid": world.case.uuid})


def send(client: Client, method: str, url: str, expect: Expect) -> Any:
    if expect.api and method in {"POST", "PATCH", "PUT"}:
        body = json.dumps(expect.data)
        return client.generic(method, url, body, content_type="application/json")
    if method == "POST":
        return client.post(url, expect.data)
    return client.generic(method, url)


# Refusals that leave no audit entry: the schema holds no personal data.
UNAUDITED_DENIALS = frozenset({"api-schema"})

CELLS = [
    pytest.param(name, method, subject, id=f"{name} {method} {subject}")
    for name, methods in EXPECTED.items()
    for method in methods
    for subject in SUBJECTS
]


@pytest.mark.parametrize(("name", "method", "subject"), CELLS)
def test_permission_matrix_cell(name, method, subject, world, make_user):
    expect = EXPECTED[name][method]
    client, user = client_for(subject, world, make_user)
    if subject == ANONYMOUS:
        expected = expect.anonymous
    elif subject == PASSWORD_ONLY:
        expected = expect.password_only
    else:
        role, relation = subject.split("@")
        expected = expect.verified(role, relation)
    response = send(client, method, url_for(name, world), expect)
    assert response.status_code == expected, response.content[:300]
    if response.status_code == 302 and expect is not EXPECTED["set_language"][method]:
        location = response["Location"]
        if subject == ANONYMOUS:
            assert location.startswith(reverse("accounts:login"))
        elif subject == PASSWORD_ONLY and name not in {"accounts:login", "accounts:logout"}:
            assert location == reverse("accounts:two_factor")
    denial_audited = name not in UNAUDITED_DENIALS
    if (
        user is not None
        and subject != PASSWORD_ONLY
        and response.status_code == 403
        and denial_audited
    ):
        assert AuditEntry.objects.filter(actor=user, action=AuditAction.ACCESS_DENIED).exists()
    if response.status_code in {200, 201} and subject in {ANONYMOUS, PASSWORD_ONLY}:
        assert FAMILY_NAME not in response.content.decode()


def test_the_matrix_has_a_cell_for_every_subject_of_every_method():
    methods = sum(len(methods) for methods in EXPECTED.values())
    assert len(CELLS) == methods * len(SUBJECTS) == methods * (2 + len(Role.values) * 4)


# --- what a partner sees of the shared case ---------------------------------------------------


@pytest.mark.parametrize("role", sorted(CASE_ROLES))
def test_a_partner_sees_the_shared_sections_and_nothing_else(role, world, make_user):
    client = signed_in(make_user(role, world.organisations[PARTNER]))
    page = client.get(reverse("cases:detail", args=[world.case.uuid])).content.decode()
    assert FIRST_NAME in page
    assert FAMILY_NAME in page
    assert EVENT in page
    assert NOTE not in page
    assert PHONE not in page
    assert SAFE_CONTACT not in page
    assert 'id="consents"' not in page
    assert str(SharingPurpose.REFERRAL.label) not in page
    assert reverse("cases:edit", args=[world.case.uuid]) not in page
    assert reverse("cases:export_json", args=[world.case.uuid]) not in page


@pytest.mark.parametrize("role", sorted(CASE_ROLES))
def test_the_holder_sees_every_section(role, world, make_user):
    client = signed_in(make_user(role, world.organisations[HOLDER]))
    page = client.get(reverse("cases:detail", args=[world.case.uuid])).content.decode()
    for value in (FIRST_NAME, FAMILY_NAME, EVENT, NOTE, PHONE, SAFE_CONTACT):
        assert value in page
    assert 'id="consents"' in page


def test_a_withdrawn_consent_ends_access_even_before_the_share_is_revoked(world, make_user):
    # The share rests on the consent: withdrawing it must be enough, whatever the share says.
    Consent.objects.filter(pk=world.sharing_consent.pk).update(withdrawn_on=timezone.localdate())
    assert CaseShare.objects.filter(consent=world.sharing_consent, revoked_at=None).exists()
    client = signed_in(make_user(Role.CASEWORKER, world.organisations[PARTNER]))
    assert client.get(reverse("cases:detail", args=[world.case.uuid])).status_code == 404
    assert client.get(reverse("cases:list")).content.decode().count(world.case.reference) == 0


def test_a_share_without_the_identity_section_never_shows_the_name(world, make_user):
    CaseShare.objects.filter(consent=world.sharing_consent).update(
        sections=[CaseShareSection.EVENTS]
    )
    client = signed_in(make_user(Role.CASEWORKER, world.organisations[PARTNER]))
    page = client.get(reverse("cases:detail", args=[world.case.uuid])).content.decode()
    assert EVENT in page
    assert FAMILY_NAME not in page
    found = client.post(reverse("cases:search"), {"name": MISSPELT}).content.decode()
    assert FAMILY_NAME not in found


def test_the_partner_finds_the_shared_person_by_name(world, make_user):
    client = signed_in(make_user(Role.CASEWORKER, world.organisations[PARTNER]))
    found = client.post(reverse("cases:search"), {"name": MISSPELT}).content.decode()
    assert FAMILY_NAME in found
    assert world.case.reference in found


@pytest.mark.parametrize("relation", [STRANGER, FORMER_PARTNER])
def test_an_organisation_without_a_share_in_force_finds_no_one(relation, world, make_user):
    client = signed_in(make_user(Role.CASEWORKER, world.organisations[relation]))
    found = client.post(reverse("cases:search"), {"name": MISSPELT}).content.decode()
    assert FAMILY_NAME not in found
    assert world.case.reference not in client.get(reverse("cases:list")).content.decode()


# --- analysts: counts only --------------------------------------------------------------------


def _consent_to_statistics(case, author):
    from needsfirst.web.cases.models import Consent, ConsentKind

    Consent.objects.create(
        case=case,
        kind=ConsentKind.DATA_SHARING,
        purpose=SharingPurpose.STATISTICS,
        granted=True,
        method="verbal",
        decided_on=timezone.localdate(),
        recorded_by=author,
    )


def test_the_statistics_page_shows_counts_and_never_a_name(world, make_user):
    author = User.objects.get(username="author")
    for number in range(6):
        case = services.case_intake(
            actor=Actor.for_user(author), person_data={"first_name": f"Zephyrine{number}"}
        )
        _consent_to_statistics(case, author)
    client = signed_in(make_user(Role.ANALYST, world.organisations[STRANGER]))
    page = client.get(reverse("statistics")).content.decode()
    assert "Cases counted: 6." in page
    for value in (FIRST_NAME, FAMILY_NAME, "Zephyrine", world.case.reference, PHONE, NOTE):
        assert value not in page
    assert str(world.case.uuid) not in page


def test_small_counts_are_not_shown_exactly_to_analysts(world, make_user):
    author = User.objects.get(username="author")
    _consent_to_statistics(world.case, author)
    client = signed_in(make_user(Role.ANALYST, world.organisations[STRANGER]))
    page = client.get(reverse("statistics")).content.decode()
    assert "Fewer than 5 cases can be counted" in page
    assert "<td>1</td>" not in page


ASSISTANCE_API = {"case-category", "reflection-period-list", "cooperation-list"}


def assistance_api_url_for(name: str, world: World) -> str:
    """The case of the world; the category belongs to an assessment, so one is made first."""
    from needsfirst.web.assistance import services as assistance

    if name == "case-category":
        assistance.assessment_record(
            actor=Actor.for_user(User.objects.get(username="author")),
            case=world.case,
            answers={},
            assessed_on=timezone.localdate(),
            jurisdiction="IT",
        )
    return reverse(name, kwargs={"case_id": world.case.uuid})


def nrm_letter_api_url_for(name: str, world: World) -> str:
    """The letter of the first decision on the world's referral (`nrm_url_for` makes both)."""
    from needsfirst.web.nrm.models import NrmDecision

    decision_id = resolve(nrm_url_for("nrm:challenge", world)).kwargs["decision_uuid"]
    referral_id = NrmDecision.objects.get(uuid=decision_id).referral.uuid
    return reverse(name, kwargs={"referral_id": referral_id, "decision_id": decision_id})
