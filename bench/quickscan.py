"""Quick Scan: the four performance aims of the issue, each against a baseline measured in the same run.

1. scan_scoring        scoring one closed scan (60 respondents, 42 statements)       aim < 0.5 s
2. national_benchmark  national figures over 342 municipalities (~615,000 answers)   aim < 10 s
3. report_pdf          the PDF report of the scan of point 1, in each language        aim < 1 s
4. answer_page_save    page saves of 20 respondents in a closed loop under gunicorn  aim p95 < 100 ms
                       (the load comes from wrk in its own process: 20 connections, each one
                       respondent with its own link, cookie and CSRF token, saving back-to-back)

Django runs inside this process on the benchmark database (bench_env). Jobs that services enqueue go to
the in-memory broker and are not run here: in production a worker runs them, and run eagerly the PDF
job would be timed as part of scoring. Every row this suite writes belongs to a scan named "[bench] ...";
those are deleted at the start (leftovers of an interrupted run) and at the end.
"""

import datetime
import os
import random
import re
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from .client import Client, csrf_token
from .report import emit
from .server import bench_env, ensure_database, gunicorn, setup_django
from .wrk import WrkResult, ensure_wrk, lua_string, wrk

MARK = "[bench] "
QUESTIONNAIRE = "lokaal-bestuur"
SCORING_GROUP_SIZE = 20  # per group of the questionnaire (raad, college, mt): 60 respondents
SCORING_RUNS = 5
NATIONAL_MUNICIPALITIES = 342
NATIONAL_RESPONDENTS = 45
NATIONAL_STATEMENTS = 40
QUERY_RUNS = 3
PDF_RUNS = 3
RESPONDENTS = 20
SAVES_PER_RESPONDENT = 10
PACE = 2.0  # seconds between the saves of one respondent in the paced run: 10 saves/s offered
GUNICORN_WORKERS = int(os.environ.get("WEB_CONCURRENCY", "3"))  # as the Dockerfile
SEED = 20261122
BASELINE_TEMPLATE = Path(__file__).resolve().parent / "pdf_baseline.html"


PARTS = ("scoring", "national", "pdf", "save")


def run(only: list[str] | None = None) -> None:
    """All four parts, or those named in `only` (the PDF needs the scored scan, so `pdf` scores it too;
    without `national` its report has no comparison with other municipalities)."""
    parts = [part for part in PARTS if not only or any(word in part for word in only)]
    ensure_wrk()
    env = bench_env()
    ensure_database(env)
    setup_django(env)
    from portal.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # see the module docstring: jobs are enqueued, not run, here
    _cleanup()
    emit(
        "quickscan",
        "load_average_1m",
        _load(),
        "load",
        aim="context: the machine's load when the suite starts (other processes skew every figure)",
        cpus=os.cpu_count(),
    )
    try:
        context = _national_data() if "national" in parts else _questionnaire_context()
        if "scoring" in parts or "pdf" in parts:
            _scan_scoring(context)
        if "national" in parts:
            _national_benchmark(context)
        if "pdf" in parts:
            _report_pdf(context)
        if "save" in parts:
            _answer_page_save(env, context)
    finally:
        _cleanup()
        app.conf.task_always_eager = eager


# Set-up


def _table(model) -> str:
    from django.db import connection

    return connection.ops.quote_name(model._meta.db_table)


def _columns(model, *names: str) -> str:
    from django.db import connection

    return ", ".join(connection.ops.quote_name(model._meta.get_field(name).column) for name in names)


def _cleanup() -> None:
    """Delete every row of the bench scans; answers first in one statement (the ORM would fetch them)."""
    from django.db import connection, transaction

    from portal.models import Job
    from quickscan.models import Answer, Response, Scan

    ids = list(Scan.objects.filter(name__startswith=MARK).values_list("pk", flat=True))
    if not ids:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {_table(Answer)} WHERE {_columns(Answer, 'response')} IN "  # noqa: S608
            f"(SELECT {_columns(Response, 'id')} FROM {_table(Response)} WHERE {_columns(Response, 'scan')} = ANY(%s))",
            [ids],
        )
        Scan.objects.filter(pk__in=ids).delete()
        Job.objects.filter(task__startswith="quickscan.", kwargs__scan_id__in=ids).delete()


