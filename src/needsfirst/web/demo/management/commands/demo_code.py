from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Demo mode only: print the current two-factor code of a demo user."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        if not settings.NEEDSFIRST_DEMO_MODE:
            raise CommandError("demo_code works only in demo mode (local settings).")
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None:
            raise CommandError(f"No authenticator for {username!r}.")
        self.stdout.write(f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}")
