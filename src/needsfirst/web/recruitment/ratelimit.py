"""A small fixed-window rate limit for the public pages, kept in the cache.

The client is identified by a keyed hash of its address (HMAC with the secret key), so the cache
never holds an address; the window is one minute.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

View = Callable[..., HttpResponse]


def _client(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR") or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def rate_limited(scope: str, per_minute: int) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not getattr(settings, "PUBLIC_RATE_LIMIT_ENABLED", True):
                return view(request, *args, **kwargs)
            limit = getattr(settings, "PUBLIC_RATE_LIMITS", {}).get(scope, per_minute)
            window = int(time.time() // 60)
            key = f"nf-rl:{scope}:{_client(request)}:{window}"
            cache.add(key, 0, timeout=120)
            try:
                count = cache.incr(key)
            except ValueError:
                count = 1
            if count > limit:
                response = render(request, "recruitment/public/too_many.html", status=429)
                response["Retry-After"] = "60"
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
