from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from needsfirst.web.accounts.permissions import audit_roles_required, current_user
from needsfirst.web.audit.selectors import audit_entries_visible_to


@audit_roles_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    entries = audit_entries_visible_to(current_user(request))
    object_id = request.GET.get("object", "").strip()
    if object_id:
        entries = entries.filter(object_id=object_id[:64])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/audit_list.html", {"page": page, "object_id": object_id})
