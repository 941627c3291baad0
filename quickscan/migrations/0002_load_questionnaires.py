"""Ship the two questionnaires (Quick Scan Lokaal Bestuur and Lokale Democratie) as version 1."""

import json
from pathlib import Path

from django.db import migrations

CONTENT = Path(__file__).resolve().parent.parent / "content"


def load(apps, schema_editor):
    Questionnaire = apps.get_model("quickscan", "Questionnaire")
    QuestionnaireTheme = apps.get_model("quickscan", "QuestionnaireTheme")
    Statement = apps.get_model("quickscan", "Statement")
    Theme = apps.get_model("programmes", "Theme")
    portal_themes = {theme.slug: theme for theme in Theme.objects.all()}

    for path in sorted(CONTENT.glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        questionnaire, created = Questionnaire.objects.get_or_create(
            slug=item["slug"],
            version=1,
            defaults={
                "name": item["name"]["nl"],
                "name_en": item["name"]["en"],
                "description": item["description"]["nl"],
                "description_en": item["description"]["en"],
                "intro": item["intro"]["nl"],
                "intro_en": item["intro"]["en"],
                "priority_question": item["priority_question"]["nl"],
                "priority_question_en": item["priority_question"]["en"],
                "groups": item["groups"],
            },
        )
        if not created:
            continue
        for order, theme_item in enumerate(item["themes"]):
            open_question = theme_item.get("open_question") or {}
            theme = QuestionnaireTheme.objects.create(
                questionnaire=questionnaire,
                slug=theme_item["slug"],
                order=order,
                name=theme_item["name"]["nl"],
                name_en=theme_item["name"]["en"],
                description=theme_item["description"]["nl"],
                description_en=theme_item["description"]["en"],
                open_question=open_question.get("nl", ""),
                open_question_en=open_question.get("en", ""),
            )
            theme.portal_themes.set([portal_themes[slug] for slug in theme_item["portal_themes"] if slug in portal_themes])
            Statement.objects.bulk_create(
                Statement(theme=theme, order=number, text=statement["nl"], text_en=statement["en"])
                for number, statement in enumerate(theme_item["statements"])
            )


class Migration(migrations.Migration):
    dependencies = [
        ("quickscan", "0001_initial"),
        ("programmes", "0002_load_programmes_and_themes"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