def _national_data() -> dict:
    """One closed scan per municipality, 45 complete respondents each answering 40 statements, by COPY."""
    from django.db import connection, transaction
    from django.utils import timezone

    from portal.models import Municipality
    from quickscan.models import Answer, Questionnaire, Response, Scan, Statement

    started = time.perf_counter()
    rng = random.Random(SEED)
    questionnaire = Questionnaire.objects.filter(slug=QUESTIONNAIRE).order_by("-version").first()
    statements = list(
        Statement.objects.filter(theme__questionnaire=questionnaire)
        .order_by("theme__order", "order")
        .values_list("pk", "theme_id")
    )
    groups = list(questionnaire.groups)
    municipalities = list(
        Municipality.objects.current().order_by("code").values_list("pk", flat=True)[:NATIONAL_MUNICIPALITIES]
    )
    now = timezone.now()
    today = timezone.localdate()
    theme_bias = {theme: rng.uniform(-0.6, 0.6) for _pk, theme in statements}
    group_bias = {group: rng.uniform(-0.4, 0.4) for group in groups}
    answers = 0
    with transaction.atomic():
        scans = Scan.objects.bulk_create(
            Scan(
                municipality_id=municipality,
                questionnaire=questionnaire,
                name=f"{MARK}landelijk",
                status=Scan.Status.CLOSED,
                opens_on=today - datetime.timedelta(days=60),
                closes_on=today - datetime.timedelta(days=30),
                created_at=now - datetime.timedelta(days=90),
                opened_at=now - datetime.timedelta(days=60),
                closed_at=now - datetime.timedelta(days=30),
            )
            for municipality in municipalities
        )
        responses = []
        with connection.cursor() as cursor:
            with cursor.copy(
                f"COPY {_table(Response)} ({_columns(Response, 'id', 'scan', 'group', 'page', 'is_complete')}) "
                "FROM STDIN"
            ) as copy:
                for scan in scans:
                    bias = rng.uniform(-0.7, 0.7)
                    for number in range(NATIONAL_RESPONDENTS):
                        group = groups[number % len(groups)]
                        response = uuid.uuid4()
                        copy.write_row((response, scan.pk, group, len(statements), True))
                        responses.append((response, 3.3 + bias + group_bias[group]))
            with cursor.copy(
                f"COPY {_table(Answer)} ({_columns(Answer, 'response', 'statement', 'value')}) FROM STDIN"
            ) as copy:
                for response, mean in responses:
                    for statement, theme in statements[:NATIONAL_STATEMENTS]:
                        copy.write_row((response, statement, _value(rng, mean + theme_bias[theme])))
                        answers += 1
        copied = time.perf_counter()
    committed = time.perf_counter()
    with connection.cursor() as cursor:  # as autovacuum would; so that it does not run during the timings
        cursor.execute(f"VACUUM ANALYZE {_table(Response)}")
        cursor.execute(f"VACUUM ANALYZE {_table(Answer)}")
    emit(
        "national_benchmark",
        "generated_answers",
        answers,
        "rows",
        aim="data set: 342 municipalities x 45 respondents x 40 statements (not timed)",
        scans=len(scans),
        responses=len(responses),
        copy_s=round(copied - started, 2),
        commit_s=round(committed - copied, 2),
        vacuum_s=round(time.perf_counter() - committed, 2),
    )
    return {"questionnaire": questionnaire, "national_scans": [scan.pk for scan in scans], "rng": rng}


def _questionnaire_context() -> dict:
    from quickscan.models import Questionnaire

    questionnaire = Questionnaire.objects.filter(slug=QUESTIONNAIRE).order_by("-version").first()
    return {"questionnaire": questionnaire, "national_scans": [], "rng": random.Random(SEED)}


def _value(rng: random.Random, mean: float) -> int | None:
    if rng.random() < 0.05:
        return None  # "don't know"
    return min(5, max(1, round(rng.gauss(mean, 0.9))))


