"""Evaluation tokens stored as hashes; evaluations carry the key of the form they were sent with.

Links already mailed keep working: each existing plain token is replaced by its SHA-256 hash (the
same hash `workshops.tokens.token_hash` makes of the token in a participant's link).
"""

import hashlib

from django.db import migrations, models


def hash_tokens(apps, schema_editor):
    Session = apps.get_model("workshops", "Session")
    for session in Session.objects.exclude(evaluation_token="").only("pk", "evaluation_token").iterator():
        digest = hashlib.sha256(session.evaluation_token.encode()).hexdigest()
        Session.objects.filter(pk=session.pk).update(evaluation_token_hash=digest)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0002_load_workshops"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="evaluation_token_hash",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=64,
                null=True,
                unique=True,
                verbose_name="evaluation token hash",
            ),
        ),
        # Hashes cannot be turned back into links: going back leaves the sessions without a link.
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="session",
            name="evaluation_token",
        ),
        migrations.AddField(
            model_name="evaluation",
            name="submission_key",
            field=models.UUIDField(
                blank=True, editable=False, null=True, unique=True, verbose_name="submission key"
            ),
        ),
    ]
