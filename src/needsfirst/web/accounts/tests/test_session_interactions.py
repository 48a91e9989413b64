"""Where the once-a-minute session renewal meets the sign-in security pages (issue 13): an
administrator's reset ending a member's sessions while one of the member's requests is in
flight, the idle timeout after a renewal that came just before, and the world changing between
the GET and the POST of the security pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.middleware import RENEWED_AT, IdleTimeoutSessionMiddleware
from needsfirst.web.accounts.models import Role, User
from needsfirst.web.accounts.second_factor import devices_fingerprint, second_factor_reset
from needsfirst.web.audit.models import AuditAction, AuditEntry
from needsfirst.web.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user: Callable[..., User], shelter) -> User:
    return make_user(Role.ORGANISATION_ADMIN, shelter, "admin")


def _in_flight_request(session_key: str) -> HttpRequest:
    request = RequestFactory().get(reverse("cases:list"))
    request.COOKIES[settings.SESSION_COOKIE_NAME] = session_key
    return request


# --- (a) a reset while one of the member's requests is in flight ------------------------------


@pytest.mark.parametrize("why_saved", ["renewal due", "session changed"])
def test_the_renewal_after_a_reset_does_not_bring_the_ended_session_back(
    why_saved, admin, caseworker
):
    member = signed_in(caseworker)
    key = member.session.session_key
    if why_saved == "renewal due":
        session = member.session
        session[RENEWED_AT] = 0  # the last renewal is long past: this request renews
        session.save()

    def view_during_which_the_administrator_resets(request: HttpRequest) -> HttpResponse:
        request.session.get(RENEWED_AT)  # the member's request has read its session
        second_factor_reset(actor=Actor.for_user(admin), member=caseworker)
        assert not Session.objects.filter(pk=key).exists()
        if why_saved == "session changed":
            request.session["last_list"] = "open"
        return HttpResponse("the member's page")

    middleware = IdleTimeoutSessionMiddleware(view_during_which_the_administrator_resets)
    with pytest.raises(SessionInterrupted):
        middleware(_in_flight_request(key))
    assert not Session.objects.filter(pk=key).exists()
    assert member.get(reverse("cases:list"))["Location"].startswith(reverse("accounts:login"))


# --- (b) the idle timeout counts from the last renewal, never from a later page ----------------


def test_a_session_idle_for_thirty_minutes_expires_though_its_last_page_came_59_s_after_a_renewal(
    caseworker,
):
    start = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        client = signed_in(caseworker)
        assert client.get(reverse("cases:list")).status_code == 200  # renews: 09:30 expiry
        clock.shift(59)
        assert client.get(reverse("cases:list")).status_code == 200  # too soon to renew
        row = Session.objects.get(pk=client.session.session_key)
        assert row.expire_date == start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        clock.shift(settings.SESSION_COOKIE_AGE)  # thirty minutes without a page
        response = client.get(reverse("cases:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- (c) the security pages when the world changes between GET and POST -----------------------


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def test_a_user_deactivated_after_opening_the_page_replaces_no_authenticator(caseworker):
    client = signed_in(caseworker)
    client.get(reverse("accounts:authenticator_replace"))
    new = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    User.objects.filter(pk=caseworker.pk).update(is_active=False)
    response = client.post(reverse("accounts:authenticator_replace"), {"otp_token": _code(new)})
    assert response["Location"].startswith(reverse("accounts:login"))
    assert TOTPDevice.objects.filter(user=caseworker, confirmed=True).exclude(pk=new.pk).exists()
    new.refresh_from_db()
    assert not new.confirmed


def test_a_user_deactivated_after_opening_the_page_gets_no_backup_codes(caseworker):
    client = signed_in(caseworker)
    client.get(reverse("accounts:backup_codes"))
    User.objects.filter(pk=caseworker.pk).update(is_active=False)
    response = client.post(reverse("accounts:backup_codes"))
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not StaticToken.objects.filter(device__user=caseworker).exists()


def test_new_backup_codes_after_a_move_are_recorded_under_the_new_organisation(
    caseworker, other_ngo
):
    client = signed_in(caseworker)
    client.get(reverse("accounts:backup_codes"))
    User.objects.filter(pk=caseworker.pk).update(organisation=other_ngo)
    assert client.post(reverse("accounts:backup_codes")).status_code == 200
    entry = AuditEntry.objects.get(actor=caseworker, action=AuditAction.UPDATE)
    assert entry.holder_id == other_ngo.pk


def test_the_new_authenticator_is_the_signed_in_users_whatever_device_is_posted(
    caseworker, make_user, shelter
):
    other = make_user(Role.CASEWORKER, shelter, "colleague")
    signed_in(other).get(reverse("accounts:authenticator_replace"))
    theirs = TOTPDevice.objects.get(user=other, confirmed=False)
    client = signed_in(caseworker)
    client.get(reverse("accounts:authenticator_replace"))
    response = client.post(
        reverse("accounts:authenticator_replace"),
        {"otp_token": _code(theirs), "device": theirs.pk, "user": other.pk},
    )
    assert response.status_code == 400
    theirs.refresh_from_db()
    assert not theirs.confirmed
    assert TOTPDevice.objects.filter(user=other, confirmed=True).exists()


def test_an_administrator_moved_after_opening_the_page_resets_nobody_of_the_old_one(
    admin, caseworker, other_ngo
):
    client = signed_in(admin)
    client.get(reverse("accounts:members_second_factor"))
    devices = devices_fingerprint(caseworker)
    User.objects.filter(pk=admin.pk).update(organisation=other_ngo)
    response = client.post(
        reverse("accounts:member_second_factor_reset", args=[caseworker.uuid]),
        {"devices": devices},
    )
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(user=caseworker).exists()


@pytest.mark.parametrize("change", ["deactivated", "made a supervisor"])
def test_an_administrator_who_lost_the_role_after_opening_the_page_resets_nobody(
    change, admin, caseworker
):
    client = signed_in(admin)
    client.get(reverse("accounts:members_second_factor"))
    devices = devices_fingerprint(caseworker)
    if change == "deactivated":
        User.objects.filter(pk=admin.pk).update(is_active=False)
    else:
        User.objects.filter(pk=admin.pk).update(role=Role.SUPERVISOR)
    response = client.post(
        reverse("accounts:member_second_factor_reset", args=[caseworker.uuid]),
        {"devices": devices},
    )
    assert response.status_code in {302, 403}
    assert not response.get("Location", "").endswith(reverse("accounts:members_second_factor"))
    assert TOTPDevice.objects.filter(user=caseworker).exists()


def test_a_reset_with_another_members_fingerprint_changes_nothing(admin, caseworker, supervisor):
    client = signed_in(admin)
    response = client.post(
        reverse("accounts:member_second_factor_reset", args=[caseworker.uuid]),
        {"devices": devices_fingerprint(supervisor)},
    )
    assert response["Location"] == reverse("accounts:members_second_factor")
    assert TOTPDevice.objects.filter(user=caseworker).exists()
    assert TOTPDevice.objects.filter(user=supervisor).exists()
