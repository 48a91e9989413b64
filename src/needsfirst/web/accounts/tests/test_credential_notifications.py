"""A user is told when a credential of theirs changes: in the app and by e-mail (a job with a
once_key), once per event, and never with the secret in the message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from needsfirst.web.accounts.actor import Actor
from needsfirst.web.accounts.models import Organisation, Role, User
from needsfirst.web.accounts.services import account_unlock
from needsfirst.web.api.tokens import token_create
from needsfirst.web.assistance.models import Notification, NotificationKind
from needsfirst.web.assistance.services.notifications import credential_email
from needsfirst.web.common.jobs import run_once
from needsfirst.web.common.models import JobRun
from needsfirst.web.conftest import PASSWORD, signed_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-password-77"


@pytest.fixture
def with_email(caseworker: User) -> User:
    caseworker.email = "caseworker@shelter.example"
    caseworker.save(update_fields=["email"])
    return caseworker


def told(user: User, code: str) -> list[Notification]:
    return list(
        Notification.objects.filter(
            user=user, kind=NotificationKind.ACCOUNT_SECURITY, text_code=code
        )
    )


def test_a_new_password_is_told_in_the_app_and_by_one_email_without_the_password(
    with_email: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with_email.set_password(NEW_PASSWORD)
        with_email.save()
    [notification] = told(with_email, "password_changed")
    assert "password of your account was changed" in notification.text
    [message] = mail.outbox
    assert message.to == ["caseworker@shelter.example"]
    assert NEW_PASSWORD not in message.body + message.subject
    assert NEW_PASSWORD not in str(notification.params)
    assert notification.emailed_at is not None
    assert JobRun.objects.filter(key=f"credential-email:{notification.uuid}").exists()


def test_a_save_that_does_not_touch_the_password_tells_nothing(with_email: User) -> None:
    with_email.first_name = "Lina"
    with_email.save()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_second_delivery_of_the_email_job_sends_nothing(
    with_email: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        with_email.set_password(NEW_PASSWORD)
        with_email.save()
    [notification] = told(with_email, "password_changed")
    job = f"{credential_email.__module__}:{credential_email.__qualname__}"
    run_once(job, f"credential-email:{notification.uuid}", notification.pk)
    assert len(mail.outbox) == 1


def test_enrolling_an_authenticator_is_told(
    shelter: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    user = User.objects.create_user(
        username="newcomer",
        password=PASSWORD,
        role=Role.CASEWORKER,
        organisation=shelter,
        email="newcomer@shelter.example",
    )
    client = Client()
    client.post(reverse("accounts:login"), {"username": "newcomer", "password": PASSWORD})
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:two_factor_setup"), {"otp_token": code})
    assert response.status_code == 302
    [notification] = told(user, "second_factor_enrolled")
    assert code not in notification.text
    [message] = mail.outbox
    assert code not in message.body
    assert device.key not in message.body


def test_an_api_token_created_is_told_to_its_creator_without_its_secret(
    make_user: Callable[..., User],
    shelter: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    admin = make_user(Role.ORGANISATION_ADMIN, shelter, "admin")
    admin.email = "admin@shelter.example"
    admin.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        made = token_create(actor=Actor.for_user(admin), name="Case system", scope="read")
    [notification] = told(admin, "api_token_created")
    assert "Case system" in notification.text
    assert made.token.prefix in notification.text
    assert made.secret not in notification.text
    [message] = mail.outbox
    assert made.secret not in message.body
    # The token's own account is nobody to tell.
    assert not Notification.objects.filter(user=made.token.account).exists()


def test_a_lockout_is_told_once_however_many_refused_attempts_follow(
    with_email: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(8):
            client.post(
                reverse("accounts:login"),
                {"username": with_email.username, "password": "guessed-secret-91"},
                REMOTE_ADDR="10.1.2.3",
            )
    assert len(told(with_email, "locked_out")) == 1
    assert len(mail.outbox) == 1
    assert "guessed-secret-91" not in mail.outbox[0].body


def test_an_unlock_is_told_to_the_unlocked_user(
    with_email: User, supervisor: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        account_unlock(actor=Actor.for_user(supervisor), user=with_email)
    [notification] = told(with_email, "unlocked")
    assert supervisor.username not in notification.text
    assert [message.to for message in mail.outbox] == [["caseworker@shelter.example"]]


def test_the_notification_shows_on_the_users_page(with_email: User) -> None:
    with_email.set_password(NEW_PASSWORD)
    with_email.save()
    page = signed_in(with_email).get(reverse("assistance:notifications"))
    assert page.status_code == 200
    assert "The password of your account was changed" in page.content.decode()


def test_an_email_that_fails_is_retried_and_then_sent_once(
    with_email: User, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    """A failing mail server rolls back the job's once-record: the retry sends, and only once."""
    from needsfirst.web.assistance.services import notifications

    real_email = notifications.email
    failures = []

    def failing(notification: Notification) -> None:
        if not failures:
            failures.append(1)
            raise OSError("mail server away")
        real_email(notification)

    monkeypatch.setattr(notifications, "email", failing)
    with_email.set_password(NEW_PASSWORD)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with_email.save()
    with pytest.raises(OSError):
        callbacks[0]()
    [notification] = told(with_email, "password_changed")
    key = f"credential-email:{notification.uuid}"
    assert not JobRun.objects.filter(key=key).exists()
    job = f"{credential_email.__module__}:{credential_email.__qualname__}"
    run_once(job, key, notification.pk)
    run_once(job, key, notification.pk)
    assert len(mail.outbox) == 1
