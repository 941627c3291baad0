"""Serve the portal with gunicorn on PostgreSQL under production settings, with the demo data, for benchmarks."""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://portal:portal@127.0.0.1:5432/portal_bench"
# Redis database numbers kept apart from the test suite (0/1) and from colleagues on a shared machine.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/6"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/7"
DEMO_PASSWORD = "demo-wachtwoord-2026"  # portal/management/commands/seed_demo.py, README
DEMO_DOMAIN = "demo.lokaledemocratie.example.nl"


def bench_env(*, redis: bool = False) -> dict[str, str]:
    """Production settings on loopback: DEBUG off, PostgreSQL, plain HTTP.

    With `redis`, the cache is Redis as in production (docker-compose sets REDIS_URL), so fragment
    caches are shared by the gunicorn workers; without it each worker has its own local-memory cache
    and tasks run in-process.
    """
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": env.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL,
            "STATIC_ROOT": env.get("BENCH_STATIC_ROOT") or str(Path(tempfile.gettempdir()) / "portal-bench-static"),
            "LOG_LEVEL": "WARNING",
        }
    )
    env.pop("REDIS_URL", None)
    env.pop("CACHE_URL", None)
    env.pop("EMAIL_HOST", None)
    if redis and redis_answers(env.get("BENCH_REDIS_URL") or DEFAULT_REDIS_URL):
        env["REDIS_URL"] = env.get("BENCH_REDIS_URL") or DEFAULT_REDIS_URL
        env["CACHE_URL"] = env.get("BENCH_CACHE_URL") or DEFAULT_CACHE_URL
    return env


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def create_database(url: str, *, reset: bool = False) -> None:
    """Create the database of `url` if it is missing (the role needs CREATEDB); with `reset`, drop it first."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        if reset:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        with contextlib.suppress(psycopg.errors.DuplicateDatabase):
            connection.execute(f'CREATE DATABASE "{name}"')


def ensure_database(env: dict[str, str]) -> None:
    """Create and migrate the benchmark database, collect static files, and load the demo data.

    Static files come first: seeding renders a demo PDF, which needs the production manifest.
    `seed_demo` refuses DJANGO_DEBUG=0 unless forced; forcing is right here, because the benchmark
    database holds nothing but demo data and the command is idempotent. Its background work runs
    in-process (the seeding environment has no broker), so no job is left for a worker.
    """
    create_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    seeding = {key: value for key, value in env.items() if key not in {"REDIS_URL", "CACHE_URL"}}
    manage(seeding, "seed_demo", "--force")


def setup_django(env: dict[str, str]) -> None:
    """Set up Django in this process on the benchmark database, with the same settings as the server."""
    import django
    from django.apps import apps

    if apps.ready:
        from django.db import connection

        if connection.settings_dict["NAME"] != env["DATABASE_URL"].rsplit("/", 1)[1]:
            raise RuntimeError("Django is already set up on another database than the benchmark one")
        return
    for name in set(os.environ) - set(env):
        del os.environ[name]
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(port: int, *, seconds: float = 30, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server stopped with exit code {process.returncode}")
        with contextlib.suppress(OSError):
            if get(port, "/health/")[0] == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /health/ within {seconds:.0f} s")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2) -> Iterator[int]:
    """gunicorn as the Dockerfile starts it (sync workers), on a free loopback port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        wait_for_health(port, process=process)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Language": "nl", **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def load_line() -> str:
    """The machine's load when a suite starts: on a shared machine it explains slow or scattered figures."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}, nproc {len(os.sched_getaffinity(0))}"
