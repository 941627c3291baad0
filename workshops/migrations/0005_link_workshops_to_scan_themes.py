"""Link the shipped workshops to the Quick Scan themes they help with (staff edit this in the admin).

Per theme the workshops that work on what the theme measures; "Participatie" (can residents take part)
and "Invloed" (does their input count in decisions) deliberately get different ones. Workshops that staff
already linked are left alone; the improvement priorities theme is a ranking, not a measure, and gets none.
"""

from django.db import migrations

LINKS = {
    # Quick Scan Lokaal Bestuur
    "rolverdeling": ["gereedschapskist-van-het-raadslid", "samenwerken-in-de-raad"],
    "samenwerking-en-vertrouwen": ["samenwerken-in-de-raad", "integriteit"],
    "informatievoorziening": ["informatievoorziening-en-digitaal-werken", "begrotingscyclus-lezen"],
    "vergaderpraktijk-en-debat": ["debatteren", "effectief-vergaderen-en-de-griffie"],
    "bestuurscultuur-en-omgangsvormen": ["integriteit", "weerbaar-raadslid", "samenwerken-in-de-raad"],
    "kaderstelling-en-controle": ["kaders-stellen-en-controleren", "gemeentefinancien", "begrotingscyclus-lezen"],
    "ondersteuning-van-de-raad": ["effectief-vergaderen-en-de-griffie", "informatievoorziening-en-digitaal-werken"],
    # Quick Scan Lokale Democratie
    "participatie": ["burgers-betrekken", "media-en-sociale-media", "omgevingswet-en-ruimtelijke-ordening"],
    "invloed": ["kaders-stellen-en-controleren", "gereedschapskist-van-het-raadslid"],
    "controle": ["kaders-stellen-en-controleren", "begrotingscyclus-lezen", "regionale-samenwerking-en-verbonden-partijen"],
    "bewonersinitiatieven": ["burgers-betrekken"],
    "democratische-kwaliteit": ["integriteit", "samenwerken-in-de-raad", "weerbaar-raadslid"],
}


def link(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    by_workshop: dict[str, list[str]] = {}
    for theme, slugs in LINKS.items():
        for slug in slugs:
            by_workshop.setdefault(slug, []).append(theme)
    for workshop in Workshop.objects.filter(slug__in=by_workshop):
        if not workshop.advice_scan_themes:
            workshop.advice_scan_themes = by_workshop[workshop.slug]
            workshop.save(update_fields=["advice_scan_themes"])


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0004_workshop_advice_scan_themes"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
