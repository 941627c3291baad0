"""Ship the programme's consultants (our own text, nl + en). Regions are given as CBS province codes."""

import json
from pathlib import Path

from django.db import migrations

CONTENT = Path(__file__).resolve().parent.parent / "content"


def load(apps, schema_editor):
    Consultant = apps.get_model("consultants", "Consultant")
    Region = apps.get_model("portal", "Region")
    Theme = apps.get_model("programmes", "Theme")
    for item in json.loads((CONTENT / "consultants.json").read_text(encoding="utf-8")):
        consultant, created = Consultant.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "role": item["role"],
                "email": item["email"],
                "phone": item["phone"],
                "bio": item["bio"]["nl"],
                "bio_en": item["bio"]["en"],
            },
        )
        if created:
            consultant.regions.set([Region.objects.get(province__code=code) for code in item["regions"]])
            consultant.themes.set(Theme.objects.filter(slug__in=item["themes"]))


class Migration(migrations.Migration):
    dependencies = [("consultants", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
