"""The report of a closed scan as a PDF: made in the background, stored per language, for the scores it shows.

Scoring a closed scan asks for a PDF in every language of the portal (`scan_report_pdf_task`); the report page
asks again for its reader's language when none is current (an older scan, or a failed job). The same figures
as the screen: the PDF is rendered from `reports.report_build`.
"""

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from portal.jobs import job_enqueue
from portal.models import Job
from portal.pdf import render_pdf

from .models import ReportPdf, Scan, ScanResult
from .reports import report_build

TEMPLATE = "quickscan/pdf/report.html"


def report_pdf_store(*, scan_id: int, language: str | None = None) -> bool:
    """Render the report in `language` and keep it. Skips work when the PDF already shows the current scores."""
    language = language or settings.LANGUAGE_CODE
    scan = Scan.objects.select_related("municipality", "questionnaire").get(pk=scan_id)
    result = ScanResult.objects.filter(scan=scan).first()
    if result is None or scan.status != Scan.Status.CLOSED:
        return False
    if ReportPdf.objects.filter(scan=scan, language=language, scores_of=result.computed_at).exists():
        return False
    with translation.override(language):
        context = report_build(scan) | {"base_url": settings.PORTAL_BASE_URL}
        pdf = render_pdf(TEMPLATE, context, pdf_variant="pdf/ua-1")
    ReportPdf.objects.update_or_create(
        scan=scan,
        language=language,
        defaults={"scores_of": result.computed_at, "pdf": pdf, "made_at": timezone.now()},
    )
    return True


@shared_task
def scan_report_pdf_task(scan_id: int, language: str | None = None) -> bool:
    return report_pdf_store(scan_id=scan_id, language=language)


def report_pdfs_request(*, scan: Scan, languages: list[str] | None = None) -> int:
    """Queue a PDF for each language (all of the portal's by default) unless one is already queued or running.

    Returns how many were queued. Call inside the transaction that changed the scores, or on its own.
    """
    languages = languages or [code for code, _name in settings.LANGUAGES]
    queued = 0
    with transaction.atomic():
        for language in languages:
            waiting = Job.objects.filter(
                task=scan_report_pdf_task.name,
                kwargs__scan_id=scan.pk,
                kwargs__language=language,
                state__in=[Job.State.PENDING, Job.State.RUNNING],
            )
            if not waiting.exists():
                job_enqueue(task=scan_report_pdf_task, scan_id=scan.pk, language=language)
                queued += 1
    return queued
