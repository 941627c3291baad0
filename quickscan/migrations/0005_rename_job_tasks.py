"""The Quick Scan's services became a package (one module per stage): pending jobs follow their tasks."""

from django.db import migrations

RENAMED = {
    "quickscan.services.scan_invitations_send_task": "quickscan.services.running.scan_invitations_send_task",
    "quickscan.services.scan_reminders_send_task": "quickscan.services.running.scan_reminders_send_task",
    "quickscan.services.scans_close_due_task": "quickscan.services.running.scans_close_due_task",
}


def rename(apps, schema_editor, names):
    Job = apps.get_model("portal", "Job")
    for old, new in names.items():
        Job.objects.filter(task=old).update(task=new)


class Migration(migrations.Migration):
    dependencies = [("quickscan", "0004_open_link_hash"), ("portal", "0001_initial")]

    operations = [
        migrations.RunPython(
            lambda apps, editor: rename(apps, editor, RENAMED),
            lambda apps, editor: rename(apps, editor, {new: old for old, new in RENAMED.items()}),
        )
    ]
