"""One stored PDF per language (the PDF a scan kept so far was Dutch), and questionnaires only for
municipalities that were granted their use."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def move_pdfs(apps, schema_editor):
    Scan = apps.get_model("quickscan", "Scan")
    ReportPdf = apps.get_model("quickscan", "ReportPdf")
    for scan in Scan.objects.filter(report_pdf__isnull=False, report_pdf_for__isnull=False).iterator():
        ReportPdf.objects.create(scan=scan, language="nl", scores_of=scan.report_pdf_for, pdf=scan.report_pdf)


class Migration(migrations.Migration):

    dependencies = [
        ('quickscan', '0005_rename_job_tasks'),
    ]

    operations = [
        migrations.AddField(
            model_name='questionnaire',
            name='requires_grant',
            field=models.BooleanField(default=False, help_text='Offered only to municipalities that were granted its use (for example a free place in a programme offer).', verbose_name='only with a grant'),
        ),
        migrations.CreateModel(
            name='ReportPdf',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('nl', 'Dutch'), ('en', 'English')], max_length=8, verbose_name='language')),
                ('scores_of', models.DateTimeField(verbose_name='made from the scores of')),
                ('pdf', models.BinaryField(verbose_name='PDF')),
                ('made_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='made at')),
                ('scan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_pdfs', to='quickscan.scan', verbose_name='scan')),
            ],
            options={
                'verbose_name': 'report (PDF)',
                'verbose_name_plural': 'reports (PDF)',
                'constraints': [models.UniqueConstraint(fields=('scan', 'language'), name='report_pdf_once_per_language')],
            },
        ),
        migrations.RunPython(move_pdfs, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='scan',
            name='report_pdf',
        ),
        migrations.RemoveField(
            model_name='scan',
            name='report_pdf_for',
        ),
    ]
