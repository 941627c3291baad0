"""Two posts of the same evaluation form at the same moment give one evaluation (PostgreSQL, threads).

The check "is there already an evaluation with this form key?" and the insert are two statements: two
posts can both pass the check. The unique constraint on `submission_key` is what makes the second insert
fail (and the service then returns the first row). The control run drops that constraint for a moment
and shows that the same race then writes two rows, so the test would notice if the constraint went.
Skipped on SQLite (it serialises writers); CI runs it on PostgreSQL.
"""

import datetime
import os
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection, models

from tests.workshops.factories import WorkshopRequestFactory, planned_session
from workshops import services
from workshops.models import Evaluation, WorkshopRequest

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def postgresql():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        if os.environ.get("PORTAL_REQUIRE_SERVICES") == "1":
            pytest.fail("PORTAL_REQUIRE_SERVICES=1 but DATABASE_URL does not point at PostgreSQL")
        pytest.skip("race tests need PostgreSQL")


@pytest.fixture
def held_session(griffier):
    workshop_request = WorkshopRequestFactory(requested_by=griffier)
    session = planned_session(workshop_request=workshop_request, starts_in=-datetime.timedelta(hours=5))
    WorkshopRequest.objects.filter(pk=workshop_request.pk).update(status=WorkshopRequest.Status.HELD)
    return session


def _race(session, monkeypatch) -> list[bool]:
    """Both threads pass the "already there?" check before either inserts, then both insert."""
    barrier = threading.Barrier(2)
    create = Evaluation.objects.create

    def create_after_both_checked(**kwargs):
        barrier.wait(timeout=10)
        time.sleep(0.05)
        return create(**kwargs)

    monkeypatch.setattr(Evaluation.objects, "create", create_after_both_checked)
    key = uuid.uuid4()

    def submit() -> bool:
        try:
            return services.evaluation_submit(session=session, rating=4, submission_key=key)[1]
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(submit) for _ in range(2)]
        return sorted(future.result(timeout=30) for future in futures)


def test_the_same_form_posted_twice_at_once_gives_one_evaluation(held_session, monkeypatch):
    created = _race(held_session, monkeypatch)

    assert created == [False, True]
    assert Evaluation.objects.count() == 1


def test_control_without_the_unique_key_the_same_race_writes_two_rows(held_session, monkeypatch):
    old_field = Evaluation._meta.get_field("submission_key")
    new_field = models.UUIDField(null=True, blank=True, editable=False)
    new_field.set_attributes_from_name("submission_key")
    new_field.model = Evaluation
    with connection.schema_editor() as editor:
        editor.alter_field(Evaluation, old_field, new_field)
    try:
        created = _race(held_session, monkeypatch)
    finally:
        with connection.schema_editor() as editor:
            Evaluation.objects.all().delete()
            editor.alter_field(Evaluation, new_field, old_field)

    assert created == [True, True]