def _scored_scan(context: dict) -> int:
    """A closed scan of Amsterdam: 60 complete respondents, priorities, open answers and two own questions."""
    from django.db import transaction
    from django.utils import timezone

    from portal.models import Municipality
    from quickscan.models import (
        Answer,
        OpenAnswer,
        OwnQuestion,
        PriorityChoice,
        Response,
        Scan,
        Statement,
    )

    rng = context["rng"]
    questionnaire = context["questionnaire"]
    statements = list(Statement.objects.filter(theme__questionnaire=questionnaire).select_related("theme"))
    themes = list({s.theme_id: s.theme for s in statements}.values())
    today = timezone.localdate()
    with transaction.atomic():
        scan = Scan.objects.create(
            municipality=Municipality.objects.get(code="GM0363"),
            questionnaire=questionnaire,
            name=f"{MARK}scoring",
            status=Scan.Status.CLOSED,
            opens_on=today - datetime.timedelta(days=21),
            closes_on=today,
            opened_at=timezone.now() - datetime.timedelta(days=21),
            closed_at=timezone.now(),
        )
        scale = OwnQuestion.objects.create(
            scan=scan, order=0, text="Eigen stelling", kind=OwnQuestion.Kind.SCALE
        )
        open_question = OwnQuestion.objects.create(
            scan=scan, order=1, text="Eigen vraag", kind=OwnQuestion.Kind.OPEN
        )
        responses = Response.objects.bulk_create(
            Response(scan=scan, group=group, page=len(themes) + 2, is_complete=True)
            for group in questionnaire.groups
            for _ in range(SCORING_GROUP_SIZE)
        )
        Answer.objects.bulk_create(
            [
                Answer(response=response, statement=statement, value=_value(rng, 3.4))
                for response in responses
                for statement in statements
            ]
            + [
                Answer(response=response, own_question=scale, value=_value(rng, 3.0))
                for response in responses
            ]
        )
        PriorityChoice.objects.bulk_create(
            PriorityChoice(response=response, theme=theme)
            for response in responses
            for theme in rng.sample(themes, 3)
        )
        OpenAnswer.objects.bulk_create(
            [
                OpenAnswer(response=response, theme=theme, text=f"Toelichting {number} bij {theme.name}.")
                for number, response in enumerate(responses[::3])
                for theme in themes
                if theme.open_question
            ]
            + [
                OpenAnswer(response=response, own_question=open_question, text=f"Antwoord {number}.")
                for number, response in enumerate(responses[::4])
            ]
        )
    context["answers"] = len(responses) * (len(statements) + 1)
    return scan.pk


def _load() -> float:
    """The machine's 1-minute load average: on a shared machine it explains slow figures."""
    return round(os.getloadavg()[0], 2)


def _times(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def _count_answers(where: str, params: list) -> int:
    from django.db import connection

    from quickscan.models import Answer, Response, Scan

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {_table(Answer)} a JOIN {_table(Response)} r "  # noqa: S608
            f"ON r.{_columns(Response, 'id')} = a.{_columns(Answer, 'response')} "
            f"JOIN {_table(Scan)} s ON s.{_columns(Scan, 'id')} = r.{_columns(Response, 'scan')} WHERE {where}",
            params,
        )
        return cursor.fetchone()[0]


# 1. Scoring one scan


def _scan_scoring(context: dict) -> None:
    from quickscan.models import Response
    from quickscan.scoring import scan_score

    scan_id = _scored_scan(context)
    context["scan_id"] = scan_id
    # The first run creates every Score row and enqueues the PDF job; later runs replace identical rows.
    first = _times(lambda: scan_score(scan_id=scan_id), 1)[0]
    times = _times(lambda: scan_score(scan_id=scan_id), SCORING_RUNS)
    where = f"r.{_columns(Response, 'scan')} = %s AND r.{_columns(Response, 'is_complete')}"
    baseline = statistics.median(_times(lambda: _count_answers(where, [scan_id]), SCORING_RUNS))
    median = statistics.median(times)
    facts = {
        "respondents": 3 * SCORING_GROUP_SIZE,
        "answers": context["answers"],
        "runs": SCORING_RUNS,
        "load_1m": _load(),
    }
    emit("scan_scoring", "first_run", first, "s", aim="< 0.5 s", within_aim=first < 0.5, **facts)
    emit("scan_scoring", "median", median, "s", aim="< 0.5 s", within_aim=median < 0.5, **facts)
    emit("scan_scoring", "max", max(times), "s", aim="< 0.5 s", within_aim=max(times) < 0.5, **facts)
    emit("scan_scoring", "baseline_count", baseline, "s", aim="baseline: SELECT count(*) of the same answers")
    emit(
        "scan_scoring",
        "ratio_to_baseline",
        median / baseline,
        "ratio",
        aim="scoring median / count(*) median",
    )


# 2. National figures


