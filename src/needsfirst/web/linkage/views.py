from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.permissions import roles_required
from needsfirst.web.linkage import services
from needsfirst.web.linkage.forms import EncodeForm


@roles_required(services.ENCODE_ROLES)
@require_http_methods(["GET", "POST"])
def encode(request: HttpRequest) -> HttpResponse:
    form = EncodeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        content, _count = services.organisation_encodings(
            actor=Actor.from_request(request), key=form.cleaned_data["key_file"]
        )
        response = HttpResponse(content, content_type="application/octet-stream")
        response["Content-Disposition"] = 'attachment; filename="needsfirst-linkage.nfl"'
        return response
    status = 400 if request.method == "POST" else 200
    return render(request, "linkage/encode.html", {"form": form}, status=status)
