from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from needsfirst.web.accounts.models import AUDIT_ROLES, CASE_ROLES, Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    # No user on a request refused before authentication ran (a bad Host header): no menu.
    user = getattr(request, "user", None)
    verified = bool(user is not None and user.is_authenticated and user.is_verified())
    role = getattr(user, "role", None)
    return {
        "nav": {
            "verified": verified,
            "cases": verified and role in CASE_ROLES,
            "audit": verified and role in AUDIT_ROLES,
            "statistics": verified and role in {Role.ANALYST, Role.SUPERVISOR},
            "inspection": verified and role == Role.LABOUR_INSPECTOR,
            # administrators produce releases for partners without seeing the dashboard
            "releases": verified and role in {Role.ORGANISATION_ADMIN, Role.SYSTEM_ADMIN},
            "linkage": verified and role in {Role.ORGANISATION_ADMIN, Role.SUPERVISOR},
        }
    }