def _answers_by_theme(questionnaire_id: int) -> list[dict]:
    """The national comparison straight from the answers: one grouped query, evaluated in the database."""
    from django.db.models import Avg, Count

    from quickscan.models import Answer, Scan

    return list(
        Answer.objects.filter(
            response__is_complete=True,
            response__scan__status=Scan.Status.CLOSED,
            response__scan__questionnaire_id=questionnaire_id,
            statement__isnull=False,
        )
        .values("statement__theme_id")
        .annotate(mean=Avg("value"), answered=Count("value"), answers=Count("pk"))
        .order_by("statement__theme_id")
    )


def _national_benchmark(context: dict) -> None:
    from quickscan.models import Response, Scan, Score
    from quickscan.scoring import scan_score
    from quickscan.selectors import benchmark_for, national_figures

    aim = "< 10 s"
    questionnaire_id = context["questionnaire"].pk
    scan_ids = context["national_scans"]
    started = time.perf_counter()
    for scan_id in scan_ids:
        scan_score(scan_id=scan_id)
    total = time.perf_counter() - started
    emit(
        "national_benchmark",
        "score_all_scans",
        total,
        "s",
        aim=aim,
        within_aim=total < 10,
        note="one-off: production scores each scan once, when it closes; the national pages read the scores",
        scans=len(scan_ids),
        per_scan_ms=round(total / len(scan_ids) * 1000, 1),
        load_1m=_load(),
        score_rows=Score.objects.filter(scan_id__in=scan_ids).count(),
    )

    figures = []
    times = _times(lambda: figures.append(list(national_figures())), QUERY_RUNS)
    emit(
        "national_benchmark",
        "national_figures",
        statistics.median(times),
        "s",
        aim=aim,
        within_aim=max(times) < 10,
        source="quickscan.scoring.national_figures (staff_national), from stored Score rows",
        rows=len(figures[-1]),
        runs=QUERY_RUNS,
    )

    scan = Scan.objects.select_related("municipality").get(pk=scan_ids[0])
    benchmarks = []
    times = _times(lambda: benchmarks.append(benchmark_for(scan)), QUERY_RUNS)
    emit(
        "national_benchmark",
        "benchmark_for",
        statistics.median(times),
        "s",
        aim=aim,
        within_aim=max(times) < 10,
        source="quickscan.scoring.benchmark_for(scan), from stored Score rows",
        municipality=scan.municipality.code,
        themes=len(benchmarks[-1] or {}),
        runs=QUERY_RUNS,
    )

    rows = []
    times = _times(lambda: rows.append(_answers_by_theme(questionnaire_id)), QUERY_RUNS)
    where = (
        f"r.{_columns(Response, 'is_complete')} AND s.{_columns(Scan, 'status')} = %s "
        f"AND s.{_columns(Scan, 'questionnaire')} = %s"
    )
    baseline = statistics.median(
        _times(lambda: _count_answers(where, [Scan.Status.CLOSED, questionnaire_id]), QUERY_RUNS)
    )
    median = statistics.median(times)
    emit(
        "national_benchmark",
        "aggregate_from_answers",
        median,
        "s",
        aim=aim,
        within_aim=max(times) < 10,
        source="Answer -> Statement -> theme, Avg/Count grouped by theme in one ORM query",
        themes=len(rows[-1]),
        answers=sum(row["answers"] for row in rows[-1]),
        runs=QUERY_RUNS,
    )
    emit(
        "national_benchmark",
        "baseline_count",
        baseline,
        "s",
        aim="baseline: SELECT count(*) of the same answers",
    )
    emit(
        "national_benchmark",
        "ratio_to_baseline",
        median / baseline,
        "ratio",
        aim="aggregate_from_answers median / count(*) median",
    )


# 3. The PDF report


def _pdf_pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True, check=False).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(found.group(1)) if found else 0


def _baseline_pdf() -> bytes:
    from django.template import engines
    from weasyprint import HTML

    from portal.pdf import PDF_BASE_URL

    template = engines["django"].from_string(BASELINE_TEMPLATE.read_text())
    html = template.render({"title": "Benchmark", "text": "Eén pagina met een kop en een alinea."})
    return HTML(string=html, base_url=PDF_BASE_URL).write_pdf()


