"""Sending an edition: one delivery row per subscriber, sections by preference, one-click unsubscribe
headers, and a send that resumes after a crash without mailing anybody twice."""

import datetime
import threading
from collections import Counter

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from newsletter import sending
from newsletter.models import Delivery, Edition, Subscriber
from portal.models import Job
from tests.newsletter.factories import edition, subscriber, subscribers
from tests.publications.pg import needs_postgresql, postgresql  # noqa: F401 (fixture)

D = Delivery.Status


def _send(item, actor, capture, **kwargs):
    with capture(execute=True):
        sending.edition_send(edition=item, actor=actor, **kwargs)


@pytest.mark.django_db
def test_sending_mails_every_confirmed_subscriber_once(editor, django_capture_on_commit_callbacks):
    everyone = [subscriber() for _ in range(4)]
    subscriber(status=Subscriber.Status.PENDING)
    subscriber(status=Subscriber.Status.UNSUBSCRIBED)
    item = edition()

    _send(item, editor, django_capture_on_commit_callbacks)

    item.refresh_from_db()
    assert item.status == Edition.Status.SENT and item.recipients == 4 and item.sent_at and item.sent_by == editor
    assert sorted(message.to[0] for message in mail.outbox) == sorted(s.email for s in everyone)
    assert set(item.deliveries.values_list("status", flat=True)) == {D.SENT}
    assert sending.edition_progress(item)["percent"] == 100


@pytest.mark.django_db
def test_each_subscriber_gets_only_the_sections_they_chose(editor, django_capture_on_commit_callbacks):
    everything = subscriber(email="alles@example.nl")
    participation = subscriber(email="participatie@example.nl", themes=["participatie"])
    programme = subscriber(email="dia@example.nl", programmes=["democratie-in-actie"])
    item = edition()

    _send(item, editor, django_capture_on_commit_callbacks)

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert all(title in bodies[everything.email] for title in ("Nieuws over de raad", "Handreiking participatie", "Regiobijeenkomst"))
    assert "Handreiking participatie" in bodies[participation.email]
    assert "Nieuws over de raad" not in bodies[participation.email]
    assert "Nieuws over de raad" in bodies[programme.email] and "Handreiking participatie" not in bodies[programme.email]
    for email in (participation.email, programme.email):  # text blocks and untagged items go to everyone
        assert "VAN DE REDACTIE" in bodies[email] and "Regiobijeenkomst" in bodies[email]
        assert "weggelaten vanwege uw voorkeuren" in bodies[email]


@pytest.mark.django_db
def test_every_mail_carries_a_one_click_unsubscribe_that_works(editor, django_capture_on_commit_callbacks):
    person = subscriber()
    _send(edition(), editor, django_capture_on_commit_callbacks)
    message = mail.outbox[0]

    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header.startswith("<http://127.0.0.1:8000/nieuwsbrief/afmelden/") and header.endswith("/>")
    assert header[1:-1] in message.body and "/nieuwsbrief/instellingen/" in message.body

    path = header[1:-1].removeprefix("http://127.0.0.1:8000")
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db
def test_a_subscriber_reads_it_in_their_language(editor, django_capture_on_commit_callbacks):
    subscriber(language="en")
    item = edition(title_en="Autumn newsletter")

    _send(item, editor, django_capture_on_commit_callbacks)

    assert mail.outbox[0].subject == "Autumn newsletter"
    assert "Unsubscribe:" in mail.outbox[0].body


@pytest.mark.django_db
def test_an_empty_edition_is_not_sent(editor):
    with pytest.raises(ValidationError) as error:
        sending.edition_send(edition=edition(items=False), actor=editor)

    assert error.value.code == "empty"


@pytest.mark.django_db
def test_an_edition_is_sent_once(editor, django_capture_on_commit_callbacks):
    subscriber()
    item = edition()
    _send(item, editor, django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError):
        sending.edition_send(edition=item, actor=editor)
    assert sending.edition_send_batch(edition_id=item.pk) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_scheduled_edition_starts_when_its_time_comes(editor, django_capture_on_commit_callbacks):
    subscriber()
    item = edition()
    moment = timezone.now() + datetime.timedelta(hours=2)
    sending.edition_send(edition=item, actor=editor, at=moment)
    item.refresh_from_db()
    assert item.status == Edition.Status.SCHEDULED and not item.deliveries.exists()

    with django_capture_on_commit_callbacks(execute=True):
        sending.editions_send_due_task()
        assert sending.editions_send_due(now=moment + datetime.timedelta(minutes=1)) == 1

    item.refresh_from_db()
    assert item.status == Edition.Status.SENT and len(mail.outbox) == 1


@pytest.mark.django_db
def test_someone_who_unsubscribes_during_the_send_is_skipped(editor):
    stays, leaves = subscriber(), subscriber()
    item = edition()
    sending.edition_send(edition=item, actor=editor)  # the batch jobs wait for the commit that never comes here
    Subscriber.objects.filter(pk=leaves.pk).update(status=Subscriber.Status.UNSUBSCRIBED)

    sending.edition_send_batch(edition_id=item.pk)

    assert [message.to for message in mail.outbox] == [[stays.email]]
    assert item.deliveries.get(subscriber=leaves).status == D.SKIPPED


