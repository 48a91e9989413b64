"""The registry on the case page: the parties a case names (for the organisation holding it)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from needsfirst.web.accounts.models import CASE_ROLES
from needsfirst.web.recruitment.models import HelpRequest
from needsfirst.web.recruitment.selectors import case_parties_on

register = template.Library()


@register.inclusion_tag("recruitment/_case_parties.html")
def case_parties(case: Any, access: Any) -> dict[str, Any]:
    """The case's parties with their registry status today; nothing unless the reader holds the
    case (`access.owner`), whatever the template around it says."""
    if not getattr(access, "owner", False):
        return {"shown": False}
    today = timezone.localdate()
    return {
        "shown": True,
        "writable": case.handed_over_at is None,
        "parties": case_parties_on(case_id=case.pk, on=today),
        # isolated left to right, so an Arabic sentence does not show 2026-12-03 as 03-12-2026
        "today": f"\u2066{today.isoformat()}\u2069",
    }


@register.inclusion_tag("recruitment/_case_offer_actions.html", takes_context=True)
def case_offer_actions(context: Any, case: Any, access: Any) -> dict[str, Any]:
    """Check the job offer for the case; start the screening from the offer check of the request
    for help the case was opened from (the holder's caseworkers and supervisors only)."""
    user = context.get("user")
    if not getattr(access, "owner", False) or getattr(user, "role", None) not in CASE_ROLES:
        return {"shown": False}
    requests = HelpRequest.objects.filter(
        case_id=case.pk, organisation_id=case.organisation_id
    ).exclude(check_rules=[])
    return {"shown": True, "case": case, "help_requests": list(requests), **_csrf(context)}


def _csrf(context: Any) -> dict[str, Any]:
    return {"csrf_token": context.get("csrf_token")}
