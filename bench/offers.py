"""Offers (issue 12): the dossier and the staff figures page, and the race for the last first-come places.

1. dossier / figures   queries per request (in this process) and requests/s under wrk (-t2 -c8) as a ratio
                       to /health/ measured in the same run, signed in through a session cookie; the median of
                       3 runs                                                        aim ratio >= 0.10
2. last_places_race    60 applicants (threads, one PostgreSQL connection each) for the last 5 places of a
                       first-come offer: wall time and the exact number granted      aim exactly 5

Self-contained: its own database (BENCH_OFFERS_DATABASE_URL, default portal_bench_offers), the demo data
(`seed_demo --force`), and its own gunicorn (2 workers, production settings). Rows this suite adds are named
"[bench] ..." or use @bench-offers.example.nl addresses and are removed at the start and the end.
"""

import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from .report import emit
from .server import ROOT, bench_env, ensure_database

DATABASE_URL = "postgres://portal:portal@127.0.0.1:5432/portal_bench_offers"
BASELINE = "/health/"
RUNS = 3
WRK = ["wrk", "-t2", "-c8", "-d6s"]
AIM = 0.10
APPLICANTS, LAST_PLACES, PLACES, WORKERS = 60, 5, 50, 12
MARK = "[bench] "
BENCH_DOMAIN = "bench-offers.example.nl"


def run() -> None:
    env = bench_env()
    env["DATABASE_URL"] = os.environ.get("BENCH_OFFERS_DATABASE_URL", DATABASE_URL)
    ensure_database(env)
    subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--force"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    _setup_django(env)
    from portal.celery import app

    app.conf.task_always_eager = False  # mail jobs are recorded, not sent: a worker would send them
    _cleanup()
    try:
        pages = _pages()
        for name, (path, cookie) in pages.items():
            emit(name, "queries_per_request", _queries(path, cookie), "queries", path=path)
        _throughput(env, pages)
        _race()
    finally:
        _cleanup()


def _setup_django(env: dict[str, str]) -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
        django.setup()


# ---------- signed-in pages ----------


def _session(email: str) -> str:
    """A session as allauth leaves it after password and TOTP, so staff pass every second-factor check."""
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client

    from portal.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    key = client.cookies["sessionid"].value
    session = SessionStore(session_key=key)
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session.save()
    return key


def _pages() -> dict[str, tuple[str, str]]:
    demo = "demo.lokaledemocratie.example.nl"
    griffier, manager, consultant = (
        _session(f"{name}@{demo}") for name in ("griffier", "programmamanager", "consulent")
    )
    return {
        "dossier_griffier": ("/gemeenten/zwolle/dossier/", griffier),
        "dossier_manager": ("/gemeenten/zwolle/dossier/", manager),
        "figures_manager": ("/beheer/cijfers/", manager),
        "figures_consultant": ("/beheer/cijfers/", consultant),
        # Context, not an aim of this issue: the core's own signed-in start page, measured the same way.
        "reference_my_portal": ("/mijn/", griffier),
    }


def _queries(path: str, session: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="nl")
    client.cookies["sessionid"] = session
    client.get(path)  # warm caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return len(captured.captured_queries)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _gunicorn(env: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while subprocess.run(["curl", "-sf", base + BASELINE], capture_output=True).returncode != 0:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("gunicorn did not come up within 30 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def _wrk(url: str, session: str = "") -> tuple[float, int]:
    headers = ["-H", "Accept-Language: nl"] + (["-H", f"Cookie: sessionid={session}"] if session else [])
    output = subprocess.run([*WRK, *headers, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rps, int(bad.group(1)) if bad else 0


def _throughput(env: dict[str, str], pages: dict[str, tuple[str, str]]) -> None:
    ratios: dict[str, list[float]] = {name: [] for name in pages}
    rates: dict[str, list[float]] = {name: [] for name in [*pages, "baseline"]}
    with _gunicorn(env) as base:
        for name, (path, session) in pages.items():  # every page answers 200 before it is measured
            check = subprocess.run(
                ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-b", f"sessionid={session}", base + path],
                capture_output=True, text=True,
            ).stdout
            if check != "200":
                raise RuntimeError(f"{name}: {path} answered {check} under gunicorn")
        for _run in range(RUNS):
            baseline, _ = _wrk(base + BASELINE)
            rates["baseline"].append(baseline)
            for name, (path, session) in pages.items():
                rps, bad = _wrk(base + path, session)
                if bad:
                    raise RuntimeError(f"{name}: {bad} responses were not 2xx/3xx")
                rates[name].append(rps)
                ratios[name].append(rps / baseline)
    emit("baseline", "requests_per_second", statistics.median(rates["baseline"]), "req/s", path=BASELINE, runs=RUNS)
    for name, (path, _session) in pages.items():
        emit(name, "requests_per_second", statistics.median(rates[name]), "req/s", path=path, runs=RUNS)
        emit(name, "ratio_to_baseline", statistics.median(ratios[name]), "ratio", aim=AIM, runs=[round(r, 3) for r in ratios[name]])


# ---------- the race for the last places ----------


def _race() -> None:
    from django.db import connection
    from django.utils import timezone

    from offers import services
    from offers.models import Application, Offer
    from portal.models import Function, GriffierRole, Municipality, User
    from programmes.models import Programme

    offer = Offer.objects.create(
        programme=Programme.objects.get(slug="democratie-in-actie"), slug="bench-laatste-plaatsen",
        title=f"{MARK}laatste plaatsen", summary="-", description="-", places=PLACES,
        opens_on=timezone.localdate(), mode=Offer.Mode.FIRST_COME, assigns_adviser=True,
    )
    places = list(Municipality.objects.order_by("code")[: PLACES - LAST_PLACES + APPLICANTS])
    now = timezone.now()
    Application.objects.bulk_create(
        Application(offer=offer, municipality=m, status=Application.Status.GRANTED, submitted_at=now)
        for m in places[: PLACES - LAST_PLACES]
    )
    drafts = []
    for number, municipality in enumerate(places[PLACES - LAST_PLACES :]):
        user = User.objects.create_user(
            f"griffier{number}@{BENCH_DOMAIN}", function=Function.GRIFFIER, municipality=municipality
        )
        GriffierRole.objects.create(user=user, municipality=municipality, status=GriffierRole.Status.CONFIRMED)
        drafts.append(
            (
                Application.objects.create(
                    offer=offer, municipality=municipality, applicant=user, contact_name="Bench",
                    contact_email=user.email, plan="Meten.", step=4,
                ),
                user,
            )
        )

    def submit(pair) -> str:
        application, user = pair
        try:
            return services.application_submit(application=application, user=user).status
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        statuses = list(pool.map(submit, drafts))
    seconds = time.perf_counter() - started
    granted_now = statuses.count(Application.Status.GRANTED)
    total = Application.objects.filter(offer=offer, status=Application.Status.GRANTED).count()
    emit("last_places_race", "wall_time", seconds, "s", applicants=APPLICANTS, threads=WORKERS)
    emit("last_places_race", "granted_of_last_places", granted_now, "applications", aim=LAST_PLACES,
         granted_in_total=total, places=PLACES, reserve=statuses.count(Application.Status.RESERVE))


def _cleanup() -> None:
    from offers.models import Application, Offer
    from portal.models import Job, User

    offers = Offer.objects.filter(title__startswith=MARK)
    Application.objects.filter(offer__in=offers).delete()
    offers.delete()
    User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").delete()
    Job.objects.filter(state=Job.State.PENDING).delete()
