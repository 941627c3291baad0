"""Invitees' e-mail addresses are kept no longer than needed (issue 7 point 11)."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from quickscan.models import Invitation, Scan
from quickscan.reports import monitor_rows
from quickscan.services import invitation_addresses_forget_task

from .factories import ClosedScanFactory, ScanFactory, invite

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_addresses_are_deleted_a_set_time_after_closing_and_the_counts_stay(settings):
    settings.PORTAL_INVITATION_RETENTION_DAYS = 30
    old = ClosedScanFactory(closed_at=_days_ago(31))
    recent = ClosedScanFactory(closed_at=_days_ago(29))
    running = ScanFactory()
    for scan in (old, recent, running):
        done, _token = invite(scan, "raad")
        Invitation.objects.filter(pk=done.pk).update(started=True, used_at=timezone.localdate())
        invite(scan, "college")
    counts_before = monitor_rows(old)

    deleted = invitation_addresses_forget_task()

    assert deleted == 2
    assert set(old.invitations.values_list("email", "token_hash")) == {("", "")}
    assert all(email for email in recent.invitations.values_list("email", flat=True))
    assert all(email for email in running.invitations.values_list("email", flat=True))
    assert monitor_rows(old) == counts_before
    assert invitation_addresses_forget_task() == 0  # nothing left to do the second time


def test_the_retention_period_is_a_setting(settings):
    settings.PORTAL_INVITATION_RETENTION_DAYS = 7
    scan = ClosedScanFactory(closed_at=_days_ago(8))
    invite(scan)

    assert invitation_addresses_forget_task() == 1


def test_a_closed_scan_without_a_closing_time_counts_from_its_closing_date(settings):
    settings.PORTAL_INVITATION_RETENTION_DAYS = 30
    scan = ClosedScanFactory(
        closed_at=None,
        opens_on=timezone.localdate() - datetime.timedelta(days=60),
        closes_on=timezone.localdate() - datetime.timedelta(days=40),
    )
    invite(scan)

    assert invitation_addresses_forget_task() == 1


def test_the_task_runs_periodically_by_its_name():
    from celery import current_app

    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert invitation_addresses_forget_task.name in names
    assert invitation_addresses_forget_task.name in current_app.tasks


def test_the_terms_and_the_scan_page_name_the_retention(client, griffier, municipality, settings):
    settings.PORTAL_INVITATION_RETENTION_DAYS = 30
    from django.urls import reverse

    scan = ClosedScanFactory(closed_at=_days_ago(1))
    client.force_login(griffier)

    terms = client.get(reverse("quickscan:agreement", kwargs={"slug": municipality.slug}))
    page = client.get(reverse("quickscan:scan_detail", kwargs={"pk": scan.pk}))

    assert "30" in terms.content.decode()
    assert 'id="addresses-deleted"' in page.content.decode()
    assert Scan.objects.get(pk=scan.pk).status == Scan.Status.CLOSED
