"""Ship the eight themes and the three programmes with their activities (our own text, nl + en)."""

import json
from pathlib import Path

from django.db import migrations

CONTENT = Path(__file__).resolve().parent.parent / "content"


def load(apps, schema_editor):
    Theme = apps.get_model("programmes", "Theme")
    Programme = apps.get_model("programmes", "Programme")
    Activity = apps.get_model("programmes", "Activity")

    themes = {}
    for order, item in enumerate(json.loads((CONTENT / "themes.json").read_text(encoding="utf-8"))):
        themes[item["slug"]], _ = Theme.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"]["nl"],
                "name_en": item["name"]["en"],
                "description": item["description"]["nl"],
                "description_en": item["description"]["en"],
                "kind": item["kind"],
                "order": order,
            },
        )

    text_fields = ["summary", "aim", "target_groups", "partners", "contact"]
    for order, item in enumerate(json.loads((CONTENT / "programmes.json").read_text(encoding="utf-8"))):
        defaults = {"name": item["name"]["nl"], "name_en": item["name"]["en"], "short_name": item["short_name"]}
        for field in text_fields:
            defaults[field] = item[field]["nl"]
            defaults[f"{field}_en"] = item[field]["en"]
        defaults["contact_email"] = item.get("contact_email", "")
        defaults["order"] = order
        programme, created = Programme.objects.get_or_create(slug=item["slug"], defaults=defaults)
        if not created:
            continue
        programme.themes.set([themes[slug] for slug in item["themes"]])
        for position, entry in enumerate(item["activities"]):
            activity = Activity.objects.create(
                programme=programme,
                slug=entry["slug"],
                name=entry["name"]["nl"],
                name_en=entry["name"]["en"],
                summary=entry["summary"]["nl"],
                summary_en=entry["summary"]["en"],
                kind=entry["kind"],
                order=position,
            )
            activity.themes.set([themes[slug] for slug in entry["themes"]])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
