"""Events: the Dag van de Lokale Democratie burst, and the agenda pages beside a trivial view.

1. registration_burst  700 members register for one event with fewer places, over HTTP, against gunicorn
                       (2 workers, production settings, PostgreSQL), driven by wrk with a Lua script: 50
                       connections, every request a different member with a pre-made session cookie.
                       Aims: total < 30 s, 0 errors, confirmed == capacity exactly, the rest waiting.
2. page ratios         /agenda/ and an event page as requests/s relative to /health/, measured with wrk in
                       the same run, three rounds, median ratio. Aim >= 0.30.

Self-contained: `python -m bench events`. Database: BENCH_EVENTS_DATABASE_URL (default
postgres://portal:portal@127.0.0.1:5432/portal_bench_events, created if missing). Mail jobs go to the Redis
broker at BENCH_EVENTS_REDIS_URL (default redis://127.0.0.1:6379/12) and are not run (no worker here: in
production a worker sends them); that Redis database is emptied at the end, and so are the bench rows.
"""

import contextlib
import datetime
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from .server import bench_env, ensure_database

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = "postgres://portal:portal@127.0.0.1:5432/portal_bench_events"
REDIS_URL = "redis://127.0.0.1:6379/12"
MEMBERS = 700
CAPACITY = 640
SESSION_CAPACITY = 250  # 6 sessions in 2 rounds: every member's choice fits, so no request fails on a full session
CONNECTIONS = 50
WRK_THREADS = 2
BURST_TIMEOUT = 180
STALL_SECONDS = 5
PAGE_SECONDS = 5
PAGE_ROUNDS = 3
PAGE_EVENTS = 30
MARK = "[bench] "
EMAIL_DOMAIN = "bench-events.invalid"
SLUG = "bench-dag-van-de-lokale-democratie"

LUA = r"""
-- One POST per member line ("sessionid csrftoken session1 session2"); each wrk thread takes every n-th line.
local counter = 1
local threads = {}

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  local nthreads = tonumber(args[2])
  path, donefile = args[3], args[4] .. "/done-" .. id
  mine, sent, received, errors, finished, checked = {}, 0, 0, 0, false, false
  local index = 0
  for line in io.lines(args[1]) do
    if (index % nthreads) + 1 == id then table.insert(mine, line) end
    index = index + 1
  end
end

function delay()
  if sent < #mine then return 0 end
  return 2000  -- this thread has sent everything: keep its idle connections quiet
end

function request()
  if not checked then
    -- wrk calls request() once on the first thread to check the script before any connection is made:
    -- answer without using up a member, or that member would never be sent.
    checked = true
    if id == 1 then return wrk.format("GET", "/health/") end
  end
  if sent < #mine then
    sent = sent + 1
    local session, csrf, first, second = mine[sent]:match("(%S+) (%S+) (%S+) (%S+)")
    return wrk.format("POST", path, {
      ["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. csrf,
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Accept-Language"] = "nl",
    }, "csrfmiddlewaretoken=" .. csrf .. "&slot_1=" .. first .. "&slot_2=" .. second)
  end
  return wrk.format("GET", "/health/")
end

function response(status, headers, body)
  local kind = headers["Content-Type"] or ""
  if status == 200 and kind:find("text/plain", 1, true) then return end  -- an idle connection's /health/
  received = received + 1
  if status ~= 302 then errors = errors + 1 end
  if received >= #mine and not finished then
    finished = true
    local file = io.open(donefile, "w")
    file:write(received .. " " .. errors)
    file:close()
  end
end
"""


def emit(metric: str, value: float, unit: str, **extra) -> None:
    print(json.dumps({"bench": "events", "metric": metric, "value": round(value, 4), "unit": unit, **extra}), flush=True)


def run() -> None:
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: apt-get install -y wrk")
    env = bench_env()
    env["DATABASE_URL"] = os.environ.get("BENCH_EVENTS_DATABASE_URL") or DATABASE_URL
    env["STATIC_ROOT"] = os.environ.get("BENCH_EVENTS_STATIC_ROOT") or str(Path(tempfile.gettempdir()) / "portal-bench-events-static")
    env["REDIS_URL"] = os.environ.get("BENCH_EVENTS_REDIS_URL") or REDIS_URL
    env["CACHE_URL"] = env["REDIS_URL"].rsplit("/", 1)[0] + "/" + str(int(env["REDIS_URL"].rsplit("/", 1)[1]) + 1)
    ensure_database(env)
    _setup_django(env)
    _cleanup(env)
    emit("load_average_1m", os.getloadavg()[0], "load", cpus=os.cpu_count(), aim="context: other work on the machine")
    try:
        event, lines = _prepare()
        with _gunicorn(env) as port:
            _burst(port, event, lines)
            _pages(port, event)
    finally:
        _cleanup(env)


