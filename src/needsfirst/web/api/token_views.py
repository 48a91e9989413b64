"""The organisation administrator's page of API tokens: create (the secret shown once), list,
revoke. Signed in with two factors, like every page (the middleware sees to it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Role
from needsfirst.web.accounts.permissions import roles_required
from needsfirst.web.accounts.reauth import recent_authentication_required
from needsfirst.web.api.models import ApiToken, TokenScope
from needsfirst.web.api.tokens import TOKEN_ADMINS, token_create, token_revoke, tokens_of
from needsfirst.web.audit.models import AuditAction
from needsfirst.web.audit.services import audit_record

admins_required = roles_required(TOKEN_ADMINS)
MAX_DAYS = 730


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("Which system uses it, for example “Shelter case system”."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Scope"), choices=TokenScope.choices, initial=TokenScope.READ
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Acts as"),
        choices=[
            (Role.CASEWORKER, gettext_lazy("Caseworker: the organisation's cases")),
            (Role.LABOUR_INSPECTOR, gettext_lazy("Labour inspector: workplaces to inspect")),
            (
                Role.ANALYST,
                gettext_lazy("Analyst: statistics and releases of the organisation's cases"),
            ),
        ],
        initial=Role.CASEWORKER,
    )
    days = forms.IntegerField(
        label=gettext_lazy("Expires after (days)"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=365,
        help_text=gettext_lazy("At most two years. Create a new token before this one expires."),
    )


@admins_required
@never_cache
@recent_authentication_required(methods={"POST"})
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request)
    form = TokenCreateForm(request.POST if request.method == "POST" else None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            created = token_create(
                actor=actor,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                role=form.cleaned_data["role"],
                expires_at=timezone.now() + dt.timedelta(days=form.cleaned_data["days"]),
            )
            form = TokenCreateForm()
        else:
            status = 400
    tokens = list(tokens_of(actor))
    audit_record(actor=actor, action=AuditAction.VIEW, object_type="apitoken", detail={"list": 1})
    context: dict[str, Any] = {
        "form": form,
        "created": created,
        "tokens": tokens,
        "now": timezone.now(),
    }
    # The secret is on this one answer only: never stored, never cached (never_cache).
    return render(request, "api/tokens.html", context, status=status)


@admins_required
@require_POST
def token_revoke_view(request: HttpRequest, token_uuid: Any) -> HttpResponse:
    actor = Actor.from_request(request)
    try:
        token = tokens_of(actor).get(uuid=token_uuid)
    except ApiToken.DoesNotExist as error:
        raise Http404 from error
    token_revoke(actor=actor, token=token)
    messages.success(
        request,
        _("The token “%(name)s” is revoked: systems using it are refused from now on.")
        % {"name": token.name},
    )
    return redirect("api_tokens:list")
