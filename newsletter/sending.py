"""Sending an edition to every confirmed subscriber, in batches, so that nobody gets it twice.

Starting a send writes one Delivery row per subscriber (unique per edition and subscriber) and queues
batch jobs. A batch reserves a chunk of pending rows (skipping rows another worker holds), then per mail:
render it, claim its row (pending -> sending, a conditional update), send, mark it sent. A worker killed
halfway leaves its reserved rows pending (a later batch or a resume takes them over) and at most one row
in "sending": that one is marked interrupted, never sent again, because its mail may have left.

The state lives in the database: the staff page reads sent / total from it, and the periodic task starts
scheduled editions, resolves interrupted rows and finishes editions whose last batch died.
"""

import datetime
import math

from celery import shared_task
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.jobs import job_enqueue
from portal.models import User
from portal.pagecache import content_changed

from . import mails
from .models import Delivery, Edition, Subscriber

ERROR_NOT_SENDABLE = _("This edition is already being sent or was sent.")
ERROR_EMPTY = _("Add at least one item or text block before sending.")
ERROR_NOT_SENDING = _("This edition is not being sent.")

BATCH_SIZE = 500  # mails per job: a few seconds of work, far below the task time limit
CHUNK = 100  # rows reserved and subscribers loaded at a time
RESERVATION_STALE = datetime.timedelta(minutes=10)  # a reservation older than this belongs to a dead worker
SENDING_STALE = datetime.timedelta(minutes=2)  # longer than any SMTP conversation (EMAIL_TIMEOUT)

D = Delivery.Status


@transaction.atomic
def edition_send(*, edition: Edition, actor: User | None, at: datetime.datetime | None = None) -> Edition:
    """Send now, or schedule the send for `at`."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status not in (Edition.Status.DRAFT, Edition.Status.SCHEDULED):
        raise ValidationError(ERROR_NOT_SENDABLE, code="not_sendable")
    if not edition.items.exists():
        raise ValidationError(ERROR_EMPTY, code="empty")
    edition.sent_by = actor
    if at is not None and at > timezone.now():
        edition.status, edition.scheduled_at = Edition.Status.SCHEDULED, at
        edition.save(update_fields=["status", "scheduled_at", "sent_by"])
        return edition
    return _start(edition)


def _start(edition: Edition) -> Edition:
    """Inside the caller's transaction, with the edition locked: a delivery row per subscriber, then the jobs."""
    subscriber_ids = Subscriber.objects.confirmed().order_by("pk").values_list("pk", flat=True)
    Delivery.objects.bulk_create(
        (Delivery(edition_id=edition.pk, subscriber_id=pk) for pk in subscriber_ids.iterator(chunk_size=5000)),
        batch_size=5000,
        ignore_conflicts=True,
    )
    total = edition.deliveries.count()
    edition.status, edition.started_at, edition.recipients = Edition.Status.SENDING, timezone.now(), total
    edition.save(update_fields=["status", "started_at", "recipients", "sent_by"])
    _enqueue_batches(edition, total)
    return edition


def _enqueue_batches(edition: Edition, pending: int) -> None:
    for _n in range(max(1, math.ceil(pending / BATCH_SIZE))):
        job_enqueue(task=edition_send_batch_task, edition_id=edition.pk)


@transaction.atomic
def edition_send_resume(*, edition: Edition) -> int:
    """Staff resume a send whose workers died: reservations are released at once and new batches queued.
    Safe while a worker still runs: every mail is claimed row by row. Returns the number of pending rows."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status != Edition.Status.SENDING:
        raise ValidationError(ERROR_NOT_SENDING, code="not_sending")
    _resolve_interrupted(edition)
    edition.deliveries.filter(status=D.PENDING).update(claimed_at=None)
    pending = edition.deliveries.filter(status=D.PENDING).count()
    if pending:
        _enqueue_batches(edition, pending)
    else:
        _finish_if_done(edition)
    return pending


def _resolve_interrupted(edition: Edition) -> int:
    """Rows left "sending" by a dead worker: their mail may or may not have left, so they are not retried."""
    before = timezone.now() - SENDING_STALE
    return edition.deliveries.filter(status=D.SENDING, claimed_at__lt=before).update(status=D.INTERRUPTED)


def _reserve(edition: Edition, count: int = CHUNK) -> list[tuple[int, int]]:
    """Up to `count` pending rows for this worker: rows nobody holds, or whose holder is long gone."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(edition=edition, status=D.PENDING)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - RESERVATION_STALE))
            .order_by("pk")
            .values_list("pk", "subscriber_id")[:count]
        )
        Delivery.objects.filter(pk__in=[pk for pk, _s in rows]).update(claimed_at=now)
    return rows


