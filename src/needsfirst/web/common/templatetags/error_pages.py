"""The way back from an error page: to the previous page of this site, if there was one."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import template
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()


@register.simple_tag(takes_context=True)
def previous_page(context: Any) -> str:
    """The path of the referring page when it is on this site, else "".

    Only the path is kept (never the query string), and nothing here may fail: this runs on
    error pages, including the one shown for a request with a bad Host header.
    """
    request = context.get("request")
    try:
        referer = request.META.get("HTTP_REFERER", "") if request is not None else ""
        if not referer:
            return ""
        host = request.get_host()
        if not url_has_allowed_host_and_scheme(
            referer, allowed_hosts={host}, require_https=request.is_secure()
        ):
            return ""
        path = urlsplit(referer).path
        return path if path.startswith("/") and path != request.path else ""
    except Exception:  # an error page must render whatever went wrong
        return ""
