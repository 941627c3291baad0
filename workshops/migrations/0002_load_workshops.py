"""Ship the 15 workshops of the Inwerkprogramma (our own text, nl + en)."""

import json
from pathlib import Path

from django.db import migrations

CONTENT = Path(__file__).resolve().parent.parent / "content"
TEXT_FIELDS = ["title", "summary", "description", "experts", "cost"]


def load(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    Theme = apps.get_model("programmes", "Theme")
    for order, item in enumerate(json.loads((CONTENT / "workshops.json").read_text(encoding="utf-8"))):
        defaults = {
            "format": item["format"],
            "duration_minutes": item["duration_minutes"],
            "min_participants": item["min_participants"],
            "max_participants": item["max_participants"],
            "delivery": item["delivery"],
            "target_roles": item["target_roles"],
            "order": order,
        }
        for field in TEXT_FIELDS:
            defaults[field] = item[field]["nl"]
            defaults[f"{field}_en"] = item[field]["en"]
        workshop, created = Workshop.objects.get_or_create(slug=item["slug"], defaults=defaults)
        if created:
            workshop.themes.set(Theme.objects.filter(slug__in=item["themes"]))


class Migration(migrations.Migration):
    dependencies = [("workshops", "0001_initial"), ("programmes", "0002_load_programmes_and_themes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
