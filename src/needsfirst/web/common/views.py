"""Error pages that say what went wrong in plain words and never show data or a traceback."""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from needsfirst.web.common.health import health_problems

logger = logging.getLogger(__name__)


# The last resort, when even the site's layout cannot be drawn: plain words, a way home.
BARE_ERROR_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Error · needsfirst</title>'
    "</head><body><h1>Something went wrong on our side</h1><p>Please try again, and tell your "
    'administrator if it happens again.</p><p><a href="/">Go to the home page</a></p></body></html>'
)


def _bare_page(template: str, request: HttpRequest | None, status: int) -> HttpResponse:
    """The page in the site's layout without context processors, sessions or the database."""
    try:
        body = loader.get_template(template).render({"request": request})
    except Exception as error:  # an error page must answer whatever went wrong
        # The kind of error only: its message might quote a value.
        logger.error("The %s error page could not be drawn: %s", status, type(error).__name__)
        body = BARE_ERROR_PAGE
    return HttpResponse(body, status=status)


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    try:
        return render(request, template, status=status)
    except Exception as error:  # e.g. the database is gone and the menu needs it
        logger.error(
            "The %s error page fell back to its plain form: %s", status, type(error).__name__
        )
        return _bare_page(template, request, status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "errors/404.html", 404)


DATABASE_RETRY_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while it handles the exception, so the exception is at hand.
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    # No context processors: the error may have come from one of them, or from the database.
    return _bare_page("errors/500.html", request, 500)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 while the database cannot be reached: a clear page (or JSON for the API), a time
    to try again, and nothing else; the next request after the database is back succeeds
    (CONN_HEALTH_CHECKS replaces the broken connection)."""
    logger.error("The database could not be reached; answered 503")
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "code": "database_unavailable",
                "detail": "The service cannot reach its database. Try again in a minute.",
            },
            status=503,
        )
    else:
        response = _bare_page("errors/503.html", request, 503)
    response["Retry-After"] = str(DATABASE_RETRY_SECONDS)
    return response


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database, the field keys, the cache and the job queue work; else 503.

    The answer names what failed ("database", "encryption_keys"...), never why: it is open.
    """
    problems = health_problems()
    if problems:
        return JsonResponse({"status": "unavailable", "failed": problems}, status=503)
    return JsonResponse({"status": "ok"})
