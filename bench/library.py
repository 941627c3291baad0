"""Library and newsletter: the speed aims of issue 11, each beside a baseline measured in the same run.

1. search_db         full-text search over 10,000 generated publications, time spent in PostgreSQL
                     per query (ranking, snippets, facets' themes), p95 over 20 queries × 5 rounds   aim <= 50 ms
2. pages             /zoeken/, /bibliotheek/, /nieuws/, a theme page and /kennisbank/ as a ratio to
                     /health/ under gunicorn with wrk, median of 3 runs               aim >= 0.30 (search: reported)
3. newsletter        an edition to 10,000 subscribers: time to enqueue (delivery rows + jobs)  aim < 5 s;
                     deliveries per second through the jobs with the locmem mail backend
4. kill_and_resume   a worker process sending an edition is killed with SIGKILL halfway; the send is
                     resumed; every mail written by either process is counted: exactly 10,000 deliveries,
                     nobody twice

Self-contained: its own database (portal_bench_library, or BENCH_LIBRARY_DATABASE_URL), created and
migrated if missing; its own gunicorn. Generated rows are marked (slugs "bench-v2-", addresses
"@bench.example.nl") and kept between runs, so a second run skips the generation. Editions are deleted at
the end. Run: `.venv/bin/python -m bench library` (BENCH_LIBRARY_PARTS=search,newsletter,kill,pages picks parts).
"""

import contextlib
import datetime
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .report import emit
from .server import bench_env, ensure_database

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "portal_bench_library"
PUBLICATIONS = 10_000
SUBSCRIBERS = 10_000
SEED = 20261202
SEARCH_ROUNDS = 5
WRK_RUNS = 3
WRK_SECONDS = 6
GUNICORN_WORKERS = 2
BENCH_DOMAIN = "bench.example.nl"
KILL_AT = 0.4  # share of the deliveries after which the worker process is killed