def _report_pdf(context: dict) -> None:
    """The PDF as the worker makes it (`report_pdf_store`: build, render, store), in each language, beside a
    one-page PDF made by the same WeasyPrint in the same run. The first report of a process is reported on
    its own: it also loads the report's fonts and stylesheet; a worker pays that once."""
    from django.conf import settings

    from quickscan.models import ReportPdf, Scan
    from quickscan.pdf import report_pdf_store
    from quickscan.reports import report_build

    scan_id = context["scan_id"]
    _baseline_pdf()  # warm WeasyPrint and fontconfig up before anything is timed
    baseline_pdf = []
    cpu_started = time.process_time()
    baseline_times = _times(lambda: baseline_pdf.append(_baseline_pdf()), PDF_RUNS)
    baseline_cpu = (time.process_time() - cpu_started) / PDF_RUNS
    baseline = statistics.median(baseline_times)
    emit(
        "report_pdf",
        "baseline_one_page",
        baseline,
        "s",
        aim="baseline: one-page WeasyPrint PDF of bench/pdf_baseline.html",
        min_s=round(min(baseline_times), 4),
        max_s=round(max(baseline_times), 4),
        cpu_s_mean=round(baseline_cpu, 4),
        pages=_pdf_pages(baseline_pdf[-1]),
        bytes=len(baseline_pdf[-1]),
    )
    first = None
    for language, _name in settings.LANGUAGES:
        stored = ReportPdf.objects.filter(scan_id=scan_id, language=language)

        def render(stored=stored, language=language) -> None:
            stored.delete()  # report_pdf_store skips a PDF that is current
            if not report_pdf_store(scan_id=scan_id, language=language):
                raise RuntimeError("report_pdf_store made no PDF")

        if first is None:
            first = _times(render, 1)[0]
            emit("report_pdf", "first_in_process", first, "s", aim="informative: fonts and stylesheet loaded",
                 language=language)
        cpu_started = time.process_time()
        times = _times(render, PDF_RUNS)
        cpu = (time.process_time() - cpu_started) / PDF_RUNS  # this process only: less swayed by the machine's load
        pdf = bytes(stored.values_list("pdf", flat=True).get())
        median = statistics.median(times)
        emit(
            "report_pdf",
            f"median_{language}",
            median,
            "s",
            aim="< 1 s",
            within_aim=median < 1,
            source="quickscan.pdf.report_pdf_store (report_build + portal.pdf.render_pdf + store)",
            min_s=round(min(times), 4),
            max_s=round(max(times), 4),
            cpu_s_mean=round(cpu, 4),
            pages=_pdf_pages(pdf),
            bytes=len(pdf),
            load_1m=_load(),
            runs=PDF_RUNS,
        )
        emit("report_pdf", f"ratio_to_baseline_{language}", median / baseline, "ratio",
             aim="report median / one-page median")
    build = statistics.median(_times(lambda: report_build(Scan.objects.get(pk=scan_id)), PDF_RUNS))
    emit("report_pdf", "report_build", build, "s", aim="informative: the context alone (queries), nl")


# 4. Saving answer pages under concurrency


def _invited_scan(context: dict) -> tuple[str, list[str], list[dict]]:
    """An open scan with 20 invitations made and mailed by the services; the tokens come from the mails."""
    from django.conf import settings
    from django.core import mail
    from django.test.utils import override_settings
    from django.utils import timezone

    from portal.models import Municipality
    from quickscan import services
    from quickscan.forms import answer_pages
    from quickscan.models import Scan

    questionnaire = context["questionnaire"]
    today = timezone.localdate()
    scan = Scan.objects.create(
        municipality=Municipality.objects.get(code="GM0599"),
        questionnaire=questionnaire,
        name=f"{MARK}invullen",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=14),
    )
    for number, group in enumerate(questionnaire.groups):
        emails = [
            f"bench{n}@example.nl" for n in range(RESPONDENTS) if n % len(questionnaire.groups) == number
        ]
        services.respondents_add(scan=scan, group=group, emails=emails)
    services.scan_open(scan=scan)
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        services.invitations_send(scan_id=scan.pk)
        bodies = [message.body for message in mail.outbox]
    base = re.escape(settings.PORTAL_BASE_URL)
    paths = [re.search(base + r"(/\S+)", body).group(1) for body in bodies]
    rng = context["rng"]
    pages = []
    for page in answer_pages(scan):
        if page.kind != "theme":
            continue  # the last page submits the response; the saves stay on the theme pages
        data = {f"s{statement.pk}": rng.choice("123450") for statement in page.statements}
        if page.theme.open_question:
            data[f"t{page.theme.pk}"] = "Een toelichting van een paar woorden."
        pages.append(data)
    return str(scan.public_id), paths, pages


