from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from needsfirst.web.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the fictitious demo data (fixed seed) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = load_demo()
        out = self.stdout
        out.write("")
        out.write("needsfirst demo: every person and organisation here is fictitious.")
        out.write(f"Password for every demo login: {DEMO_PASSWORD}")
        out.write("Second factor: add the TOTP secret to an authenticator app, or use a backup")
        out.write("code (each works once), or print the current code with")
        out.write("  .venv/bin/python manage.py demo_code USERNAME")
        out.write("")
        for login in logins:
            out.write(f"  {login.username:<9} {login.role:<19} {login.organisation}")
            out.write(f"            TOTP secret {login.totp_secret}")
            out.write(f"            backup codes {' '.join(login.backup_codes)}")
        out.write("")
