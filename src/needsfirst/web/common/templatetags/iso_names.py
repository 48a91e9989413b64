"""Template filters that show ISO codes as names in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from needsfirst.web.common.validators import country_name, jurisdiction_name, language_name

register = template.Library()


@register.filter
def country(code: str) -> str:
    return country_name(code)


@register.filter
def countries(codes: Iterable[str]) -> str:
    return ", ".join(country_name(code) for code in codes or [])


@register.filter
def language(code: str) -> str:
    return language_name(code)


@register.filter
def languages(codes: Iterable[str]) -> str:
    return ", ".join(language_name(code) for code in codes or [])


@register.filter
def jurisdiction(code: str) -> str:
    """A jurisdiction key ("IT", "GB-SCT") as a place name in the reader's language."""
    return jurisdiction_name(code)


LENGTH_IS = {
    "at_least": _("at least"),
    "up_to": _("at most"),
    "exactly": _("exactly"),
}


@register.filter
def length_is(value: str) -> str:
    return str(LENGTH_IS.get(value, ""))


@register.filter
def variant(value: str) -> str:
    """A reflection-period variant key in words: the default one needs none."""
    if not value or value == "default":
        return ""
    return str(VARIANTS.get(value, value.replace("-", " ").replace("_", " ")))


VARIANTS = {"dublin": _("Dublin procedure")}


@register.filter
def isolate(value: object) -> str:
    """The value in a <bdi>, so a reference or number keeps its direction inside a sentence in
    another direction ("+974 5555 0101" never reads "0101 5555 974+"). Usable inside
    blocktrans without changing the sentence to translate."""
    return format_html("<bdi>{}</bdi>", value)