def _percentiles(latencies: list[float]) -> tuple[float, float]:
    ordered = sorted(latencies)
    return statistics.median(ordered) * 1000, ordered[max(0, round(len(ordered) * 0.95) - 1)] * 1000


def _concurrently(
    work: Callable[[int, threading.Barrier], list[float]], threads: int
) -> tuple[list[float], int, float]:
    """Run `work(number, barrier)` in `threads` threads; the timed part starts together after the barrier.

    Returns the latencies, the number of threads that failed, and the seconds from the barrier to the end.
    """
    released: list[float] = []
    barrier = threading.Barrier(threads, action=lambda: released.append(time.perf_counter()), timeout=60)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def target(number: int) -> None:
        nonlocal errors
        try:
            mine = work(number, barrier)
        except Exception:
            barrier.abort()
            with lock:
                errors += 1
            return
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=target, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=120)
    return latencies, errors, time.perf_counter() - (released[0] if released else 0)


CLOSED_LOOP_SECONDS = 5


def _respondent_lua(respondents: list[dict]) -> str:
    """wrk hooks for the closed loop: thread n is respondent n (one connection each), saving its theme
    pages in order 1, 2, ... 7, 1, ... with its own cookie and CSRF token; anything but the redirect to
    the next page counts as `bad`."""
    rows = []
    for respondent in respondents:
        saves = ", ".join(
            f"{{path = {lua_string(path)}, body = {lua_string(body)}}}" for path, body in respondent["saves"]
        )
        rows.append(f"  {{cookie = {lua_string(respondent['cookie'])}, saves = {{{saves}}}}},")
    return "\n".join(
        [
            "local respondents = {",
            *rows,
            "}",
            "local next_id = 1",
            "function setup(thread)",
            "  thread:set('id', next_id)",
            "  next_id = next_id + 1",
            "end",
            "function init(args)",
            "  me = respondents[id]",
            "  n = 0",
            "  bad = 0",
            "end",
            "function request()",
            "  n = n + 1",
            "  local save = me.saves[(n - 1) % #me.saves + 1]",
            "  return wrk.format('POST', save.path, {['Cookie'] = me.cookie, ['Accept-Language'] = 'nl',",
            "    ['Content-Type'] = 'application/x-www-form-urlencoded'}, save.body)",
            "end",
            "function response(status, headers, body)",
            "  if status ~= 302 then bad = bad + 1 end",
            "end",
        ]
    )