def _subscribers(ids: list[int]) -> dict[int, tuple[Subscriber, set[str], set[str]]]:
    subscribers = Subscriber.objects.filter(pk__in=ids).prefetch_related("programmes", "themes")
    return {
        subscriber.pk: (
            subscriber,
            {programme.slug for programme in subscriber.programmes.all()},
            {theme.slug for theme in subscriber.themes.all()},
        )
        for subscriber in subscribers
    }


def _claim(delivery_id: int) -> bool:
    return bool(Delivery.objects.filter(pk=delivery_id, status=D.PENDING).update(status=D.SENDING, claimed_at=timezone.now()))


def edition_send_batch(*, edition_id: int, limit: int = BATCH_SIZE) -> int:
    """Mail up to `limit` pending deliveries of the edition. Returns how many mails went out."""
    edition = Edition.objects.filter(pk=edition_id, status=Edition.Status.SENDING).first()
    if edition is None:
        return 0
    _resolve_interrupted(edition)
    messages = mails.EditionMessages(edition, list(edition.items.all()))
    sent = handled = 0
    connection = get_connection()
    try:
        while handled < limit:
            rows = _reserve(edition, min(CHUNK, limit - handled))
            if not rows:
                break
            people = _subscribers([subscriber_id for _pk, subscriber_id in rows])
            for delivery_id, subscriber_id in rows:
                handled += 1
                sent += _deliver(messages, delivery_id, people.get(subscriber_id), connection)
    finally:
        connection.close()
    _finish_if_done(edition)
    return sent


def _deliver(messages: "mails.EditionMessages", delivery_id: int, person, connection) -> int:
    message = messages.message(*person) if person is not None else None
    if message is None:  # unsubscribed (or deleted) since the send started
        Delivery.objects.filter(pk=delivery_id, status=D.PENDING).update(status=D.SKIPPED)
        return 0
    if not _claim(delivery_id):
        return 0  # another worker took this one
    message.connection = connection
    message.send()
    Delivery.objects.filter(pk=delivery_id).update(status=D.SENT, sent_at=timezone.now())
    return 1


def _finish_if_done(edition: Edition) -> None:
    if edition.deliveries.filter(status__in=[D.PENDING, D.SENDING]).exists():
        return
    if Edition.objects.filter(pk=edition.pk, status=Edition.Status.SENDING).update(
        status=Edition.Status.SENT, sent_at=timezone.now()
    ):
        content_changed()  # the edition appears in the public archive


def edition_progress(edition: Edition) -> dict:
    counts = dict(edition.deliveries.values_list("status").annotate(n=Count("pk")).order_by())
    total = sum(counts.values())
    done = counts.get(D.SENT, 0)
    return {
        "total": total,
        "sent": done,
        "skipped": counts.get(D.SKIPPED, 0),
        "interrupted": counts.get(D.INTERRUPTED, 0),
        "waiting": counts.get(D.PENDING, 0) + counts.get(D.SENDING, 0),
        "percent": round(100 * (total - counts.get(D.PENDING, 0) - counts.get(D.SENDING, 0)) / total) if total else 100,
    }


def editions_send_due(*, now: datetime.datetime | None = None) -> int:
    """Every minute: start scheduled editions whose time came; tidy up sends whose workers died."""
    now = now or timezone.now()
    started = 0
    for edition_id in Edition.objects.filter(status=Edition.Status.SCHEDULED, scheduled_at__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            edition = Edition.objects.select_for_update().get(pk=edition_id)
            if edition.status == Edition.Status.SCHEDULED:
                _start(edition)
                started += 1
    for edition in Edition.objects.filter(status=Edition.Status.SENDING):
        _resolve_interrupted(edition)
        _finish_if_done(edition)
    return started


@shared_task
def edition_send_batch_task(*, edition_id: int) -> int:
    return edition_send_batch(edition_id=edition_id)


@shared_task
def editions_send_due_task() -> int:
    return editions_send_due()
