"""Load demo accounts (one per role) and demo content. Safe to run again: it changes nothing twice.

For local use only: the demo accounts share one password, printed by this command and in README.md.
"""

import importlib

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal.models import Function, GriffierRole, Municipality, Region, StaffRole, User

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 (local demo accounts, documented in README)
DEMO_DOMAIN = "demo.lokaledemocratie.example.nl"

# (email local part, first name, last name, function, municipality code, staff role, griffier?)
DEMO_ACCOUNTS = [
    ("beheerder", "Bram", "Beheer", Function.OTHER, None, StaffRole.ADMINISTRATOR, False),
    ("programmamanager", "Petra", "Programma", Function.OTHER, None, StaffRole.PROGRAMME_MANAGER, False),
    ("redactie", "Ruben", "Redactie", Function.OTHER, None, StaffRole.EDITOR, False),
    ("consulent", "Carla", "Consulent", Function.OTHER, None, StaffRole.CONSULTANT, False),
    ("griffier", "Gerrit", "Griffie", Function.GRIFFIER, "GM0193", None, True),
    ("raadslid", "Rosa", "Raad", Function.RAADSLID, "GM0193", None, False),
    ("inwoner", "Ilse", "Inwoner", Function.INWONER, "GM0344", None, False),
]


class Command(BaseCommand):
    help = "Load demo accounts (one per role) and demo content; idempotent."

    def handle(self, *args, **options):
        if not settings.DEBUG and not options.get("force"):
            raise CommandError("seed_demo is for local demos; it refuses to run with DJANGO_DEBUG=0 (use --force).")
        with transaction.atomic():
            accounts = {row[0]: self._account(*row) for row in DEMO_ACCOUNTS}
            accounts["consulent"].regions.add(*Region.objects.filter(slug__in=["overijssel", "utrecht"]))
            applicant = self._account("nieuwe-griffier", "Nina", "Nieuw", Function.GRIFFIER, "GM0344", None, False)
            GriffierRole.objects.get_or_create(
                user=applicant,
                municipality=Municipality.objects.get(code="GM0344"),
                status=GriffierRole.Status.REQUESTED,
                defaults={"motivation": "Ik ben sinds september griffier van de gemeente Utrecht."},
            )
        for app_label in ["consultants", "workshops", "quickscan", "events", "publications", "newsletter"]:
            if apps.is_installed(app_label):
                try:
                    module = importlib.import_module(f"{app_label}.demo")
                except ModuleNotFoundError:
                    continue
                with transaction.atomic():
                    module.seed(accounts=accounts, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
        for key, *_ in DEMO_ACCOUNTS:
            self.stdout.write(f"  {key}@{DEMO_DOMAIN}")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Also run when DEBUG is off.")

    def _password_hash(self) -> str:
        # Hash once: the production hasher is slow by design and every demo account shares the password.
        if not hasattr(self, "_hash"):
            self._hash = make_password(DEMO_PASSWORD)
        return self._hash

    def _account(self, key, first, last, function, code, role, griffier) -> User:
        email = f"{key}@{DEMO_DOMAIN}"
        municipality = Municipality.objects.get(code=code) if code else None
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "function": function,
                "municipality": municipality,
                "is_staff": role is not None,
                "is_superuser": role == StaffRole.ADMINISTRATOR,
            },
        )
        if created:
            user.password = self._password_hash()
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if role:
            user.groups.add(Group.objects.get(name=str(role)))
        if griffier:
            GriffierRole.objects.get_or_create(
                user=user, municipality=municipality, status=GriffierRole.Status.CONFIRMED
            )
        if (role or griffier) and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            # Locally the code DEMO_TOTP_BYPASS_CODE (000000 in bin/demo) is accepted; allauth refuses it in production.
            TOTP.activate(user, generate_totp_secret())
        return user