def _answer_page_save(env: dict[str, str], context: dict) -> None:
    _public_id, paths, pages = _invited_scan(context)
    failed_saves = 0
    lock = threading.Lock()

    def save(client: Client, path: str, token: str, number: int) -> float:
        """Save theme page 2, 3, ... 7, 1, 2, ... (never the last page: that submits the response)."""
        nonlocal failed_saves
        page = number % len(pages) + 1
        data = {"csrfmiddlewaretoken": token, **pages[page - 1]}
        started = time.perf_counter()
        reply = client.request("POST", f"{path}?pagina={page}", data)
        elapsed = time.perf_counter() - started
        if reply.status != 302 or not reply.location.endswith(f"pagina={page + 1}"):
            with lock:
                failed_saves += 1
        return elapsed

    def prepare(port: int) -> list[dict]:
        """Each respondent opens their link, starts, and saves page 1 once (which also warms the workers up).
        What wrk needs per respondent: the cookie, and the POST of every theme page with its CSRF token."""
        respondents = []
        for path in paths:
            client = Client(port)
            try:
                client.request("GET", path)
                start = client.request("POST", path, {"csrfmiddlewaretoken": csrf_token(client.request("GET", path).text)})
                if start.status != 302:
                    raise RuntimeError(f"starting the response answered {start.status}")
                token = csrf_token(client.request("GET", f"{path}?pagina=1").text)
                save(client, path, token, 0)  # page 1: from here on every page may be saved
                saves = [
                    (f"{path}?pagina={page}", urlencode({"csrfmiddlewaretoken": token, **pages[page - 1]}))
                    for page in range(1, len(pages) + 1)
                ]
                respondents.append({"path": path, "token": token, "cookies": dict(client.cookies),
                                    "cookie": client.cookie_header(), "saves": saves})
            finally:
                client.close()
        return respondents

    def paced(number: int, barrier: threading.Barrier) -> list[float]:
        """The same respondents, each saving once per PACE seconds, their saves spread evenly: an offered load
        of 10 saves/s, still far more than people who read and think before they save a page. Open loop
        at a low rate, so a Python client is accurate enough here."""
        respondent = respondents[number]
        client = Client(port)
        client.cookies = dict(respondent["cookies"])
        try:
            barrier.wait()
            start = time.perf_counter() + number * PACE / len(paths)
            latencies = []
            for save_number in range(1, SAVES_PER_RESPONDENT + 1):
                time.sleep(max(0.0, start + (save_number - 1) * PACE - time.perf_counter()))
                latencies.append(save(client, respondent["path"], respondent["token"], save_number))
            return latencies
        finally:
            client.close()

    def single_get_ms() -> float:
        """One respondent alone fetching pages: the service time of a page view without queueing."""
        client, path = Client(port), paths[0]
        gets = []
        try:
            for number in range(1, SAVES_PER_RESPONDENT + 1):
                started = time.perf_counter()
                client.request("GET", f"{path}?pagina={number % len(pages) + 1}")
                gets.append(time.perf_counter() - started)
        finally:
            client.close()
        return statistics.median(gets) * 1000

    def health(connections: int, seconds: int) -> WrkResult:
        return wrk(f"http://127.0.0.1:{port}/health/", seconds=seconds, threads=connections,
                   connections=connections, headers={"Accept-Language": "nl"})

    with gunicorn(env, workers=GUNICORN_WORKERS) as port:
        respondents = prepare(port)
        health(len(paths), 1)  # every worker serves a first (slow) request before timing
        baseline = health(len(paths), 3)
        loop = wrk(f"http://127.0.0.1:{port}/", seconds=CLOSED_LOOP_SECONDS, threads=len(paths),
                   connections=len(paths), lua=_respondent_lua(respondents))
        single = wrk(f"http://127.0.0.1:{port}/", seconds=3, threads=1, connections=1,
                     lua=_respondent_lua(respondents[:1]))
        paced_latencies, paced_errors, _elapsed = _concurrently(paced, len(paths))
        get_ms = single_get_ms()
    facts = {
        "respondents": len(paths),
        "workers": GUNICORN_WORKERS,
        "cpus": os.cpu_count(),
        "load_1m": _load(),
    }
    emit(
        "answer_page_save",
        "post_p95",
        loop.p95_ms,
        "ms",
        aim="p95 < 100 ms",
        within_aim=loop.p95_ms < 100 and not loop.errors and not loop.unexpected_status,
        p50_ms=round(loop.p50_ms, 1),
        p99_ms=round(loop.p99_ms, 1),
        saves=loop.requests,
        saves_per_second=round(loop.rps, 1),
        failed_saves=loop.errors + loop.unexpected_status,
        load="closed loop: wrk, one connection per respondent, back-to-back saves",
        seconds=CLOSED_LOOP_SECONDS,
        **facts,
    )
    emit("answer_page_save", "post_p50", loop.p50_ms, "ms", aim="p95 < 100 ms")
    emit(
        "answer_page_save",
        "baseline_health_p95",
        baseline.p95_ms,
        "ms",
        aim="baseline: GET /health/ from wrk with the same 20 connections",
        p50_ms=round(baseline.p50_ms, 2),
        requests=baseline.requests,
        requests_per_second=round(baseline.rps, 1),
        errors=baseline.errors,
    )
    emit("answer_page_save", "ratio_to_baseline", loop.p95_ms / baseline.p95_ms, "ratio", aim="save p95 / health p95")
    if paced_latencies:
        paced50, paced95 = _percentiles(paced_latencies)
        emit(
            "answer_page_save",
            "paced_post_p95",
            paced95,
            "ms",
            aim="informative: p95 < 100 ms when each of the 20 saves once per PACE seconds",
            within_aim=paced95 < 100,
            p50_ms=round(paced50, 1),
            saves=len(paced_latencies),
            failed_respondents=paced_errors,
            failed_saves_prepare_and_paced=failed_saves,
            offered_saves_per_second=round(len(paths) / PACE, 1),
        )
    emit(
        "answer_page_save",
        "single_post_p50",
        single.p50_ms,
        "ms",
        aim="informative: one respondent alone (wrk -c1), the service time of a save",
        page_get_p50_ms=round(get_ms, 1),
        saves=single.requests,
        failed_saves=single.errors + single.unexpected_status,
    )
