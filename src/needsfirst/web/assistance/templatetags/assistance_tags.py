"""Template helpers: translate the core's English texts, and small counts for the navigation."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext

from needsfirst.web.assistance import rows, selectors
from needsfirst.web.assistance.models import SUPPORT_PLAN_TYPE_LABELS
from needsfirst.web.cases.models import Case
from needsfirst.web.common.validators import country_name

register = template.Library()


@register.filter
def core_text(value: Any) -> str:
    """The core's text in the reader's language. Texts from the core's Python are in the
    catalogues; texts from its YAML files (domain titles, actions, reasons) are not extracted
    yet, so they show in English until a catalogue step exists (docs/needs-first.md)."""
    return gettext(str(value)) if value else ""


@register.simple_tag
def unread_notifications(user: Any) -> int:
    return selectors.unread_count(user)


@register.simple_tag
def account_notices(user: Any) -> list[Any]:
    return selectors.account_notices_for(user)


@register.simple_tag
def due_tasks(user: Any) -> list[Any]:
    return selectors.due_tasks_for(user, timezone.localdate())


@register.simple_tag
def open_urgent_count(case: Any) -> int:
    return selectors.open_urgent_count(case)


@register.simple_tag(takes_context=True)
def people_rows(context: Any, objects: Any) -> list[tuple[Any, rows.CaseRow | None]]:
    """Each object (a case, or anything with a `case`) with what a list shows of the person.

    Objects must carry their case's person (select_related), so only the page's rows are read
    and decrypted, in a fixed number of queries.
    """
    objects = list(objects or [])
    cases = {}
    for obj in objects:
        case = obj if isinstance(obj, Case) else getattr(obj, "case", None)
        if case is not None:
            cases[case.pk] = case
    user = context["request"].user
    by_case = {
        row.case.pk: row for row in rows.case_rows(user, cases.values(), timezone.localdate())
    }
    result = []
    for obj in objects:
        case = obj if isinstance(obj, Case) else getattr(obj, "case", None)
        result.append((obj, by_case.get(case.pk) if case is not None else None))
    return result


@register.filter
def of_person(pairs: Any, person: Any) -> list[Any]:
    """The (case, row) pairs of `people_rows` whose case is the person's: a loop over every
    pair for every person in the template read thousands of conditions on a search page."""
    return [pair for pair in pairs or [] if pair[0].person_id == person.pk]


@register.filter
def plan_type(value: Any) -> str:
    """The HTCDS support plan type in words (the stored value is the standard's key)."""
    return str(SUPPORT_PLAN_TYPE_LABELS.get(str(value), "")) if value else ""


@register.simple_tag
def my_tasks(user: Any) -> dict[str, list[Any]]:
    """The user's open actions due by tomorrow, with those already late apart: "overdue"."""
    today = timezone.localdate()
    tasks = selectors.due_tasks_for(user, today, limit=20)
    return {
        "overdue": [t for t in tasks if t.due_on < today],
        "due": [t for t in tasks if t.due_on >= today],
    }


@register.simple_tag
def team_items(user: Any) -> dict[str, Any]:
    """A supervisor's team: open urgent actions and overdue actions (empty for anyone else)."""
    today = timezone.localdate()
    return {**selectors.team_items(user, today), "today": today}


@register.simple_tag
def person_facts(person: Any) -> dict[str, str]:
    """Age and nationality of a person the user may already see (a search result)."""
    return {
        "age": rows.age_of(person, timezone.localdate()),
        "nationality": ", ".join(country_name(c) for c in person.citizenship or []),
    }


UNVERIFIED_MARK = " [unverified]"


def _citation_parts(source: Any) -> tuple[str, bool]:
    """The citation without the core's English "[unverified]" mark, and whether it is verified.
    A source is a core `Source` or the citation string stored from one."""
    if hasattr(source, "instrument"):
        text = (
            source.instrument
            if not source.provision
            else f"{source.instrument}, {source.provision}"
        )
        return text, bool(source.verified)
    text = str(source or "")
    return text.removesuffix(UNVERIFIED_MARK), not text.endswith(UNVERIFIED_MARK)


@register.filter
def citation(source: Any) -> str:
    """A citation with "unverified" said once, in the reader's language."""
    text, verified = _citation_parts(source)
    return text if verified else gettext("%(citation)s (unverified)") % {"citation": text}


@register.filter
def citation_text(source: Any) -> str:
    """The citation alone, where the page says "unverified" itself."""
    return _citation_parts(source)[0]
