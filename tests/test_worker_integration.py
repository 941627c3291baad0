"""A real Celery worker against PostgreSQL and Redis: a Job enqueued here is carried out over there.

Runs when DATABASE_URL points at PostgreSQL and REDIS_URL is set. Without them the test is skipped,
unless PORTAL_REQUIRE_SERVICES=1 (CI), where a missing service is a failure.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import transaction

from portal import mails
from portal.celery import app as celery_app
from portal.mail import email_enqueue
from portal.models import GriffierRole, Job, Municipality
from tests.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent
WORKER_TIMEOUT_SECONDS = 60


def _services_problem() -> str | None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return "DATABASE_URL does not point at PostgreSQL"
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        return "REDIS_URL is not set"
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis at {redis_url} does not answer: {error}"
    return None


@pytest.fixture
def services():
    problem = _services_problem()
    if problem:
        if os.environ.get("PORTAL_REQUIRE_SERVICES") == "1":
            pytest.fail(f"PORTAL_REQUIRE_SERVICES=1 but {problem}")
        pytest.skip(problem)


def _test_database_url() -> str:
    """The database pytest-django created for this run (test_<name>), as a URL for the worker."""
    db = settings.DATABASES["default"]
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


def _worker_env() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CELERY_TASK_ALWAYS_EAGER", "EMAIL_HOST", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(DATABASE_URL=_test_database_url(), REDIS_URL=os.environ["REDIS_URL"], PYTHONUNBUFFERED="1")
    return env


@pytest.fixture
def not_eager():
    """This test publishes to the real broker, unlike every other test."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture
def worker(services, tmp_path):
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                "celery",
                "--loglevel=INFO",
                "--without-mingle",
                "--without-gossip",
                "--hostname",
                f"integration-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=BASE_DIR,
            env=_worker_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process, log_path
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def _a_municipality() -> Municipality:
    """Transactional tests may run after a flush that removed the migration's municipalities."""
    from portal.models import Province, Region

    province, _ = Province.objects.get_or_create(code="PV99", defaults={"name": "Testprovincie"})
    region, _ = Region.objects.get_or_create(slug="testregio", defaults={"name": "Testregio"})
    municipality, _ = Municipality.objects.get_or_create(
        code="GM9999", defaults={"name": "Amsterdam", "slug": "test-amsterdam", "province": province, "region": region}
    )
    return municipality


@pytest.mark.services
# serialized_rollback: its flush then leaves no rows behind that a later restoring test would clash with
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_carries_out_a_job_through_redis_and_postgresql(worker, not_eager):
    process, log_path = worker
    member = UserFactory(first_name="Integratietest", last_name=uuid.uuid4().hex[:8])
    role = GriffierRole.objects.create(user=member, municipality=_a_municipality())
    subject = f"Integratietest {member.last_name}"

    with transaction.atomic():
        job = email_enqueue(
            kind=mails.griffier_role_requested, to=["griffie@example.nl"], language="nl", role_id=role.pk
        )
        assert Job.objects.get(pk=job.pk).state == Job.State.PENDING  # nothing runs before the commit

    deadline = time.monotonic() + WORKER_TIMEOUT_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        job.refresh_from_db()
        if job.state in {Job.State.DONE, Job.State.FAILED}:
            break
        time.sleep(0.25)

    log = log_path.read_text()
    assert process.poll() is None, f"the worker stopped:\n{log}"
    assert job.state == Job.State.DONE, f"job is {job.state} after {WORKER_TIMEOUT_SECONDS} s:\n{log}"
    assert job.attempts == 1
    assert job.done_at is not None
    # The console mail backend wrote the message in the worker's output.
    deadline = time.monotonic() + 5
    while subject not in log and time.monotonic() < deadline:
        time.sleep(0.1)
        log = log_path.read_text()
    assert f"Subject: Nieuwe griffieraanvraag: {subject} voor Amsterdam" in log, log
