"""Sign-in security: one's own second factors (every role), and an organisation
administrator's reset of a member's second factor after a lost phone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.forms import NewAuthenticatorForm
from needsfirst.web.accounts.models import Role
from needsfirst.web.accounts.permissions import current_user, roles_required
from needsfirst.web.accounts.reauth import recent_authentication_required
from needsfirst.web.accounts.second_factor import (
    authenticator_replace,
    backup_codes_regenerate,
    devices_fingerprint,
    resettable_members,
    second_factor_reset,
    second_factors,
)
from needsfirst.web.accounts.services import authenticator_key, totp_enrolment_device

admins_required = roles_required({Role.ORGANISATION_ADMIN})


@login_required
@require_http_methods(["GET"])
def security(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    return render(request, "accounts/security.html", {"factors": second_factors(user)})


@login_required
@recent_authentication_required
@never_cache
@require_http_methods(["GET", "POST"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    """GET: what new codes mean; POST: make them and show them once (never cached)."""
    codes: list[str] = []
    if request.method == "POST":
        codes = backup_codes_regenerate(actor=Actor.from_request(request))
    return render(request, "accounts/backup_codes.html", {"codes": codes})


@login_required
@recent_authentication_required
@never_cache
@require_http_methods(["GET", "POST"])
def authenticator_replace_view(request: HttpRequest) -> HttpResponse:
    """A new authenticator, confirmed with a code it shows; the old one works until then."""
    user = current_user(request)
    device = totp_enrolment_device(user)
    form = NewAuthenticatorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["otp_token"].replace(" ", "")
        if authenticator_replace(actor=Actor.from_request(request), device=device, token=token):
            otp_login(request, device)  # this session was verified by the removed device
            messages.success(request, _("Your new authenticator app is set up."))
            return redirect("accounts:security")
        form.add_error("otp_token", _("This code is not valid. Try the newest code."))
    context = {"form": form, **authenticator_key(device)}
    status = 400 if form.errors else 200
    return render(request, "accounts/authenticator_replace.html", context, status=status)


@admins_required
@require_http_methods(["GET"])
def members_second_factor(request: HttpRequest) -> HttpResponse:
    members = [
        (member, second_factors(member), devices_fingerprint(member))
        for member in resettable_members(current_user(request))
    ]
    return render(request, "accounts/members_second_factor.html", {"members": members})


@admins_required
@recent_authentication_required
@require_POST
def member_second_factor_reset(request: HttpRequest, user_uuid: Any) -> HttpResponse:
    member = resettable_members(current_user(request)).filter(uuid=user_uuid).first()
    if member is None:
        raise Http404
    if request.POST.get("devices") != devices_fingerprint(member):
        messages.warning(
            request,
            _(
                "The second step of %(username)s changed since the page was opened, so "
                "nothing was reset. Check with them and try again."
            )
            % {"username": member.username},
        )
        return redirect("accounts:members_second_factor")
    second_factor_reset(actor=Actor.from_request(request), member=member)
    messages.success(
        request,
        _(
            "The second step of %(username)s was removed and they were signed out. They will "
            "set up an authenticator app at their next sign-in."
        )
        % {"username": member.username},
    )
    return redirect("accounts:members_second_factor")
