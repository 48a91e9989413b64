"""The registry on the case page: the parties a case names (for the organisation holding it)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from needsfirst.web.recruitment.selectors import case_parties_on

register = template.Library()


@register.inclusion_tag("recruitment/_case_parties.html")
def case_parties(case: Any, access: Any) -> dict[str, Any]:
    """The case's parties with their registry status today; nothing unless the reader holds the
    case (`access.owner`), whatever the template around it says."""
    if not getattr(access, "owner", False):
        return {"shown": False}
    today = timezone.localdate()
    return {"shown": True, "parties": case_parties_on(case_id=case.pk, on=today), "today": today}
