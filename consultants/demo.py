"""Demo content for the consultants app: the demo consultant account gets a profile of its own.

Called by `manage.py seed_demo`; idempotent (the profile is found again by its slug).
"""

from typing import TextIO

from portal.models import Region, User
from programmes.models import Theme

from .models import Consultant

DEMO_SLUG = "carla-consulent"
DEMO_REGIONS = ["overijssel", "utrecht"]
DEMO_THEMES = ["samenspel", "checks-and-balances"]
DEMO_BIO = (
    "Carla was tien jaar plaatsvervangend griffier en daarna adviseur bestuurlijke zaken. Als consulent is zij "
    "het aanspreekpunt voor de gemeenten in Overijssel en Utrecht. Zij begeleidt gesprekken tussen raad, "
    "college en ambtelijke top over rollen en verwachtingen, en helpt raden om hun kaderstellende en "
    "controlerende rol scherper te maken."
)
DEMO_BIO_EN = (
    "Carla was deputy council clerk for ten years and then an adviser on governance. As a consultant she is the "
    "point of contact for the municipalities in Overijssel and Utrecht. She facilitates conversations between "
    "council, executive and senior management about roles and expectations, and helps councils sharpen their "
    "role in setting frameworks and scrutiny."
)


def seed(*, accounts: dict[str, User], stdout: TextIO) -> None:
    user = accounts["consulent"]
    if Consultant.objects.filter(user=user).exclude(slug=DEMO_SLUG).exists():
        stdout.write("Consultants: the demo consultant account already has a profile.")
        return
    consultant, created = Consultant.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={
            "name": f"{user.first_name} {user.last_name}",
            "role": Consultant.Role.CONSULENT,
            "email": user.email,
            "phone": "+31 6 0000 0099",
            "bio": DEMO_BIO,
            "bio_en": DEMO_BIO_EN,
            "user": user,
        },
    )
    if not created:
        stdout.write("Consultants: demo profile already present.")
        return
    consultant.regions.set(Region.objects.filter(slug__in=DEMO_REGIONS))
    consultant.themes.set(Theme.objects.filter(slug__in=DEMO_THEMES))
    stdout.write(f"Consultants: profile “{consultant.name}” linked to {user.email}.")
