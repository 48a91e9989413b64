"""No service or selector takes a request: the CLI, jobs and tests call them with an Actor."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import needsfirst.web

MODULE_NAMES = ("services", "selectors")


def _service_and_selector_modules():
    for info in pkgutil.walk_packages(needsfirst.web.__path__, "needsfirst.web."):
        parts = info.name.split(".")
        if "tests" in parts or "migrations" in parts:
            continue
        if any(part in MODULE_NAMES for part in parts[3:]):
            yield importlib.import_module(info.name)


def test_services_and_selectors_are_found():
    names = {module.__name__ for module in _service_and_selector_modules()}
    assert "needsfirst.web.cases.services" in names
    assert "needsfirst.web.assistance.services.plan" in names


def test_no_service_or_selector_takes_a_request():
    takes_request = []
    for module in _service_and_selector_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__:
                continue
            for parameter in inspect.signature(function).parameters.values():
                annotation = str(parameter.annotation)
                if parameter.name == "request" or "HttpRequest" in annotation:
                    takes_request.append(f"{module.__name__}.{name}({parameter.name})")
    assert takes_request == []
