"""A posted TOTAL_FORMS cannot make a formset build a thousand forms: every formset is bounded."""

from __future__ import annotations

import importlib
import pkgutil
import time

import pytest
from django import forms

import needsfirst.web

HUGE = 1_000_000


def every_formset() -> list[tuple[str, type[forms.BaseFormSet]]]:
    """Every formset class defined in a `forms` module of the web apps."""
    found: list[tuple[str, type[forms.BaseFormSet]]] = []
    for app in pkgutil.iter_modules(needsfirst.web.__path__):
        try:
            module = importlib.import_module(f"needsfirst.web.{app.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseFormSet)
                and value is not forms.BaseFormSet
                and value.__module__ == "django.forms.formsets"  # made by formset_factory
            ):
                found.append((f"{module.__name__}.{name}", value))
    return found


FORMSETS = every_formset()


def test_the_web_apps_have_formsets_to_check():
    assert FORMSETS


@pytest.mark.parametrize(("name", "formset"), FORMSETS, ids=[name for name, _ in FORMSETS])
def test_a_formset_never_builds_more_forms_than_it_allows(name, formset):
    assert formset.absolute_max <= formset.max_num
    assert formset.validate_max


@pytest.mark.parametrize(("name", "formset"), FORMSETS, ids=[name for name, _ in FORMSETS])
def test_a_huge_total_forms_is_refused_quickly_without_building_the_forms(name, formset):
    data = {"rows-TOTAL_FORMS": str(HUGE), "rows-INITIAL_FORMS": "0"}
    started = time.process_time()
    bound = formset(data, prefix="rows")
    assert not bound.is_valid()
    assert len(bound.forms) <= formset.max_num
    assert bound.non_form_errors()
    assert time.process_time() - started < 1.0
