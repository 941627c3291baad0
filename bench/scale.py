"""Scale on paper: what one gunicorn worker process and one Celery worker process can carry here.

1. web_workers    requests/s of a mid-weight page (home) and of /health/ with gunicorn at 1, 2 and 3 sync
                  workers (3 is the Dockerfile's default), wrk -t2 -c8, median of 3 runs.
2. mail_jobs      jobs/s of one `celery worker` process at --concurrency 1 and 2 (2 is the compose
                  default): mail jobs queued through portal.mail.email_enqueue (one Job row each, as every
                  mail is sent) and sent by Django's file backend, from the commit to the last job done.

The file backend costs what sending costs inside the worker (the job row, rendering the message,
writing it); a real SMTP relay adds its round trip per message on top, which the paper adds by hand.
Jobs and mail files made here are removed afterwards. Redis: the broker on BENCH_REDIS_URL (database 6,
emptied first: only this suite and the stack check use it).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .report import emit
from .server import ROOT, bench_env, ensure_database, gunicorn, load_line, setup_django
from .wrk import ensure_wrk, wrk

PAGE = "/"
RUNS, SECONDS = 3, 3
MAIL_JOBS = 400


def run() -> None:
    ensure_wrk()
    print(f"bench scale: {load_line()}", file=sys.stderr, flush=True)
    env = bench_env(redis=True)
    if "REDIS_URL" not in env:
        raise RuntimeError("the scale suite needs Redis (BENCH_REDIS_URL) as the Celery broker")
    ensure_database(env)
    _web_workers(env)
    _mail_jobs(env)


def _median_rps(port: int, path: str) -> tuple[float, list[float]]:
    url = f"http://127.0.0.1:{port}{path}"
    wrk(url, seconds=1)  # warm every worker up
    values = [wrk(url, seconds=SECONDS).rps for _ in range(RUNS)]
    return statistics.median(values), values


def _web_workers(env: dict[str, str]) -> None:
    for workers in (1, 2, 3):
        with gunicorn(env, workers=workers) as port:
            page, page_runs = _median_rps(port, PAGE)
            health, health_runs = _median_rps(port, "/health/")
        for path, median, runs in ((PAGE, page, page_runs), ("/health/", health, health_runs)):
            emit(
                "web_workers",
                "requests_per_second",
                median,
                "req/s",
                path=path,
                workers=workers,
                per_worker=round(median / workers, 1),
                min=round(min(runs), 1),
                max=round(max(runs), 1),
                load="wrk -t2 -c8 on the same 2 cores",
            )


def _mail_jobs(env: dict[str, str]) -> None:
    import redis

    mail_dir = Path(tempfile.mkdtemp(prefix="portal-bench-mail-"))
    worker_env = {**env, "EMAIL_FILE_PATH": str(mail_dir), "LOG_LEVEL": "WARNING"}
    setup_django(worker_env)
    from django.db import transaction

    from portal.models import Job

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # no stale messages from an interrupted run
    try:
        for concurrency in (1, 2):
            log = mail_dir / f"worker-{concurrency}.log"
            with log.open("w") as output:
                worker = subprocess.Popen(
                    [sys.executable, "-m", "celery", "-A", "portal", "worker", "--loglevel=INFO",
                     f"--concurrency={concurrency}", "-n", f"bench-scale-{concurrency}@%h",
                     "--without-mingle", "--without-gossip"],
                    cwd=ROOT, env=worker_env, stdout=output, stderr=subprocess.STDOUT,
                )
            ids: list[int] = []
            try:
                deadline = time.monotonic() + 60
                while " ready." not in log.read_text() and time.monotonic() < deadline:
                    if worker.poll() is not None:
                        raise RuntimeError(f"the Celery worker stopped:\n{log.read_text()[-2000:]}")
                    time.sleep(0.2)
                warm = _enqueue(20)  # the pool processes load templates and connections first
                ids += warm
                _wait_done(warm)
                with transaction.atomic():
                    enqueuing = time.perf_counter()
                    batch = _enqueue(MAIL_JOBS)
                    ids += batch
                    started = time.perf_counter()  # the commit dispatches them; the worker starts at once
                dispatched = time.perf_counter()
                elapsed = _wait_done(batch, since=started)
                jobs = Job.objects.filter(pk__in=batch)
                done = jobs.filter(state=Job.State.DONE).count()
                once = jobs.filter(state=Job.State.DONE, attempts=1).count()
            finally:
                worker.terminate()
                worker.wait(timeout=30)
                Job.objects.filter(pk__in=ids).delete()
            emit(
                "mail_jobs",
                "jobs_per_second",
                done / elapsed,
                "jobs/s",
                worker_processes=1,
                concurrency=concurrency,
                jobs=len(batch),
                done=done,
                done_after_one_attempt=once,
                seconds=round(elapsed, 2),
                ms_per_job_per_pool_process=round(elapsed / max(done, 1) * concurrency * 1000, 1),
                enqueue_per_second=round(len(batch) / (started - enqueuing), 1),  # render + Job row, one process
                dispatch_per_second=round(len(batch) / (dispatched - started), 1),  # commit + publish to Redis
                backend="django file backend (no SMTP round trip)",
            )
    finally:
        shutil.rmtree(mail_dir, ignore_errors=True)


def _enqueue(count: int) -> list[int]:
    """`count` mail jobs, as a newsletter would queue them: one Job (and one message) per reader."""
    from django.db import transaction

    from portal.mail import email_enqueue

    with transaction.atomic():
        return [
            email_enqueue(
                to=[f"lezer{number}@example.nl"],
                template="griffier_role_requested",
                context={"user": "Lezer", "municipality": "Zwolle", "role": None,
                         "url": "https://lokaledemocratie.example.nl/"},
                language="nl",
            ).pk
            for number in range(count)
        ]


def _wait_done(ids: list[int], *, since: float | None = None, seconds: float = 300) -> float:
    """Seconds from `since` (default: now) until every job of `ids` is done."""
    from portal.models import Job

    started = time.perf_counter() if since is None else since
    while Job.objects.filter(pk__in=ids, state=Job.State.DONE).count() < len(ids):
        if time.perf_counter() - started > seconds:
            break
        time.sleep(0.05)
    return time.perf_counter() - started
