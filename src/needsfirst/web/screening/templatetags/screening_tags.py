"""The case page's screening block: the latest saved determination (outcome, date, link).

Used only inside the holding organisation's part of the case page (`access.owner`); the
determination is encrypted at rest and decrypted here for that reader only.
"""

from __future__ import annotations

from typing import Any

from django import template

from needsfirst.web.cases.models import Case
from needsfirst.web.screening import selectors
from needsfirst.web.screening.display import outcome_titles, shown

register = template.Library()


@register.inclusion_tag("screening/_case_block.html")
def screening_latest(case: Case) -> dict[str, Any]:
    latest = selectors.determinations_of(selectors.screening_of(case)).first()
    if latest is None:
        return {"case": case, "latest": None}
    result = shown(latest.result)
    return {
        "case": case,
        "latest": latest,
        "summary": result["summary"],
        "titles": outcome_titles(latest.result),
    }
