"""Sign-in with a password and a second factor, enrolment of an authenticator, sign-out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.credentials import when
from needsfirst.web.accounts.forms import ReauthenticateForm, TokenForm
from needsfirst.web.accounts.lockout import failures_clear, second_factor_failed
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.accounts.permissions import current_user, roles_required
from needsfirst.web.accounts.reauth import (
    mark_authenticated,
    recent_authentication_required,
    safe_next,
)
from needsfirst.web.accounts.services import (
    UNLOCKERS,
    account_unlock,
    authenticator_key,
    has_confirmed_device,
    needs_unlock,
    totp_confirm,
    totp_enrolment_device,
    verify_second_factor,
)
from needsfirst.web.accounts.signals import (
    AccountEvent,
    CredentialChange,
    account_event_send,
    credential_changed_send,
)

MAX_TOKEN_FAILURES = 5
unlockers_required = roles_required({*UNLOCKERS, Role.SYSTEM_ADMIN})


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            login(request, form.get_user())
            request.session["token_failures"] = 0
            return redirect("accounts:two_factor")
        account_event_send(
            actor=Actor.from_request(request),
            event=AccountEvent.LOGIN_FAILED,
            detail={"step": "password"},
        )
    return render(request, "accounts/login.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if user.is_verified():
        return redirect("home")
    if not has_confirmed_device(user):
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = verify_second_factor(user, form.cleaned_data["otp_token"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()
            mark_authenticated(request)
            failures_clear(user.username)
            account_event_send(actor=Actor.from_request(request), event=AccountEvent.LOGIN)
            return redirect("home")
        return _token_failed(request, form, user)
    return render(request, "accounts/two_factor.html", {"form": form})


def _token_failed(request: HttpRequest, form: TokenForm, user: User) -> HttpResponse:
    failures = int(request.session.get("token_failures", 0)) + 1
    account_event_send(
        actor=Actor.from_request(request),
        event=AccountEvent.LOGIN_FAILED,
        detail={"step": "second_factor"},
    )
    locked = second_factor_failed(request, user.username)
    if locked or failures >= MAX_TOKEN_FAILURES:
        logout(request)
        messages.error(request, _("Too many wrong codes. Sign in again."))
        return redirect("accounts:login")
    request.session["token_failures"] = failures
    form.add_error("otp_token", _("This code is not valid. Try the newest code."))
    return render(request, "accounts/two_factor.html", {"form": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup_view(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if has_confirmed_device(user):
        return redirect("accounts:two_factor")
    device = totp_enrolment_device(user)
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if totp_confirm(device, form.cleaned_data["otp_token"].replace(" ", "")):
            otp_login(request, device)
            request.session.cycle_key()
            mark_authenticated(request)
            account_event_send(
                actor=Actor.from_request(request), event=AccountEvent.TWO_FACTOR_ENROLLED
            )
            credential_changed_send(
                user=user,
                change=CredentialChange.SECOND_FACTOR_ENROLLED,
                key=str(device.persistent_id),
                params=when(),
            )
            return redirect("home")
        form.add_error("otp_token", _("This code is not valid. Try the newest code."))
    context = {"form": form, **authenticator_key(device)}
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """The password (and the second factor, once enrolled) again, before a sensitive action.
    Wrong answers count towards the lockout like a sign-in's; five in a session sign out."""
    user = current_user(request)
    with_token = has_confirmed_device(user)
    form = ReauthenticateForm(
        request.POST if request.method == "POST" else None, with_token=with_token
    )
    back = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST" and form.is_valid():
        password_ok = (
            authenticate(request, username=user.username, password=form.cleaned_data["password"])
            == user
        )
        device = (
            verify_second_factor(user, form.cleaned_data["otp_token"])
            if with_token and password_ok
            else None
        )
        if password_ok and (device is not None or not with_token):
            mark_authenticated(request)
            failures_clear(user.username)
            request.session["reauth_failures"] = 0
            account_event_send(
                actor=Actor.from_request(request),
                event=AccountEvent.LOGIN,
                detail={"step": "reauthenticate"},
            )
            return redirect(back)
        account_event_send(
            actor=Actor.from_request(request),
            event=AccountEvent.LOGIN_FAILED,
            detail={"step": "reauthenticate"},
        )
        failures = int(request.session.get("reauth_failures", 0)) + 1
        # A wrong password already counted (authenticate); a wrong code counts here.
        locked = password_ok and second_factor_failed(request, user.username)
        if locked or failures >= MAX_TOKEN_FAILURES:
            logout(request)
            messages.error(request, _("Too many wrong answers. Sign in again."))
            return redirect("accounts:login")
        request.session["reauth_failures"] = failures
        form.data = {**request.POST.dict(), "otp_token": ""}  # used once: ask for the next one
        form.add_error(
            None,
            _("The password or the code is not right. Try again.")
            if with_token
            else _("The password is not right. Try again."),
        )
    context = {"form": form, "next": back}
    return render(
        request, "accounts/reauthenticate.html", context, status=400 if form.errors else 200
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        account_event_send(actor=Actor.from_request(request), event=AccountEvent.LOGOUT)
    logout(request)
    return redirect("accounts:login")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)


def _members(by: User) -> Any:
    users = User.objects.filter(is_active=True).order_by("username")
    if by.role == Role.SYSTEM_ADMIN:
        return users
    if by.organisation_id is None:
        return users.none()
    return users.filter(organisation=by.organisation).exclude(role=Role.SYSTEM_ADMIN)


@unlockers_required
@require_http_methods(["GET"])
def locked_accounts(request: HttpRequest) -> HttpResponse:
    """Members locked out of signing in, or whose second factor is throttled."""
    locked = [user for user in _members(current_user(request)) if needs_unlock(user)]
    return render(request, "accounts/locked_accounts.html", {"locked": locked})


@unlockers_required
@recent_authentication_required
@require_POST
def unlock(request: HttpRequest, user_uuid: Any) -> HttpResponse:
    try:
        user = _members(current_user(request)).get(uuid=user_uuid)
    except User.DoesNotExist as error:
        raise Http404 from error
    account_unlock(actor=Actor.from_request(request), user=user)
    messages.success(
        request,
        _("%(username)s can sign in again. If someone else knows their password, change it now.")
        % {"username": user.username},
    )
    return redirect("accounts:locked")
