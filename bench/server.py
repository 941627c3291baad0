"""Serve the portal with gunicorn on PostgreSQL for benchmarks, and load it from this process."""

import contextlib
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://portal:portal@127.0.0.1:5432/portal_bench"


def bench_env() -> dict[str, str]:
    """Production settings on loopback: DEBUG off, PostgreSQL, plain HTTP."""
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
    env.pop("REDIS_URL", None)  # no broker needed to serve pages
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def ensure_database(env: dict[str, str]) -> None:
    """Create the benchmark database if it is missing (the role needs CREATEDB), then migrate."""
    import psycopg

    url = env["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with contextlib.suppress(psycopg.errors.DuplicateDatabase), psycopg.connect(
        url.rsplit("/", 1)[0] + "/postgres", autocommit=True
    ) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2) -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if get(port, "/health/")[0] == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not come up within 30 s")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(port: int, path: str, connection: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept-Language": "nl"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


def load(port: int, path: str, *, requests: int = 600, threads: int = 4) -> dict[str, float]:
    """Send `requests` GETs from `threads` keep-alive clients; return requests/s and latency percentiles."""
    get(port, path)  # warm up
    per_thread = requests // threads
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        bad = 0
        for _ in range(per_thread):
            start = time.perf_counter()
            status, _body = get(port, path, connection)
            mine.append(time.perf_counter() - start)
            bad += status != 200
        connection.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "errors": errors,
    }