@pytest.mark.django_db
def test_a_send_killed_halfway_resumes_and_mails_nobody_twice(editor, django_capture_on_commit_callbacks):
    subscribers(30)
    item = edition()
    sending.edition_send(edition=item, actor=editor)
    assert Job.objects.filter(task=sending.edition_send_batch_task.name).count() == 1
    sending.edition_send_batch(edition_id=item.pk, limit=12)  # the worker got this far ...
    rows = list(item.deliveries.filter(status=D.PENDING).order_by("pk").values_list("pk", flat=True))
    # ... then died: it had reserved a chunk, and one mail was on its way when the process was killed.
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    Delivery.objects.filter(pk__in=rows[:10]).update(claimed_at=timezone.now())
    Delivery.objects.filter(pk=rows[0]).update(status=D.SENDING, claimed_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        pending = sending.edition_send_resume(edition=item)

    item.refresh_from_db()
    counts = Counter(message.to[0] for message in mail.outbox)
    assert pending == 17
    assert max(counts.values()) == 1 and len(counts) == 29
    assert item.deliveries.count() == 30
    assert Counter(item.deliveries.values_list("status", flat=True)) == {D.SENT: 29, D.INTERRUPTED: 1}
    interrupted = item.deliveries.get(status=D.INTERRUPTED).subscriber.email
    assert interrupted not in counts  # not sent again: we cannot know whether its mail left
    assert item.status == Edition.Status.SENT
    progress = sending.edition_progress(item)
    assert (progress["sent"], progress["interrupted"], progress["total"]) == (29, 1, 30)


@pytest.mark.django_db
def test_the_staff_page_polls_the_progress_while_sending(client, editor):
    subscriber()
    item = edition()
    sending.edition_send(edition=item, actor=editor)
    client.force_login(editor)

    response = client.get(reverse("newsletter:staff_progress", args=[item.pk]))

    assert response.status_code == 200
    assert b'hx-trigger="every 2s"' in response.content
    assert b"0 van 1 verstuurd" in response.content


@pytest.mark.django_db
def test_starting_a_send_for_10000_subscribers_writes_rows_in_bulk(editor, django_assert_max_num_queries):
    subscribers(10_000)
    item = edition()

    # Bulk inserts (5,000 rows a statement on PostgreSQL; SQLite's variable limit makes its batches smaller),
    # plus one job per 500 mails.
    with django_assert_max_num_queries(100):
        sending.edition_send(edition=item, actor=editor)

    assert item.deliveries.count() == 10_000
    assert Job.objects.filter(task=sending.edition_send_batch_task.name).count() == 20


# ---------- concurrency on PostgreSQL ----------


def _run_batches_in_threads(edition_id: int, workers: int) -> None:
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            sending.edition_send_batch(edition_id=edition_id, limit=10_000)
        except BaseException as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


@needs_postgresql
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_parallel_workers_never_mail_anyone_twice(editor, monkeypatch):
    monkeypatch.setattr(sending, "job_enqueue", lambda **kwargs: None)  # the threads below are the workers
    subscribers(300)
    item = edition()
    sending.edition_send(edition=item, actor=editor)

    _run_batches_in_threads(item.pk, workers=4)

    counts = Counter(message.to[0] for message in mail.outbox)
    assert len(counts) == 300 and max(counts.values()) == 1
    assert Edition.objects.get(pk=item.pk).status == Edition.Status.SENT


@needs_postgresql
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_control_without_reservation_and_claim_parallel_workers_do_mail_twice(editor, monkeypatch):
    monkeypatch.setattr(sending, "job_enqueue", lambda **kwargs: None)
    subscribers(300)
    item = edition()
    sending.edition_send(edition=item, actor=editor)

    def reserve_without_lock(edition, count=100):
        return list(
            Delivery.objects.filter(edition=edition, status=D.PENDING).order_by("pk").values_list("pk", "subscriber_id")[:count]
        )

    monkeypatch.setattr(sending, "_reserve", reserve_without_lock)
    monkeypatch.setattr(sending, "_claim", lambda delivery_id: True)

    _run_batches_in_threads(item.pk, workers=4)

    counts = Counter(message.to[0] for message in mail.outbox)
    assert max(counts.values()) > 1, "the control run must show the race the claim prevents"
    assert connection.vendor == "postgresql"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_send_mails_exactly_what_the_kind_of_mail_renders(language):
    from django.utils import translation

    from newsletter import mails

    person = subscriber(themes=["participatie"], language=language)
    item = edition(title_en="Autumn")
    # The links are signed with a timestamp in seconds: both renders must see the same second.
    with time_machine.travel(timezone.now(), tick=False):
        with translation.override(language):
            expected = mails.edition_mail.message(to=person.email, ids={"edition_id": item.pk, "subscriber_id": person.pk})

        batch = mails.EditionMessages(item, list(item.items.all()))
        actual = batch.message(person, set(), {"participatie"})

    assert (actual.subject, actual.body, actual.to) == (expected.subject, expected.body, expected.to)
    assert actual.alternatives[0][0] == expected.alternatives[0][0]
    assert actual.extra_headers == expected.extra_headers
