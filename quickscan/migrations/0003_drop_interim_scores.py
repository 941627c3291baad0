"""Interim scores are gone: figures of a scan that is not closed could be compared with later ones."""

from django.db import migrations


def drop_interim_scores(apps, schema_editor):
    Scan = apps.get_model("quickscan", "Scan")
    Score = apps.get_model("quickscan", "Score")
    ScanResult = apps.get_model("quickscan", "ScanResult")
    not_closed = Scan.objects.exclude(status="closed")
    Score.objects.filter(scan__in=not_closed).delete()
    ScanResult.objects.filter(scan__in=not_closed).delete()
    not_closed.update(report_pdf=None, report_pdf_for=None)


class Migration(migrations.Migration):
    dependencies = [("quickscan", "0002_load_questionnaires")]

    operations = [migrations.RunPython(drop_interim_scores, migrations.RunPython.noop)]
