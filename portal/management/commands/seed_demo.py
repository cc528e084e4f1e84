"""Create the demo organisations and one account per role (idempotent); refused in production."""

from __future__ import annotations

from importlib import import_module
from typing import Any
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.demo import DEMO_PASSWORD, DemoContext, demo_totp_secret

OUR_APPS = (
    "accounts",
    "messaging",
    "questionnaires",
    "parent_portal",
    "client_portal",
    "excel_intake",
    "gp_accessibility",
    "registration",
    "dashboards",
)


class Command(BaseCommand):
    help = "Load demo data (marked as demo) and print the demo accounts. Refused in production."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is refused in production mode (DJANGO_DEBUG=0).")
        ctx = DemoContext(stdout=self.stdout)
        for app_label in OUR_APPS:
            if not apps.is_installed(app_label):
                continue
            try:
                demo = import_module(f"{app_label}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_label}.demo":
                    raise
                continue
            demo.seed(ctx)
        self.print_accounts(ctx)

    def print_accounts(self, ctx: DemoContext) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD})")
        self.stdout.write("Add the TOTP secret to an authenticator app, or open the otpauth URI.")
        self.stdout.write("")
        for label, email in ctx.accounts:
            secret = demo_totp_secret(email)
            uri = f"otpauth://totp/Zorgportaal:{quote(email)}?secret={secret}&issuer=Zorgportaal"
            self.stdout.write(f"  {label:<45} {email}")
            self.stdout.write(f"  {'':<45} TOTP secret: {secret}")
            self.stdout.write(f"  {'':<45} {uri}")
        self.stdout.write("")
