"""Responses that may hold personal data are never kept by a browser or a proxy."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response of the application, static files excepted.

    Every page and API answer is built for one signed-in user and may hold personal data (the
    sign-in pages hold a CSRF token), so nothing is cached: not by the browser's history or
    back button on a shared office computer, nor by a proxy. Static files are served by
    WhiteNoise before this middleware and keep their long cache lifetimes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL or "/static/"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"  # for HTTP/1.0 proxies
        return response
