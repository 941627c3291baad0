"""The open link's code is kept as a hash only, like respondents' tokens: no readable row grants access."""

import hashlib

from django.db import migrations, models


def hash_codes(apps, schema_editor):
    Scan = apps.get_model("quickscan", "Scan")
    for scan in Scan.objects.exclude(open_link_token="").only("pk", "open_link_token"):
        Scan.objects.filter(pk=scan.pk).update(
            open_link_hash=hashlib.sha256(scan.open_link_token.encode()).hexdigest()
        )


class Migration(migrations.Migration):
    dependencies = [("quickscan", "0003_drop_interim_scores")]

    operations = [
        migrations.AddField(
            model_name="scan",
            name="open_link_hash",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="Hash of the code in the link for residents; the code itself is shown once to the griffier.",
                max_length=64,
                verbose_name="open link code (hash)",
            ),
        ),
        migrations.RunPython(hash_codes, migrations.RunPython.noop),
        migrations.RemoveField(model_name="scan", name="open_link_token"),
    ]
