"""Background work of the Quick Scan. Every task takes ids, is idempotent and runs through a Job."""

from celery import shared_task

from . import reports, scoring, services


@shared_task(name="quickscan.tasks.scan_invitations_send_task")
def scan_invitations_send_task(scan_id: int) -> int:
    return services.invitations_send(scan_id=scan_id)


@shared_task(name="quickscan.tasks.scan_reminders_send_task")
def scan_reminders_send_task(scan_id: int, requested_at: str) -> int:
    return services.reminders_send(scan_id=scan_id, requested_at=requested_at)


@shared_task(name="quickscan.tasks.scan_score_task")
def scan_score_task(scan_id: int) -> int:
    return scoring.scan_score(scan_id=scan_id).pk


@shared_task(name="quickscan.tasks.scan_report_pdf_task")
def scan_report_pdf_task(scan_id: int) -> bool:
    return reports.report_pdf_store(scan_id=scan_id)


@shared_task(name="quickscan.tasks.scans_close_due_task")
def scans_close_due_task() -> int:
    """Periodic: close scans whose closing date has passed (which scores them)."""
    return services.scans_close_due()
