"""Ship the 342 municipalities of 1 January 2025 (CBS), the 12 provinces and one region per province."""

import csv
import datetime
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA = Path(__file__).resolve().parent.parent / "data" / "gemeenten-2025.csv"
ALIASES = {"GM0518": "Den Haag", "GM0796": "Den Bosch"}


def load(apps, schema_editor):
    Province = apps.get_model("portal", "Province")
    Region = apps.get_model("portal", "Region")
    Municipality = apps.get_model("portal", "Municipality")
    with DATA.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        province, _ = Province.objects.get_or_create(code=row["province_code"], defaults={"name": row["province_name"]})
        region, _ = Region.objects.get_or_create(
            slug=slugify(row["province_name"]), defaults={"name": row["province_name"], "province": province}
        )
        Municipality.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "slug": slugify(row["name"]),
                "aliases": ALIASES.get(row["code"], ""),
                "province": province,
                "region": region,
                "valid_from": datetime.date(2025, 1, 1),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
