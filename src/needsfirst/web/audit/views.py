from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from needsfirst.web.accounts.permissions import audit_roles_required, current_user
from needsfirst.web.audit.display import AuditFilter, apply_filters, audit_rows, audit_users
from needsfirst.web.audit.selectors import audit_entry_lists
from needsfirst.web.common.keyset import AFTER, BEFORE, keyset_page

AUDIT_PAGE_SIZE = 50


@audit_roles_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    filters = AuditFilter(request.GET or None, users=audit_users(user))
    object_id = request.GET.get("object", "").strip()
    lists = []
    for entries in audit_entry_lists(user):
        if object_id:
            entries = entries.filter(object_id=object_id[:64])
        if filters.is_bound:
            entries = (
                apply_filters(user, entries, filters.cleaned_data)
                if filters.is_valid()
                else entries.none()
            )
        lists.append(entries)
    page = keyset_page(
        lists,
        time_field="at",
        size=AUDIT_PAGE_SIZE,
        after=request.GET.get(AFTER),
        before=request.GET.get(BEFORE),
    )
    context = {"page": page, "rows": audit_rows(user, page), "filters": filters}
    return render(request, "audit/audit_list.html", context, status=400 if filters.errors else 200)