QUERIES = [
    "raad", "raadsleden", "participatie", "begroting", "inwoners betrekken", "gemeenschappelijke regeling",
    '"lokale democratie"', "ondermijning", "griffier", "samenspel burgemeester", "jongeren", "rekenkamer",
    "digitale participatie", "integriteit", "omgevingsvisie", "verkiezingen", "bestuurscultuur", "wijkaanpak",
    "transparantie", "raad -begroting",
]
WORDS = (  # noqa: SIM905 (a paragraph of words reads better than a list of quoted ones)
    "raad raadslid raadsleden gemeenteraad college wethouder burgemeester griffier griffie gemeentesecretaris "
    "ambtenaren inwoners bewoners participatie burgerparticipatie overheidsparticipatie democratie lokale "
    "bestuur bestuurscultuur samenspel samenwerking regierol regio regionale gemeenschappelijke regeling "
    "begroting jaarrekening kaders controle verantwoording rekenkamer transparantie openbaarheid integriteit "
    "ondermijning weerbaarheid vertrouwen jongeren wijk wijkaanpak dorp initiatief initiatieven omgevingsvisie "
    "omgevingswet energietransitie verkiezingen fracties debat motie amendement vergadering agenda informatie "
    "digitale platform panel burgerberaad loting advies evaluatie monitor handreiking instrument aanpak "
    "ervaring gemeente gemeenten provincie ministerie programma netwerk bijeenkomst workshop training "
    "opleiding ondersteuning toerusting positie rol rollen verhoudingen cultuur open toegankelijk inclusief "
    "samenleving maatschappelijke opgaven keuzes prioriteiten draagvlak invloed meedenken meebeslissen meedoen"
).split()
TYPES = ["guide", "report", "factsheet", "column", "magazine", "experience", "news"]
PREFIX = "bench-v2-"  # slugs of generated publications; change it when the generator changes


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Words as a real library uses them: the domain words above plus every word of the demo texts, drawn
    with a Zipf distribution (a few words are everywhere, most are rare), as in natural language; the domain
    words take the frequent ranks."""
    from publications.demo_content import EXPERIENCES, NEWS, PUBLICATIONS

    texts = []
    for entry in [*PUBLICATIONS, *NEWS, *EXPERIENCES]:
        texts += [entry["title"], entry.get("summary", ""), *entry.get("paragraphs", [])]
        texts += [entry.get(name, "") for name in ("what", "why", "result", "lessons")]
    domain = sorted(set(WORDS))
    rest = sorted({word.lower() for word in re.findall(r"[^\W\d_]{3,}", " ".join(texts))} - set(domain))
    rng.shuffle(domain)
    rng.shuffle(rest)
    words = domain + rest  # a library on local democracy: its own words are the common ones
    return words, [1 / (rank + 1) for rank in range(len(words))]


def run() -> None:
    env = _env()
    ensure_database(env)
    _setup_django(env)
    from django.conf import settings

    from portal.celery import app

    app.conf.task_always_eager = False  # jobs go to the in-memory broker; this process runs them as a worker would
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    emit("library", "load_average_1m", os.getloadavg()[0], "load", cpus=os.cpu_count(),
         aim="context: the machine's load when the suite starts (other processes skew every figure)")
    parts = set(os.environ.get("BENCH_LIBRARY_PARTS", "search,newsletter,kill,pages").split(","))
    try:
        _publications()
        if "search" in parts:
            _search_in_database()
        _subscribers()
        if "newsletter" in parts:
            _newsletter_send()
        if "kill" in parts:
            _kill_and_resume(env)
        if "pages" in parts:
            _pages(env)
    finally:
        _cleanup_editions()


# ---------- set-up ----------


def _env() -> dict[str, str]:
    env = bench_env()
    base = env["DATABASE_URL"].rsplit("/", 1)[0]
    env["DATABASE_URL"] = os.environ.get("BENCH_LIBRARY_DATABASE_URL") or f"{base}/{DATABASE}"
    env["STATIC_ROOT"] = str(Path(tempfile.gettempdir()) / "portal-bench-library-static")
    return env


def _setup_django(env: dict[str, str]) -> None:
    import django
    from django.apps import apps

    if apps.ready:
        from django.db import connection

        if connection.settings_dict["NAME"] != env["DATABASE_URL"].rsplit("/", 1)[1]:
            raise RuntimeError("Django is already set up on another database than the benchmark one")
        return
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()


def _sentence(rng: random.Random, vocabulary: tuple[list[str], list[float]], words: int) -> str:
    return " ".join(rng.choices(vocabulary[0], weights=vocabulary[1], k=words)).capitalize() + "."


def _publications() -> None:
    """10,000 published publications of every type, on one to three themes, indexed as the services do."""
    from django.utils import timezone

    from programmes.models import Programme, Theme
    from publications.models import Publication
    from publications.search import publication_index, vocabulary_rebuild

    existing = Publication.objects.filter(slug__startswith=PREFIX).count()
    if existing >= PUBLICATIONS:
        emit("library", "publications_generated", 0, "rows", note=f"{existing} bench publications already present")
        return
    Publication.objects.filter(slug__startswith="bench-").delete()
    rng = random.Random(SEED)
    vocabulary = _vocabulary(rng)
    themes = list(Theme.objects.all())
    programmes = list(Programme.objects.all())
    now = timezone.now()
    started = time.perf_counter()
    rows = []
    for n in range(PUBLICATIONS):
        body_words = [_sentence(rng, vocabulary, rng.randint(10, 18)) for _ in range(rng.randint(6, 12))]
        body = "".join(f"<p>{' '.join(body_words[i:i + 3])}</p>" for i in range(0, len(body_words), 3))
        rows.append(
            Publication(
                slug=f"{PREFIX}{n}", type=rng.choice(TYPES), title=_sentence(rng, vocabulary, rng.randint(4, 8))[:-1],
                summary=_sentence(rng, vocabulary, rng.randint(15, 25)), body=body, search_text=" ".join(body_words),
                programme=rng.choice(programmes), status=Publication.Status.PUBLISHED,
                published_at=now - datetime.timedelta(days=rng.randint(1, 1100)), authors="Programmateam",
            )
        )
    Publication.objects.bulk_create(rows, batch_size=1000)
    ids = list(Publication.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True))
    Through = Publication.themes.through
    Through.objects.bulk_create(
        [Through(publication_id=pk, theme_id=theme.pk) for pk in ids for theme in rng.sample(themes, rng.randint(1, 3))],
        batch_size=5000,
    )
    inserted = time.perf_counter() - started
    started = time.perf_counter()
    for start in range(0, len(ids), 2000):
        publication_index(publication_ids=ids[start : start + 2000])
    indexed = time.perf_counter() - started
    words = vocabulary_rebuild()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE publications_publication; ANALYZE publications_searchdocument; ANALYZE publications_searchterm")
    emit("library", "publications_generated", PUBLICATIONS, "rows", insert_s=round(inserted, 1), index_s=round(indexed, 1),
         vocabulary=words, distribution=f"Zipf over {len(vocabulary[0])} words")


# ---------- 1. search in the database ----------


def _search_in_database() -> None:
    from django.db import connection

    from portal.search import SEARCH_LIMIT, gather
    from publications.search import publication_hits

    sql_times: list[float] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_times.append(time.perf_counter() - started)

    for query in QUERIES:  # warm the caches once
        publication_hits(query=query, limit=SEARCH_LIMIT)
    per_query_db, per_query_total, per_page = [], [], []
    hits_per_query = {}
    for _round in range(SEARCH_ROUNDS):
        for query in QUERIES:
            sql_times.clear()
            started = time.perf_counter()
            with connection.execute_wrapper(timed):
                hits = publication_hits(query=query, limit=SEARCH_LIMIT)
            per_query_total.append(time.perf_counter() - started)
            per_query_db.append(sum(sql_times))
            hits_per_query[query] = len(hits)
            started = time.perf_counter()
            gather(query)
            per_page.append(time.perf_counter() - started)
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT publication_id FROM publications_searchdocument "
            "WHERE vector @@ websearch_to_tsquery('dutch', 'rekenkamer')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    emit("search_db", "p95_database_time", _p95(per_query_db) * 1000, "ms", aim="<= 50 ms",
         p50_ms=round(statistics.median(per_query_db) * 1000, 2), queries=len(QUERIES), rounds=SEARCH_ROUNDS,
         publications=PUBLICATIONS, limit=SEARCH_LIMIT, gin_index_used_for_a_narrower_query="searchdocument_vector_gin" in plan)
    emit("search_db", "p95_provider_time", _p95(per_query_total) * 1000, "ms",
         p50_ms=round(statistics.median(per_query_total) * 1000, 2), note="database plus building the hits in Python")
    emit("search_db", "p95_all_providers_time", _p95(per_page) * 1000, "ms",
         note="registry.search over publications, workshops and consultants, as the search page gathers")
    emit("search_db", "hits_per_query", statistics.median(hits_per_query.values()), "hits",
         max=max(hits_per_query.values()), min=min(hits_per_query.values()))


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


# ---------- 3. the newsletter to 10,000 subscribers ----------


def _subscribers() -> None:
    from django.utils import timezone

    from newsletter.models import Subscriber
    from programmes.models import Theme

    marked = Subscriber.objects.filter(email__endswith="@" + BENCH_DOMAIN)
    if marked.count() >= SUBSCRIBERS:
        return
    marked.delete()
    rng = random.Random(SEED)
    now = timezone.now()
    rows = Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"abonnee{n:05d}@{BENCH_DOMAIN}", status=Subscriber.Status.CONFIRMED, confirmed_at=now,
                       consent_at=now, consent_version="2026-12", all_sections=n % 5 < 3, language="en" if n % 10 == 0 else "nl")
            for n in range(SUBSCRIBERS)
        ],
        batch_size=2000,
    )
    themes = list(Theme.objects.all())
    Through = Subscriber.themes.through
    Through.objects.bulk_create(
        [Through(subscriber_id=row.pk, theme_id=rng.choice(themes).pk) for row in rows if not row.all_sections],
        batch_size=5000,
    )


def _edition(title: str):
    from newsletter import editions
    from newsletter.models import EditionItem
    from programmes.models import Theme

    edition = editions.edition_create(actor=None, title=f"[bench] {title}", intro="Een editie voor de benchmark.")
    slugs = list(Theme.objects.values_list("slug", flat=True))
    EditionItem.objects.bulk_create(
        [EditionItem(edition=edition, order=0, kind="text", title="Van de redactie", summary="Welkom.")]
        + [
            EditionItem(edition=edition, order=n + 1, kind=["news", "publication", "event"][n % 3], key=f"bench:{n}",
                        kind_label="Nieuws", title=f"Onderdeel {n}", summary="Een korte samenvatting.", url=f"/bench/{n}/",
                        theme_slugs=[slugs[n % len(slugs)]])
            for n in range(9)
        ]
    )
    return edition


def _pending_jobs():
    from newsletter.sending import edition_send_batch_task
    from portal.models import Job

    return list(
        Job.objects.filter(task=edition_send_batch_task.name, state=Job.State.PENDING).order_by("pk").values_list("pk", flat=True)
    )


def _newsletter_send() -> None:
    from django.core import mail

    from newsletter import sending
    from newsletter.models import Delivery
    from portal.jobs import job_run

    edition = _edition("verzending")
    started = time.perf_counter()
    sending.edition_send(edition=edition, actor=None)
    enqueue = time.perf_counter() - started
    emit("newsletter", "enqueue_time", enqueue, "s", aim="< 5 s", subscribers=SUBSCRIBERS,
         delivery_rows=Delivery.objects.filter(edition=edition).count(), jobs=len(_pending_jobs()))

    mail.outbox = []
    started = time.perf_counter()
    for job_id in _pending_jobs():
        job_run(job_id=job_id)
    elapsed = time.perf_counter() - started
    sent = Delivery.objects.filter(edition=edition, status=Delivery.Status.SENT).count()
    emit("newsletter", "deliveries_per_second", sent / elapsed, "mails/s", sent=sent, seconds=round(elapsed, 1),
         outbox=len(mail.outbox), backend="locmem", note="one worker process, jobs run one after another")
    mail.outbox = []


# ---------- 4. kill and resume ----------


class CountingBackend:
    """A mail backend for the kill-and-resume run: one line per mail in a file shared by both processes."""

    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        self.path = os.environ["BENCH_MAIL_LOG"]

    def open(self) -> None:
        return None

    def close(self) -> None:
        return None

    def send_messages(self, messages) -> int:
        with open(self.path, "a", encoding="utf-8") as log:
            for message in messages:
                log.write(f"{message.to[0]}\n")
                log.flush()
                os.fsync(log.fileno())
        return len(messages)


def worker_main() -> None:
    """The worker of the kill-and-resume run (a separate process): runs the pending send jobs."""
    _setup_django(dict(os.environ))
    from django.conf import settings

    from portal.jobs import job_run

    settings.EMAIL_BACKEND = "bench.library.CountingBackend"
    for job_id in _pending_jobs():
        job_run(job_id=job_id)


def _kill_and_resume(env: dict[str, str]) -> None:
    from django.conf import settings
    from django.utils import timezone

    from newsletter import sending
    from newsletter.models import Delivery
    from portal.jobs import job_run

    edition = _edition("herstart")
    sending.edition_send(edition=edition, actor=None)
    with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as handle:
        log = Path(handle.name)
    worker_env = {**env, "BENCH_MAIL_LOG": str(log), "DJANGO_SETTINGS_MODULE": "portal.settings"}
    worker = subprocess.Popen(
        [sys.executable, "-c", "import bench.library as b; b.worker_main()"], cwd=ROOT, env=worker_env
    )
    rows = Delivery.objects.filter(edition=edition)
    deadline = time.monotonic() + 600
    while rows.filter(status=Delivery.Status.SENT).count() < SUBSCRIBERS * KILL_AT and time.monotonic() < deadline:
        if worker.poll() is not None:
            break
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    at_kill = rows.filter(status=Delivery.Status.SENT).count()

    os.environ["BENCH_MAIL_LOG"] = str(log)
    settings.EMAIL_BACKEND = "bench.library.CountingBackend"
    started = time.perf_counter()
    sending.edition_send_resume(edition=edition)
    for job_id in _pending_jobs():
        job_run(job_id=job_id)
    resumed = time.perf_counter() - started
    # A row the killed worker left "sending" is resolved by the periodic task after two minutes; pretend
    # those minutes have passed rather than wait for them.
    left_sending = rows.filter(status=Delivery.Status.SENDING).update(
        claimed_at=timezone.now() - sending.SENDING_STALE - datetime.timedelta(seconds=1)
    )
    sending.editions_send_due()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    lines = log.read_text(encoding="utf-8").split()
    log.unlink()
    edition.refresh_from_db()
    counts = {status: rows.filter(status=status).count() for status in Delivery.Status.values}
    emit(
        "kill_and_resume", "deliveries", counts[Delivery.Status.SENT], "mails", aim=f"exactly {SUBSCRIBERS}, nobody twice",
        delivery_rows=rows.count(), sent_before_kill=at_kill, mails_written=len(lines), distinct_recipients=len(set(lines)),
        duplicates=len(lines) - len(set(lines)), interrupted=counts[Delivery.Status.INTERRUPTED],
        left_sending_at_kill=left_sending, edition_status=edition.status, resume_seconds=round(resumed, 1),
    )


# ---------- 2. pages under gunicorn ----------


@contextlib.contextmanager
def _gunicorn(env: dict[str, str]):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(GUNICORN_WORKERS), "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wrk(port: int, path: str) -> float:
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{WRK_SECONDS}s", "-H", "Accept-Language: nl", f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"{path} answered errors under load:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def _pages(env: dict[str, str]) -> None:
    pages = [
        ("search_page", "/zoeken/?q=participatie", None),
        ("library", "/bibliotheek/", 0.30),
        ("library_filtered", "/bibliotheek/?type=guide&theme=de-raad", 0.30),
        ("news", "/nieuws/", 0.30),
        ("theme_page", "/programmas/themas/de-raad/", 0.30),
        ("knowledge_base", "/kennisbank/", 0.30),
    ]
    with _gunicorn(env) as port:
        for _name, path, _aim in [*pages, ("baseline", "/health/", None)]:  # warm the workers, check the answers
            for _worker in range(GUNICORN_WORKERS * 2):
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
                    if response.status != 200:
                        raise RuntimeError(f"{path} answered {response.status}")
        ratios: dict[str, list[float]] = {name: [] for name, _path, _aim in pages}
        baselines = []
        for _run in range(WRK_RUNS):
            baseline = _wrk(port, "/health/")
            baselines.append(baseline)
            for name, path, _aim in pages:
                ratios[name].append(_wrk(port, path) / baseline)
        emit("pages", "baseline_requests_per_second", statistics.median(baselines), "req/s", path="/health/",
             runs=[round(value) for value in baselines])
        for name, path, aim in pages:
            emit("pages", f"{name}_ratio_to_baseline", statistics.median(ratios[name]), "ratio", path=path,
                 aim=f">= {aim}" if aim else "reported", runs=[round(value, 3) for value in ratios[name]])


def _cleanup_editions() -> None:
    from newsletter.models import Edition
    from newsletter.sending import edition_send_batch_task
    from portal.models import Job

    Edition.objects.filter(title__startswith="[bench] ").delete()
    Job.objects.filter(task=edition_send_batch_task.name).delete()
