"""Template helpers: translate the core's English texts, and small counts for the navigation."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext

from needsfirst.web.assistance import selectors

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
def due_tasks(user: Any) -> list[Any]:
    return selectors.due_tasks_for(user, timezone.localdate())


@register.simple_tag
def open_urgent_count(case: Any) -> int:
    return selectors.open_urgent_count(case)
