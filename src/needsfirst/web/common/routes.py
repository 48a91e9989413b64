"""Routes written as tables: one (route, class-based view, name) row a route, as the API's urls
list them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import URLPattern, path


def routes(table: Iterable[tuple[str, Any, str]], prefix: str = "") -> list[URLPattern]:
    return [path(f"{prefix}{route}", view.as_view(), name=name) for route, view, name in table]
