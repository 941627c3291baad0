"""The Quick Scan Lokale Democratie is offered free, with an adviser, to the first 50 municipalities: its
questionnaire is offered in the set-up only to a municipality holding a granted place (the gate in
offers/providers.py)."""

from django.db import migrations

SLUG = "lokale-democratie"


def restrict(apps, schema_editor):
    apps.get_model("quickscan", "Questionnaire").objects.filter(slug=SLUG).update(requires_grant=True)


def open_up(apps, schema_editor):
    apps.get_model("quickscan", "Questionnaire").objects.filter(slug=SLUG).update(requires_grant=False)


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0002_load_offers"),
        ("quickscan", "0006_report_pdf_per_language_and_restricted_questionnaires"),
    ]

    operations = [migrations.RunPython(restrict, open_up)]
