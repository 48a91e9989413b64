"""Template filters that show ISO codes as names in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from needsfirst.web.common.validators import country_name, language_name

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