# ---------- set-up ----------


def _setup_django(env: dict[str, str]) -> None:
    import django
    from django.apps import apps

    if apps.ready:
        raise RuntimeError("run this suite in its own process (python -m bench events)")
    for name in set(os.environ) - set(env):
        del os.environ[name]
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()


def _cleanup(env: dict[str, str]) -> None:
    """Remove every bench row (events, members, their sessions and mail jobs) and the queued mail."""
    import redis
    from django.contrib.sessions.models import Session as HttpSession

    from events.models import Event
    from portal.models import Job, User

    Event.objects.filter(title__startswith=MARK).delete()
    User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).delete()
    HttpSession.objects.all().delete()  # the benchmark database holds no one else's sessions
    Job.objects.filter(task="portal.mail.email_send_task").delete()
    with contextlib.suppress(redis.RedisError):
        redis.Redis.from_url(env["REDIS_URL"], socket_connect_timeout=2).flushdb()


def _prepare():
    """The event (with 6 sessions in 2 rounds), 30 more agenda events, and 700 members with sessions."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string
    from django.utils import timezone

    from events.models import Event, Session
    from portal.models import Function, Municipality, Region, User
    from programmes.models import Programme, Theme

    start = timezone.localtime(timezone.now() + datetime.timedelta(days=40)).replace(hour=10, minute=0, second=0, microsecond=0)
    event = Event.objects.create(
        slug=SLUG, title=MARK + "Dag van de Lokale Democratie", summary="De jaarlijkse ontmoetingsdag.",
        kind=Event.Kind.CONFERENCE, status=Event.Status.PUBLISHED, venue="Congrescentrum", address="Amersfoort",
        starts_at=start, ends_at=start + datetime.timedelta(hours=7), capacity=CAPACITY,
        programme=Programme.objects.filter(slug="democratie-in-actie").first(),
    )
    sessions = [
        Session.objects.create(
            event=event, title=f"Deelsessie {n + 1}", capacity=SESSION_CAPACITY, order=n,
            starts_at=start + datetime.timedelta(hours=1 if n < 3 else 4),
            ends_at=start + datetime.timedelta(hours=2 if n < 3 else 5),
        )
        for n in range(6)
    ]
    regions, themes = list(Region.objects.all()), list(Theme.objects.all())
    for n in range(PAGE_EVENTS):
        other = Event.objects.create(
            slug=f"bench-bijeenkomst-{n}", title=f"{MARK}Regiobijeenkomst {n + 1}", summary="Een regiobijeenkomst.",
            kind=Event.Kind.REGIONAL_MEETING, status=Event.Status.PUBLISHED, region=regions[n % len(regions)],
            venue="Stadhuis", starts_at=start + datetime.timedelta(days=n), ends_at=start + datetime.timedelta(days=n, hours=2),
            capacity=40,
        )
        other.themes.set(themes[n % len(themes) : n % len(themes) + 2])

    municipalities = list(Municipality.objects.current().values_list("pk", flat=True))
    members = User.objects.bulk_create(
        User(
            email=f"lid{n}@{EMAIL_DOMAIN}", first_name="Lid", last_name=str(n), function=Function.RAADSLID,
            municipality_id=municipalities[n % len(municipalities)], password="!",  # noqa: S106 (no password)
        )
        for n in range(MEMBERS)
    )
    lines = []
    for n, member in enumerate(members):
        store = SessionStore()
        store[SESSION_KEY] = str(member.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = member.get_session_auth_hash()
        store.create()
        first, second = sessions[n % 3], sessions[3 + n % 3]
        lines.append(f"{store.session_key} {_get_new_csrf_string()} {first.pk} {second.pk}")
    return event, lines


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _gunicorn(env: dict[str, str]) -> Iterator[int]:
    import http.client

    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning", "--backlog", "256"],
        cwd=ROOT, env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/health/")
                if connection.getresponse().status == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not come up within 30 s")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=15)


# ---------- 1. the burst ----------


def _burst(port: int, event, lines: list[str]) -> None:
    from django.db.models import Max, Min

    from events.models import Registration
    from portal.models import Job

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "members.txt"
        data.write_text("\n".join(lines) + "\n")
        script = Path(tmp) / "register.lua"
        script.write_text(LUA)
        path = f"/agenda/{event.slug}/inschrijven/"
        command = [
            "wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{BURST_TIMEOUT}s", "--timeout", "30s", "-s", str(script),
            f"http://127.0.0.1:{port}", "--", str(data), str(WRK_THREADS), path, tmp,
        ]
        started = time.perf_counter()
        launched_at = datetime.datetime.now(datetime.UTC)
        wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        done_files = [Path(tmp) / f"done-{n + 1}" for n in range(WRK_THREADS)]
        registrations = Registration.objects.filter(event=event)
        seen, last_change = -1, time.perf_counter()
        while time.perf_counter() - started < BURST_TIMEOUT and not all(f.exists() for f in done_files):
            time.sleep(0.05)
            count = registrations.count()
            if count != seen:
                seen, last_change = count, time.perf_counter()
            elif time.perf_counter() - last_change > STALL_SECONDS:
                break  # a request was lost on the way (see socket errors): nothing more will come
        total = time.perf_counter() - started
        wrk.send_signal(2)  # SIGINT: wrk stops and prints its summary
        output, _ = wrk.communicate(timeout=30)
        responses = errors = 0
        for done in done_files:
            if done.exists():
                received, failed = (int(part) for part in done.read_text().split())
                responses += received
                errors += failed
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    span = Registration.objects.filter(event=event).aggregate(first=Min("created_at"), last=Max("created_at"))
    confirmed = statuses.count(Registration.Status.CONFIRMED)
    waiting = statuses.count(Registration.Status.WAITLISTED)
    over_capacity_sessions = [
        session.title for session in event.sessions.all()
        if session.registrations.filter(status=Registration.Status.CONFIRMED).count() > session.capacity
    ]
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    last_commit = (span["last"] - launched_at).total_seconds() if span["last"] else total
    emit("burst_total_time", last_commit, "s", aim="< 30 s", members=MEMBERS, connections=CONNECTIONS,
         gunicorn_workers=2, note="from starting wrk to the last registration committed")
    emit("burst_errors", MEMBERS - len(statuses) + errors, "requests", aim="0",
         error_responses=errors, lost=MEMBERS - len(statuses),
         socket_errors=socket_errors.group(0) if socket_errors else "none")
    emit("burst_confirmed", confirmed, "registrations", capacity=CAPACITY, exactly_capacity=confirmed == CAPACITY)
    emit("burst_waiting_list", waiting, "registrations", expected=MEMBERS - CAPACITY)
    emit("burst_registrations_per_second", len(statuses) / last_commit if last_commit else 0, "req/s")
    emit("burst_sessions_over_capacity", len(over_capacity_sessions), "sessions", aim="0")
    emit("burst_mail_jobs_queued", Job.objects.filter(task="portal.mail.email_send_task").count(), "jobs",
         note="one confirmation or waiting-list mail per member, left for a worker")
    latency = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", output)
    if latency:
        emit("burst_latency_mean", _milliseconds(latency.group(1)), "ms", stdev=latency.group(2), max=latency.group(3))


def _milliseconds(text: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


# ---------- 2. page ratios ----------


def _wrk_rps(port: int, path: str) -> float:
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{PAGE_SECONDS}s", "-H", "Accept-Language: nl", f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise RuntimeError(f"{path}: {non_2xx.group(1)} error responses")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def _pages(port: int, event) -> None:
    pages = {
        "agenda": "/agenda/",
        "agenda_filtered": "/agenda/?kind=regional_meeting&region=overijssel",
        "event_page": event.get_absolute_url(),
        # Context, not an events page: the lightest page on the shared layout (the floor for any page).
        "layout_floor_privacy": "/privacy/",
    }
    ratios: dict[str, list[float]] = {name: [] for name in pages}
    baselines = []
    for _round in range(PAGE_ROUNDS):
        baseline = _wrk_rps(port, "/health/")
        baselines.append(baseline)
        for name, path in pages.items():
            ratios[name].append(_wrk_rps(port, path) / baseline)
    emit("baseline_requests_per_second", statistics.median(baselines), "req/s", path="/health/", rounds=PAGE_ROUNDS)
    for name, values in ratios.items():
        emit(f"{name}_ratio_to_baseline", statistics.median(values), "ratio", aim=">= 0.30", path=pages[name],
             rounds=[round(v, 3) for v in values])

