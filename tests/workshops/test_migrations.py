"""Migration 0003 replaces each plain evaluation token by its hash, so links already mailed keep working."""

import datetime
import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("workshops", "0002_load_workshops")]
AFTER = [("workshops", "0003_evaluation_token_hash_and_submission_key")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_evaluation_tokens_are_replaced_by_their_hash(griffier):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    workshop_request = old.get_model("workshops", "WorkshopRequest").objects.create(
        municipality_id=griffier.municipality_id,
        requested_by_id=griffier.pk,
        training_need="-",
        participants=10,
        preferred_periods="-",
        location="-",
    )
    proposal = old.get_model("workshops", "Proposal").objects.create(
        request=workshop_request, created_by_id=griffier.pk
    )
    now = timezone.now()
    session = old.get_model("workshops", "Session").objects.create(
        proposal=proposal,
        workshop=old.get_model("workshops", "Workshop").objects.first(),
        starts_at=now,
        ends_at=now + datetime.timedelta(hours=2),
        place="Raadzaal",
        evaluation_token="een-oude-token-uit-een-verstuurde-mail",
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from workshops.models import Session
    from workshops.permissions import get_session_by_token

    stored = Session.objects.get(pk=session.pk)
    assert stored.evaluation_token_hash == hashlib.sha256(b"een-oude-token-uit-een-verstuurde-mail").hexdigest()
    assert "een-oude-token" not in repr(Session.objects.filter(pk=session.pk).values().get())
    assert get_session_by_token("een-oude-token-uit-een-verstuurde-mail") == stored
