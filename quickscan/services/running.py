"""A scan while it runs: opening, mailing invitations and reminders, extending, closing, and afterwards
forgetting the invitees' addresses. Tasks sit beside the work they do."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal.jobs import job_enqueue
from portal.mail import MailKind

from .. import mails
from ..models import Invitation, Scan
from ..scoring import scan_score_task
from .common import CLOSING_DATE_IN_PAST, SCAN_NOT_DRAFT, SCAN_NOT_OPEN, lock

SCAN_HAS_NO_RESPONDENTS = _("Add respondents or enable the open link before you open the scan.")
EXTENSION_NOT_LATER = _("The new closing date must be later than the current one.")


@transaction.atomic
def scan_open(*, scan: Scan) -> Scan:
    """Open the scan and send every invitation (in the background)."""
    scan = lock(scan)
    if not scan.is_draft:
        raise ValidationError(SCAN_NOT_DRAFT)
    if not scan.open_link_cap and not scan.invitations.exists():
        raise ValidationError(SCAN_HAS_NO_RESPONDENTS)
    if scan.closes_on < timezone.localdate():
        raise ValidationError(CLOSING_DATE_IN_PAST)
    scan.status = Scan.Status.OPEN
    scan.opened_at = timezone.now()
    scan.opens_on = min(scan.opens_on, timezone.localdate())
    scan.save(update_fields=["status", "opened_at", "opens_on"])
    job_enqueue(task=scan_invitations_send_task, scan_id=scan.pk)
    return scan


@transaction.atomic
def scan_remind(*, scan: Scan) -> int:
    """Remind everyone who has not yet sent their answers. Returns how many will get a mail.

    The griffier only learns the number, never the names.
    """
    scan = lock(scan)
    if scan.status != Scan.Status.OPEN:
        raise ValidationError(SCAN_NOT_OPEN)
    now = timezone.now()
    scan.last_reminder_at = now
    scan.save(update_fields=["last_reminder_at"])
    count = scan.invitations.pending().filter(source=Invitation.Source.MAIL, sent_at__isnull=False).count()
    job_enqueue(task=scan_reminders_send_task, scan_id=scan.pk, requested_at=now.isoformat())
    return count


@transaction.atomic
def scan_extend(*, scan: Scan, closes_on: datetime.date) -> Scan:
    scan = lock(scan)
    if scan.status != Scan.Status.OPEN:
        raise ValidationError(SCAN_NOT_OPEN)
    if closes_on <= scan.closes_on:
        raise ValidationError(EXTENSION_NOT_LATER)
    scan.closes_on = closes_on
    scan.save(update_fields=["closes_on"])
    return scan


@transaction.atomic
def scan_close(*, scan: Scan) -> Scan:
    """Close the scan (early, or because its date passed) and score it. Closing is final."""
    scan = lock(scan)
    if scan.status != Scan.Status.OPEN:
        raise ValidationError(SCAN_NOT_OPEN)
    scan.status = Scan.Status.CLOSED
    scan.closed_at = timezone.now()
    scan.closes_on = min(scan.closes_on, timezone.localdate())
    scan.save(update_fields=["status", "closed_at", "closes_on"])
    score_request(scan=scan)
    return scan


@transaction.atomic
def score_request(*, scan: Scan) -> None:
    """Score the closed scan in the background. There are no interim scores: see `scoring.scan_score`."""
    Scan.objects.filter(pk=scan.pk).update(score_requested_at=timezone.now())
    job_enqueue(task=scan_score_task, scan_id=scan.pk)


def scans_close_due() -> int:
    """Close every open scan whose closing date has passed (run periodically)."""
    closed = 0
    for scan in Scan.objects.due_to_close():
        try:
            scan_close(scan=scan)
        except ValidationError:
            continue
        closed += 1
    return closed


@shared_task
def scans_close_due_task() -> int:
    """Periodic: close scans whose closing date has passed (which scores them)."""
    return scans_close_due()


# Mail to respondents. The link is made inside the mail's context (quickscan.mails): the plain token exists
# only in memory and in the mail; the invitation keeps its hash.


def _links_send(*, scan_id: int, kind: MailKind, due: Q, stamp: str, new_link: bool | None) -> int:
    """Mail every invitation of the open scan that matches `due`, one transaction per person, and stamp it.

    Safe to re-run: each invitation is locked and checked against `due` again before its mail goes out, and
    the stamp takes it out of `due`. `new_link`: True makes a fresh link, False sends none, None makes one
    only for someone who has not started (a started respondent keeps the link their answers are saved under).
    """
    if not Scan.objects.filter(pk=scan_id, status=Scan.Status.OPEN).exists():
        return 0
    invitations = Invitation.objects.filter(scan_id=scan_id, source=Invitation.Source.MAIL).exclude(email="")
    sent = 0
    for invitation_id in list(invitations.filter(due).values_list("pk", flat=True)):
        with transaction.atomic():
            invitation = invitations.select_for_update().filter(due, pk=invitation_id).first()
            if invitation is None:
                continue
            fresh = (not invitation.started) if new_link is None else new_link
            with translation.override(settings.LANGUAGE_CODE):
                message = kind.message(to=invitation.email, ids={"invitation_id": invitation.pk, "new_link": fresh})
            if message is None:
                continue
            setattr(invitation, stamp, timezone.now())
            invitation.save(update_fields=[stamp])
            message.send()
        sent += 1
    return sent


def invitations_send(*, scan_id: int) -> int:
    """Mail each invitation not yet sent, with a personal link."""
    return _links_send(
        scan_id=scan_id, kind=mails.invitation, due=Q(sent_at__isnull=True), stamp="sent_at", new_link=True
    )


@shared_task
def scan_invitations_send_task(scan_id: int) -> int:
    return invitations_send(scan_id=scan_id)


def reminders_send(*, scan_id: int, requested_at: str) -> int:
    """Remind everyone invited who has not sent their answers and was not reminded since `requested_at`.

    Someone who has not started gets a fresh link (the old one cannot be sent again: only its hash is kept);
    someone who has started keeps their link, so their saved answers stay theirs.
    """
    since = datetime.datetime.fromisoformat(requested_at)
    due = Q(used_at__isnull=True, sent_at__isnull=False) & (Q(reminded_at__isnull=True) | Q(reminded_at__lt=since))
    return _links_send(scan_id=scan_id, kind=mails.reminder, due=due, stamp="reminded_at", new_link=None)


@shared_task
def scan_reminders_send_task(scan_id: int, requested_at: str) -> int:
    return reminders_send(scan_id=scan_id, requested_at=requested_at)


def invitation_addresses_forget(*, now: datetime.datetime | None = None) -> int:
    """Delete the e-mail addresses (and link hashes) of scans closed longer than the retention period ago.

    The invitation rows stay, so the response counts per group stay as they were. Returns how many
    addresses were deleted.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PORTAL_INVITATION_RETENTION_DAYS)
    scans = Scan.objects.closed().filter(
        Q(closed_at__lt=cutoff) | Q(closed_at__isnull=True, closes_on__lt=cutoff.date())
    )
    invitations = Invitation.objects.filter(scan__in=scans).exclude(email="", token_hash="")
    return invitations.update(email="", token_hash="")


@shared_task
def invitation_addresses_forget_task() -> int:
    """Periodic: keep invitees' addresses no longer than PORTAL_INVITATION_RETENTION_DAYS after closing."""
    return invitation_addresses_forget()
