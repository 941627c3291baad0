"""Ship the five programme offers with their conditions and questions (our own text, nl + en)."""

import datetime
import json
from pathlib import Path

from django.db import migrations

CONTENT = Path(__file__).resolve().parent.parent / "content" / "offers.json"
OPENS_ON = datetime.date(2026, 1, 1)


def load(apps, schema_editor):
    Offer = apps.get_model("offers", "Offer")
    Programme = apps.get_model("programmes", "Programme")
    for item in json.loads(CONTENT.read_text(encoding="utf-8")):
        if Offer.objects.filter(slug=item["slug"]).exists():
            continue
        attachment = item.get("attachment_label", {"nl": "", "en": ""})
        offer = Offer.objects.create(
            slug=item["slug"],
            programme=Programme.objects.get(slug=item["programme"]),
            title=item["title"]["nl"],
            title_en=item["title"]["en"],
            summary=item["summary"]["nl"],
            summary_en=item["summary"]["en"],
            description=item["description"]["nl"],
            description_en=item["description"]["en"],
            places=item["places"],
            opens_on=OPENS_ON,
            mode=item["mode"],
            kind=item["kind"],
            applicants=item["applicants"],
            has_budget=item.get("has_budget", False),
            budget_max=item.get("budget_max"),
            attachment_required=item.get("attachment_required", False),
            attachment_label=attachment["nl"],
            attachment_label_en=attachment["en"],
            assigns_adviser=item.get("assigns_adviser", False),
            unlocks_questionnaire=item.get("unlocks_questionnaire", ""),
            take_up_url=item.get("take_up_url", ""),
            order=item["order"],
        )
        for order, condition in enumerate(item["conditions"]):
            offer.conditions.create(order=order, text=condition["nl"], text_en=condition["en"])
        for order, question in enumerate(item["questions"]):
            choices = question.get("choices", {"nl": "", "en": ""})
            offer.questions.create(
                order=order,
                kind=question["kind"],
                text=question["text"]["nl"],
                text_en=question["text"]["en"],
                choices=choices["nl"],
                choices_en=choices["en"],
                required=question["required"],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0001_initial"),
        ("programmes", "0002_load_programmes_and_themes"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
