"""Requests per second of every page type, each as a ratio to the trivial /health/ view in the same run.

The server: gunicorn with 2 workers, production settings, PostgreSQL with the demo data, Redis as the
cache (bench.server). The load: wrk -t2 -c8 (bench.wrk), never a Python client. Each page is measured
`runs` times for `seconds`; /health/ is measured before the first page and after every few pages, so a
change in the machine's load shows in the baseline's spread, and each page's ratio is taken against
the mean of the two baseline runs around it. The table reports the median of the runs.

To add a page, add a row to PAGES: a name, the path (with {placeholders} filled from the demo data by
PLACEHOLDERS), the role it is seen as (None for anonymous, else a key of ROLES) and, if it differs
from the default for its kind, its aim.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from .client import Client, login, totp_secret_of
from .report import emit
from .server import (
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    bench_env,
    ensure_database,
    get,
    gunicorn,
    load_line,
    setup_django,
)
from .wrk import WrkResult, ensure_wrk, wrk

BASELINE = "/health/"
AIM_PUBLIC = 0.30
AIM_LOGGED_IN = 0.10
THREADS, CONNECTIONS = 2, 8
BASELINE_SECONDS = 1  # /health/ runs before the first page and after every page
WARM_UP_SECONDS = 1


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    role: str | None = None
    aim: float | None = None

    @property
    def target(self) -> float:
        if self.aim is not None:
            return self.aim
        return AIM_PUBLIC if self.role is None else AIM_LOGGED_IN


# Demo accounts (seed_demo) by role. Staff and the griffier sign in with their TOTP code.
ROLES: dict[str, str] = {
    "member": f"raadslid@{DEMO_DOMAIN}",
    "griffier": f"griffier@{DEMO_DOMAIN}",
    "staff": f"programmamanager@{DEMO_DOMAIN}",
}


def _closed_scan() -> str:
    from quickscan.models import Scan

    return str(Scan.objects.filter(municipality__slug="zwolle", status=Scan.Status.CLOSED).latest("closed_at").pk)


def _open_scan() -> str:
    from quickscan.models import Scan

    return str(Scan.objects.filter(municipality__slug="zwolle", status=Scan.Status.OPEN).latest("opened_at").pk)


def _consultant() -> str:
    from consultants.models import Consultant

    return Consultant.objects.order_by("slug").values_list("slug", flat=True).first()


def _event() -> str:
    from events.models import Event

    return Event.objects.visible().open_for_registration().order_by("starts_at").values_list("slug", flat=True).first()


def _publication(kind: str) -> Callable[[], str]:
    def slug() -> str:
        from publications.models import Publication

        return Publication.objects.published().filter(type=kind).order_by("-published_at").values_list("slug", flat=True).first()

    return slug


def _region() -> str:
    from portal.models import Municipality

    return Municipality.objects.select_related("region").get(slug="zwolle").region.slug


def _offer() -> str:
    from offers.models import Offer

    return Offer.objects.published().order_by("pk").values_list("slug", flat=True).first()


def _coalition() -> str:
    from network.models import Coalition

    return Coalition.objects.order_by("pk").values_list("slug", flat=True).first()


def _edition() -> str:
    from newsletter.models import Edition

    return Edition.objects.filter(status=Edition.Status.SENT).order_by("-sent_at").values_list("slug", flat=True).first()


# Values of the {placeholders} in paths, looked up in the demo data once per run.
PLACEHOLDERS: dict[str, Callable[[], str]] = {
    "closed_scan": _closed_scan,
    "open_scan": _open_scan,
    "consultant": _consultant,
    "event": _event,
    "guide": _publication("guide"),
    "news": _publication("news"),
    "offer": _offer,
    "region": _region,
    "coalition": _coalition,
    "edition": _edition,
}

PAGES: list[Page] = [
    # Public pages, one per page type.
    Page("home", "/"),
    Page("programme_list", "/programmas/"),
    Page("programme_detail", "/programmas/democratie-in-actie/"),
    Page("theme_detail", "/programmas/themas/de-raad/"),
    Page("workshop_catalogue", "/workshops/"),
    Page("workshop_catalogue_filtered", "/workshops/?theme=de-raad&q=raad"),
    Page("workshop_detail", "/workshops/debatteren/"),
    Page("consultant_list", "/consulenten/"),
    Page("consultant_detail", "/consulenten/{consultant}/"),
    Page("consultant_finder", "/consulenten/vind/"),
    Page("consultant_finder_result", "/consulenten/vind/?q=Zwolle"),
    Page("consultant_finder_alias", "/consulenten/vind/?q=Den+Haag"),  # found by alias ('s-Gravenhage)
    Page("municipality_list", "/gemeenten/"),
    Page("municipality_detail", "/gemeenten/zwolle/"),
    Page("privacy", "/privacy/"),
    Page("accessibility", "/toegankelijkheid/"),
    Page("login", "/accounts/login/"),
    Page("agenda", "/agenda/"),
    Page("agenda_filtered", "/agenda/?kind=regional_meeting&region={region}"),
    Page("agenda_archive", "/agenda/archief/"),
    Page("event_detail", "/agenda/{event}/"),
    Page("knowledge_base", "/kennisbank/"),
    Page("library", "/bibliotheek/"),
    Page("library_filtered", "/bibliotheek/?type=guide&theme=de-raad"),
    Page("publication_detail", "/bibliotheek/{guide}/"),
    Page("news", "/nieuws/"),
    Page("news_detail", "/nieuws/{news}/"),
    Page("search", "/zoeken/?q=raadsleden"),
    Page("offers", "/aanbod/"),
    Page("offer_detail", "/aanbod/{offer}/"),
    Page("network", "/netwerk/"),
    Page("network_members", "/netwerk/leden/"),
    Page("coalition", "/netwerk/coalities/{coalition}/"),
    Page("newsletter_subscribe", "/nieuwsbrief/"),
    Page("newsletter_archive", "/nieuwsbrief/archief/"),
    Page("newsletter_edition", "/nieuwsbrief/archief/{edition}/"),
    # Signed in.
    Page("my_portal_member", "/mijn/", "member"),
    Page("my_portal_griffier", "/mijn/", "griffier"),
    Page("scan_list", "/quickscan/", "griffier"),
    Page("scan_detail", "/quickscan/{open_scan}/", "griffier"),
    Page("scan_report", "/quickscan/{closed_scan}/rapport/", "griffier"),
    Page("workshop_requests", "/workshops/aanvragen/", "griffier"),
    Page("staff_home", "/beheer/", "staff"),
    Page("staff_workshop_queue", "/workshops/beheer/", "staff"),
    Page("staff_scan_list", "/quickscan/beheer/", "staff"),
    Page("staff_griffier_queue", "/beheer/griffiers/", "staff"),
    Page("staff_national_figures", "/quickscan/beheer/landelijk/", "staff"),
    Page("municipality_dossier", "/gemeenten/zwolle/dossier/", "griffier"),
    Page("offer_applications", "/aanbod/aanvragen/", "griffier"),
    Page("staff_event_list", "/agenda/beheer/", "staff"),
    Page("staff_library_list", "/bibliotheek/beheer/", "staff"),
    Page("staff_offer_queue", "/aanbod/beheer/", "staff"),
    Page("staff_dashboard", "/beheer/cijfers/", "staff"),
]


@dataclass
class Measured:
    page: Page
    path: str
    size: int  # bytes of the page's answer (headers included) when checked before the runs
    results: list[WrkResult]
    ratios: list[float]


def say(text: str = "") -> None:
    """Progress and the table go to stderr; stdout carries only the JSON lines."""
    print(text, file=sys.stderr, flush=True)


def _sessions(port: int, roles: set[str]) -> dict[str, str]:
    """A session cookie per role, from a real sign-in (password, then TOTP for staff and griffiers)."""
    cookies = {}
    for role in sorted(roles):
        email = ROLES[role]
        client = Client(port)
        try:
            login(client, email=email, password=DEMO_PASSWORD, totp_secret=totp_secret_of(email))
            client.get("/mijn/")  # a browser follows the sign-in to a page, which shows and clears its message
        finally:
            client.close()
        cookies[role] = client.cookie_header()
    return cookies


def _check(port: int, path: str, headers: dict[str, str]) -> int:
    """The page must answer 200 with HTML before it is measured (wrk counts a redirect as a success)."""
    status, body = get(port, path, headers)
    if status != 200:
        raise RuntimeError(f"{path} answered {status} before the run")
    if b'name="password"' in body and not path.startswith("/accounts/"):
        raise RuntimeError(f"{path} shows a login form: the session was not accepted")
    return len(body)


def _url(port: int, path: str) -> str:
    return f"http://127.0.0.1:{port}{path}"


def _health(port: int, seconds: int) -> WrkResult:
    return wrk(_url(port, BASELINE), seconds=seconds, threads=THREADS, connections=CONNECTIONS,
               headers={"Accept-Language": "nl"})


def run(*, seconds: int = 3, runs: int = 3, only: list[str] | None = None, redis: bool = True) -> list[Measured]:
    ensure_wrk()
    started = time.monotonic()
    say(f"bench pages: {load_line()}")
    env = bench_env(redis=redis)
    emit("pages", "load_average_1m", _load(), "load", cpus=_cpus(), cache="redis" if "REDIS_URL" in env else "locmem")
    ensure_database(env)
    setup_django(env)
    pages = [page for page in PAGES if not only or any(word in page.name for word in only)]
    values = {key: lookup() for key, lookup in PLACEHOLDERS.items() if any(f"{{{key}}}" in p.path for p in pages)}
    from django.db import connections

    connections.close_all()  # the database is the server's from here on
    with gunicorn(env, workers=2) as port:
        cookies = _sessions(port, {page.role for page in pages if page.role})
        measured = []
        for page in pages:
            path = page.path.format(**values)
            headers = {"Accept-Language": "nl", **({"Cookie": cookies[page.role]} if page.role else {})}
            size = _check(port, path, headers)
            # Every worker renders the page (and fills its caches) before anything is timed.
            wrk(_url(port, path), seconds=WARM_UP_SECONDS, threads=THREADS, connections=CONNECTIONS, headers=headers)
            measured.append(Measured(page, path, size, [], []))
        _health(port, WARM_UP_SECONDS)
        baselines: list[WrkResult] = []
        for number in range(runs):
            say(f"run {number + 1} of {runs} ({len(measured)} pages, {seconds} s each, /health/ between them)")
            before = _health(port, BASELINE_SECONDS)
            baselines.append(before)
            for item in measured:
                headers = {"Accept-Language": "nl",
                           **({"Cookie": cookies[item.page.role]} if item.page.role else {})}
                result = wrk(_url(port, item.path), seconds=seconds, threads=THREADS, connections=CONNECTIONS,
                             headers=headers)
                after = _health(port, BASELINE_SECONDS)
                baselines.append(after)
                item.results.append(result)
                # On a shared machine the load changes within seconds: compare with the baseline right around it.
                item.ratios.append(result.rps / ((before.rps + after.rps) / 2))
                before = after
    _report(measured, baselines, seconds=seconds, runs=runs, elapsed=time.monotonic() - started)
    return measured


def _load() -> float:
    import os

    return round(os.getloadavg()[0], 2)


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


def _spread(values: list[float]) -> str:
    return f"{min(values):,.0f}-{max(values):,.0f}"


def _report(measured: list[Measured], baselines: list[WrkResult], *, seconds: int, runs: int, elapsed: float) -> None:
    health = [result.rps for result in baselines]
    emit(
        "baseline",
        "requests_per_second",
        statistics.median(health),
        "req/s",
        path=BASELINE,
        min=round(min(health), 1),
        max=round(max(health), 1),
        runs=[round(value, 1) for value in health],
        p95_ms=round(statistics.median(result.p95_ms for result in baselines), 2),
    )
    rows = []
    for item in measured:
        rps = [result.rps for result in item.results]
        ratio = statistics.median(item.ratios)
        errors = sum(result.errors for result in item.results)
        # An average answer much smaller than the checked page means redirects or error pages crept in.
        shrunk = any(result.bytes_per_request < item.size * 0.5 for result in item.results)
        ok = ratio >= item.page.target and not errors and not shrunk
        facts = {"path": item.path, "role": item.page.role or "anonymous"}
        emit(
            item.page.name,
            "requests_per_second",
            statistics.median(rps),
            "req/s",
            min=round(min(rps), 1),
            max=round(max(rps), 1),
            runs=[round(value, 1) for value in rps],
            p95_ms=round(statistics.median(result.p95_ms for result in item.results), 1),
            **facts,
        )
        emit(
            item.page.name,
            "ratio_to_baseline",
            ratio,
            "ratio",
            aim=item.page.target,
            ok=ok,
            min=round(min(item.ratios), 4),
            max=round(max(item.ratios), 4),
            errors=errors,
            answer_bytes=item.size,
            **facts,
        )
        verdict = "ok" if ok else ("ERRORS" if errors or shrunk else "BELOW")
        rows.append((item.page.name, item.page.role or "-", f"{statistics.median(rps):,.0f}", _spread(rps),
                     f"{ratio:.3f}", f"{min(item.ratios):.3f}-{max(item.ratios):.3f}", f"{item.page.target:.2f}",
                     verdict))
    say()
    say(f"wrk -t{THREADS} -c{CONNECTIONS}, {runs} runs of {seconds} s per page, gunicorn 2 workers, "
        f"DJANGO_DEBUG=0, PostgreSQL; took {elapsed:.0f} s")
    series = ", ".join(f"{value:,.0f}" for value in health) if len(health) <= 30 else "see the JSON line"
    say(f"baseline {BASELINE}: median {statistics.median(health):,.0f} req/s, spread {_spread(health)} "
        f"over {len(health)} runs of {BASELINE_SECONDS} s (in order: {series})")
    say()
    header = ("page", "role", "median req/s", "spread req/s", "ratio", "ratio spread", "aim", "")
    say("| " + " | ".join(header) + " |")
    say("|" + "|".join(" --- " for _ in header) + "|")
    for row in rows:
        say("| " + " | ".join(row) + " |")
    below = sum(row[-1] != "ok" for row in rows)
    say()
    say(f"{len(rows) - below} of {len(rows)} pages at or above their aim. {load_line()} at the end.")
