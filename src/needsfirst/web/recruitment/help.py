"""Asking for help from the public pages: the one place where they store anything.

`help_partner_for` picks the organisation that covers the country the person is in;
`help_request_submit` stores the request with the person's consent and returns the reference
they keep. Reads for staff go through `help_requests_visible_to` (their own organisation only).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import CASE_ROLES, Organisation, OrganisationType
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record
from needsfirst.web.cases.models import Case
from needsfirst.web.cases.services import case_intake, note_add
from needsfirst.web.recruitment.models import HelpRequest, HelpStatus

# Kinds of organisation a public request may go to: those that assist people.
HELPING_TYPES = (
    OrganisationType.NGO,
    OrganisationType.SHELTER,
    OrganisationType.LEGAL_SERVICE,
    OrganisationType.INTERNATIONAL_ORGANISATION,
)
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read over a phone
KNOWN_RULES = frozenset(f"RF{number:02d}" for number in range(1, 19))


def help_partner_for(*, country: str) -> Organisation | None:
    """The partner covering `country`: the first assisting organisation there, by name."""
    return (
        Organisation.objects.filter(country=country.upper(), type__in=HELPING_TYPES)
        .order_by("name")
        .first()
    )


def _reference() -> str:
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"H-{body[:4]}-{body[4:]}"


def help_request_submit(
    *,
    actor: Actor,
    organisation: Organisation,
    country: str,
    language: str,
    channel: str,
    contact: str,
    safe_times: str = "",
    name: str = "",
    message: str = "",
    check_rules: Iterable[str] = (),
    consent_text: str,
) -> HelpRequest:
    """Store a request for help; the consent sentence the person agreed to is kept with it."""
    request = HelpRequest(
        reference=_reference(),
        organisation=organisation,
        country=country.upper(),
        language=language,
        channel=channel,
        contact=contact.strip(),
        safe_times=safe_times.strip(),
        name=name.strip(),
        message=message.strip(),
        check_rules=sorted({rule for rule in check_rules if rule in KNOWN_RULES}),
        consent_text=consent_text,
        consented_at=timezone.now(),
    )
    request.full_clean()
    request.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=request, detail={"public": True})
    return request


def help_requests_visible_to(*, actor: Actor) -> QuerySet[HelpRequest]:
    if actor.role not in CASE_ROLES or actor.organisation_id is None:
        return HelpRequest.objects.none()
    return HelpRequest.objects.filter(organisation_id=actor.organisation_id)


def help_request_get(*, actor: Actor, uuid: Any) -> HelpRequest:
    """One request of the actor's organisation (audited); 404 for any other."""
    found = help_requests_visible_to(actor=actor).filter(uuid=uuid).first()
    if found is None:
        raise Http404
    audit_record(actor=actor, action=AuditAction.VIEW, obj=found)
    return found


@transaction.atomic
def help_request_open_case(*, actor: Actor, help_request: HelpRequest) -> Case:
    """Open a case in the receiving organisation from a request, once; the case gets the contact
    the person chose and a note with the problems found in the offer and the consent given."""
    if help_request.organisation_id != actor.organisation_id or actor.role not in CASE_ROLES:
        raise Http404
    if help_request.case_id is not None:
        return help_request.case  # type: ignore[return-value]
    contact = f"{help_request.get_channel_display()}: {help_request.contact}"
    if help_request.safe_times:
        contact += f" ({help_request.safe_times})"
    case = case_intake(
        actor=actor,
        # A person gives no name if they wish: the request's reference stands in for it (a case
        # needs a name to be found again).
        person_data={
            "first_name": help_request.name or help_request.reference,
            "safe_contact": contact,
        },
    )
    lines = [
        _("Opened from the request for help %(reference)s, received %(day)s.")
        % {"reference": help_request.reference, "day": help_request.created_at.date().isoformat()},
        _("Consent given on the public page: %(text)s") % {"text": help_request.consent_text},
    ]
    if help_request.check_rules:
        lines.append(
            _("Problems found in the job offer: %(rules)s")
            % {"rules": ", ".join(help_request.check_rules)}
        )
    if help_request.message:
        lines.append(help_request.message)
    note_add(actor=actor, case=case, body="\n".join(lines), on=timezone.localdate())
    help_request.case = case
    help_request.status = HelpStatus.CONTACTED
    help_request.save(update_fields=["case", "status"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=help_request, detail={"case": str(case.uuid)}
    )
    return case
