"""The fault suite: the production stack of .ci/stack_check.py under three faults, with what happened counted.

Run it as `.ci/fault-suite`: as root, that script makes a throwaway PostgreSQL cluster (`faults`, port 5440) and
its own Redis (port 6390), so that both can be stopped without touching the shared ones, and removes them at
the end. The stack is stack_check's: gunicorn with 2 workers, 2 Celery workers and beat with the environment of
docker-compose.yml, with four settings lowered so that the run fits in three minutes: CELERY_TASK_TIME_LIMIT=20
(a claimed job's lease is that + 60 s), PORTAL_JOB_SWEEP_SECONDS=5 and PORTAL_JOB_STALE_SECONDS=5.

(b) Workers killed with SIGKILL during scoring and during a PDF. Two scans with answers are closed over HTTP.
    The suite holds row locks as a concurrent writer would, so that each job is caught at a known point: scan
    A's scoring at its commit (its new Score rows refer to the scan's own question, which the suite holds), and
    scan B's PDFs after rendering, when they store the file (the row refers to scan B, which the suite holds).
    The worker holding each job is found through PostgreSQL and /proc (fault_tools.holder); its process group
    gets SIGKILL. The cluster ends the orphaned sessions (client_connection_check_interval), so nothing of the
    killed work is stored. The workers start again and the sweep hands the jobs out once their leases ran out:
    one result per scan, one PDF per scan and language, every job done, none run again before its lease ended.
    (c) and (a) run while the leases run out.
(c) PostgreSQL restarted (pg_ctlcluster restart) while two clients request pages: requests fail only between the
    restart command and the database answering again, all later ones are answered, no process restarted, and a
    registration afterwards is mailed by the same workers.
(a) Redis stopped while three clients request pages and register for an event (each queues a mail): no 500 and
    no refused connection; once Redis is back, every registrant gets exactly one mail (the sweep dispatches the
    jobs that stayed pending) and every mail job is done.

It prints what it did and the counts, and exits non-zero on any failed expectation; every process is stopped at
the end, also on failure or Ctrl-C.
"""

from __future__ import annotations

import datetime
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import stack_check as sc
from fault_tools import (
    CACHE_URL,
    DATABASE_URL,
    PG_CLUSTER,
    PG_PORT,
    PG_VERSION,
    REDIS_PORT,
    REDIS_URL,
    Exit,
    Hit,
    Outage,
    RowLock,
    Supervisor,
    Traffic,
    group_members,
    holder,
    mails_to,
    now,
    phases,
    pids_of,
    postgres_restart,
    redis_start,
    redis_stop,
    sql,
    statuses,
    timed,
    waiting_on,
)
from stack_check import ROOT, Stack, StackCheckFailed, confirm, log, step, wait_until

from bench.client import Client, login
from bench.server import create_database, free_port, load_line

TIME_LIMIT = 20
LEASE_SECONDS = TIME_LIMIT + 60  # portal/settings.py: PORTAL_JOB_LEASE_SECONDS
SWEEP_SECONDS = 5
FAULT_SETTINGS = {
    "CELERY_TASK_TIME_LIMIT": str(TIME_LIMIT),
    "CELERY_TASK_SOFT_TIME_LIMIT": str(TIME_LIMIT - 5),
    "PORTAL_JOB_SWEEP_SECONDS": str(SWEEP_SECONDS),
    "PORTAL_JOB_STALE_SECONDS": str(SWEEP_SECONDS),
}
BUDGET_SECONDS = 180
# The launcher's start (with the cluster's creation), so that the budget covers the whole run.
SUITE_STARTED = float(os.environ.get("FAULT_SUITE_STARTED") or time.time())
EVENT_SLUG = "storingsproef"
RESPONDENTS = 8
REDIS_DOWN_SECONDS = 5.0
RESTART_GRACE_SECONDS = 1.0  # the probe polls: a request may start a moment before it sees the database again
PAGES = ["/", "/agenda/", f"/agenda/{EVENT_SLUG}/", "/gemeenten/amsterdam/", "/health/"]
SIGNED_IN_PAGES = ["/mijn/", "/gemeenten/amsterdam/"]
MAIL_TASK = "portal.mail.email_send_task"


def register(port: int, address: str) -> Hit:
    """A visitor registers for the event: the event page, then its form (which queues a mail to confirm)."""
    client = Client(port)

    def send() -> int:
        page = client.request("GET", f"/agenda/{EVENT_SLUG}/")
        if page.status != 200:
            return page.status
        reply = client.submit(f"/agenda/{EVENT_SLUG}/aanmelden/", page.text, {
            "name": "Proef Deelnemer", "email": address, "function": "raadslid", "municipality": ""}, expect=None)
        if reply.status == 200 and address not in reply.text:
            return 299  # an answer, but not the "we sent you a mail" page: counted as not ok
        return reply.status

    hit = timed(client, f"POST aanmelden {address}", send)
    client.close()
    return hit


# Set-up without HTTP forms: the accounts, the event and the scans (as the services would have left them)


@dataclass
class ScanRef:
    id: int
    question_id: int


def prepare_data() -> dict:
    secret = sc.create_griffier()  # sets Django up on the suite's database
    from django.db import connections
    from django.utils import timezone

    from events.models import Event
    from portal.models import Municipality, User
    from quickscan.models import (
        Answer,
        DataProcessingAgreement,
        OwnQuestion,
        Questionnaire,
        Response,
        Scan,
        Statement,
    )

    griffier = User.objects.get(email=sc.GRIFFIER_EMAIL)
    amsterdam = Municipality.objects.get(code=sc.MUNICIPALITY_CODE)
    DataProcessingAgreement.objects.create(municipality=amsterdam, accepted_by=griffier)
    starts = timezone.now() + datetime.timedelta(days=10)
    Event.objects.create(slug=EVENT_SLUG, title="Storingsproef", title_en="Fault drill", summary="Een bijeenkomst.",
                         summary_en="A meeting.", kind=Event.Kind.REGIONAL_MEETING, status=Event.Status.PUBLISHED,
                         venue="Stadhuis", address="Amstel 1, Amsterdam", starts_at=starts,
                         ends_at=starts + datetime.timedelta(hours=2), capacity=None)
    questionnaire = Questionnaire.objects.filter(requires_grant=False, is_active=True).order_by("pk").first()
    statements = list(Statement.objects.filter(theme__questionnaire=questionnaire))
    rng = random.Random(20261202)
    today = timezone.localdate()
    scans = {}
    for label in ("A", "B"):
        scan = Scan.objects.create(municipality=amsterdam, questionnaire=questionnaire, name=f"Storingsproef {label}",
                                   status=Scan.Status.OPEN, opens_on=today - datetime.timedelta(days=7),
                                   closes_on=today + datetime.timedelta(days=7), opened_at=timezone.now(),
                                   created_by=griffier)
        question = OwnQuestion.objects.create(scan=scan, order=1, text="De raad luistert naar inwoners.")
        responses = Response.objects.bulk_create(
            Response(scan=scan, group="raad", is_complete=True) for _ in range(RESPONDENTS)
        )
        Answer.objects.bulk_create(
            [Answer(response=r, statement=s, value=rng.randint(1, 5)) for r in responses for s in statements]
            + [Answer(response=r, own_question=question, value=rng.randint(1, 5)) for r in responses]
        )
        scans[label] = ScanRef(scan.pk, question.pk)
    connections.close_all()
    return {"totp": secret, "scans": scans, "statements": len(statements)}


# (b) SIGKILL during scoring and during a PDF


def kill_during_work(stack: Stack, supervisor: Supervisor, griffier: Client, scans: dict[str, ScanRef]) -> dict:
    a, b = scans["A"], scans["B"]
    hold_a = RowLock("quickscan_ownquestion", a.question_id)
    hold_b_scoring = RowLock("quickscan_ownquestion", b.question_id)
    hold_b = RowLock("quickscan_scan", b.id)
    try:
        hold_a.take()
        hold_b_scoring.take()
        for scan in (a, b):
            confirm(griffier, f"/quickscan/{scan.id}/sluiten/")
        closed_at = now()
        log("closed both scans over HTTP; waiting for their scoring jobs to reach their commit")
        scoring_a = wait_until("scan A's scoring to wait at its commit", lambda: waiting_on(hold_a.pid), seconds=30)
        wait_until("scan B's scoring to wait at its commit", lambda: waiting_on(hold_b_scoring.pid), seconds=30)
        # Queue a lock on scan B behind its scoring, then let the scoring finish: the lock is taken the moment
        # the scoring commits, before the PDF jobs it queues can store anything.
        hold_b.take_in_background()
        wait_until("the lock on scan B to queue behind its scoring", hold_b.is_queued, seconds=10)
        hold_b_scoring.release()
        pdfs_b = wait_until("scan B's two PDFs to wait to be stored", lambda: (
            sessions if len(sessions := waiting_on(hold_b.pid)) == 2 else None), seconds=40)
        jobs = {row[0]: row for row in sql(
            "SELECT id, task, kwargs, attempts, lease_until FROM portal_job WHERE state = 'running' ORDER BY id")}
        caught = sorted((row[1].rsplit(".", 1)[1], row[2]["scan_id"], row[2].get("language", ""))
                        for row in jobs.values())
        expected = [("scan_report_pdf_task", b.id, "en"), ("scan_report_pdf_task", b.id, "nl"),
                    ("scan_score_task", a.id, "")]
        if caught != expected:
            raise StackCheckFailed(f"the running jobs are {caught}, not {expected}")
        roles = dict.fromkeys(scoring_a, "scan A scoring") | dict.fromkeys(pdfs_b, "scan B PDF")
        holders = {session: (roles[session], *holder(stack, session)) for session in roles}
        victims = sorted({name for _role, name, _pid in holders.values()})
        members = {name: group_members(stack.processes[name].pid) for name in victims}
        killed_at = now()
        log(f"SIGKILL to {', '.join(victims)}: scoring of scan A and the PDFs of scan B are in their hands")
        ready = supervisor.kill(victims)  # started again at once, as compose's restart policy would
        wait_until("the killed workers' database sessions to end", lambda: not sql(
            "SELECT pid FROM pg_stat_activity WHERE pid = ANY(%s)", list(holders)), seconds=15, every=0.1)
        ended_at = now()
        stored = sql("SELECT (SELECT count(*) FROM quickscan_scanresult WHERE scan_id = %s),"
                     " (SELECT count(*) FROM quickscan_reportpdf WHERE scan_id = %s)", a.id, b.id)[0]
        if stored != (0, 0):
            raise StackCheckFailed(f"killed work was stored: scan A results {stored[0]}, scan B PDFs {stored[1]}")
    finally:
        for lock in (hold_a, hold_b_scoring, hold_b):
            lock.release()
    supervisor.wait_ready(ready)
    return {"closed_at": closed_at, "killed_at": killed_at, "ended_at": ended_at, "restarted_at": now(),
            "jobs": jobs, "holders": holders, "victims": victims, "members": members}


def rerun_results(scans: dict[str, ScanRef], killed: dict) -> dict:
    """Wait until every job of both scans is done (the killed ones handed out again after their lease)."""
    ids = [scan.id for scan in scans.values()]
    last_lease = max(row[4] for row in killed["jobs"].values())
    seconds = max(30.0, (last_lease - datetime.datetime.now(datetime.UTC)).total_seconds() + 45)

    def finished():
        rows = sql("SELECT id, task, kwargs, state, attempts, done_at FROM portal_job"
                   " WHERE (kwargs->>'scan_id')::int = ANY(%s) ORDER BY id", ids)
        pdfs = [row for row in rows if row[1].endswith("scan_report_pdf_task")]
        return rows if len(pdfs) == 4 and all(row[3] in {"done", "failed"} for row in rows) else None

    rows = wait_until("the killed jobs to run again after their lease and finish", finished, seconds=seconds,
                      every=0.5)
    results = dict(sql("SELECT scan_id, count(*) FROM quickscan_scanresult WHERE scan_id = ANY(%s) GROUP BY 1", ids))
    pdfs = Counter({(scan_id, language): count for scan_id, language, count in sql(
        "SELECT scan_id, language, count(*) FROM quickscan_reportpdf WHERE scan_id = ANY(%s) GROUP BY 1, 2", ids)})
    scores = {row[0]: (row[1], row[2]) for row in sql(
        "SELECT scan_id, count(*), count(DISTINCT (level, theme_id, statement_id, own_question_id, \"group\"))"
        " FROM quickscan_score WHERE scan_id = ANY(%s) GROUP BY 1", ids)}
    stale = sql("SELECT count(*) FROM quickscan_reportpdf p JOIN quickscan_scanresult r USING (scan_id)"
                " WHERE p.scan_id = ANY(%s) AND p.scores_of <> r.computed_at", ids)[0][0]
    return {"rows": rows, "results": results, "pdfs": pdfs, "scores": scores, "stale": stale, "done_at": now()}


def check_b(scans: dict[str, ScanRef], killed: dict, rerun: dict) -> list[str]:
    problems = []
    for label, scan in scans.items():
        if rerun["results"].get(scan.id) != 1:
            problems.append(f"scan {label} has {rerun['results'].get(scan.id, 0)} results, not 1")
        for language in ("nl", "en"):
            if rerun["pdfs"][(scan.id, language)] != 1:
                problems.append(f"scan {label} has {rerun['pdfs'][(scan.id, language)]} PDFs in {language}, not 1")
        total, distinct = rerun["scores"].get(scan.id, (0, 0))
        if not total or total != distinct:
            problems.append(f"scan {label} has {total} Score rows, {distinct} distinct")
    if rerun["stale"]:
        problems.append(f"{rerun['stale']} PDFs show other scores than the stored result")
    by_id = {row[0]: row for row in rerun["rows"]}
    for job_id, (_id, task, _kwargs, attempts, lease_until) in killed["jobs"].items():
        row = by_id.get(job_id)
        if row is None or row[3] != "done" or row[4] != attempts + 1:
            problems.append(f"killed job {job_id} ({task}) ended as {row and row[3:5]}, not done after {attempts + 1}")
        elif row[5] < lease_until:
            problems.append(f"killed job {job_id} ran again before its lease ended ({row[5]} < {lease_until})")
    for row in rerun["rows"]:
        if row[0] not in killed["jobs"] and (row[3] != "done" or row[4] != 1):
            problems.append(f"job {row[0]} ({row[1]}) ended as {row[3]} after {row[4]} attempts")
    return problems


def summary_b(killed: dict, rerun: dict, scans: dict[str, ScanRef], statements: int) -> list[str]:
    held = ", ".join(f"{role} in {worker} (pool process {pid})" for role, worker, pid in killed["holders"].values())
    killed_groups = ", ".join(f"{name} {len(pids)} processes" for name, pids in killed["members"].items())
    lines = [
        f"(b) scans A and B ({RESPONDENTS} respondents x {statements} statements + 1 own question) closed over HTTP "
        f"at +{killed['closed_at']:.0f} s",
        "    held with row locks: scan A's scoring at its commit, scan B's PDFs (nl, en) after rendering",
        f"    found through their database sessions: {held}",
        f"    SIGKILL to {' and '.join(killed['victims'])} ({killed_groups}) at +{killed['killed_at']:.1f} s; "
        f"PostgreSQL ended their sessions {killed['ended_at'] - killed['killed_at']:.1f} s later; nothing of it stored",
        f"    workers started again (+{killed['restarted_at']:.0f} s); leases last {LEASE_SECONDS} s from the claim; "
        f"every job done at +{rerun['done_at']:.0f} s:",
    ]
    for job_id, task, kwargs, state, attempts, done_at in rerun["rows"]:
        first = killed["jobs"].get(job_id)
        scan = "A" if kwargs["scan_id"] == scans["A"].id else "B"
        language = f" {kwargs['language']}" if "language" in kwargs else ""
        after_lease = (done_at - first[4]).total_seconds() if first else 0
        note = f", killed in attempt 1, done {after_lease:.0f} s after its lease ended" if first else ""
        lines.append(f"      job {job_id} {task.rsplit('.', 1)[1]} scan {scan}{language}: {state} after {attempts} "
                     f"attempt(s){note}")
    lines.append("    results: " + "; ".join(
        f"scan {label} {rerun['results'].get(s.id, 0)} result, {rerun['scores'].get(s.id, (0,))[0]} Score rows, "
        f"PDFs nl {rerun['pdfs'][(s.id, 'nl')]} en {rerun['pdfs'][(s.id, 'en')]}" for label, s in scans.items()))
    return lines


# (c) PostgreSQL restarted while pages are served


def restart_postgres(stack: Stack, anonymous: Client, griffier: Client) -> dict:
    before = pids_of(stack)
    traffic = Traffic()
    traffic.pages(anonymous, PAGES)
    traffic.pages(griffier, SIGNED_IN_PAGES)
    time.sleep(3)
    probe = Outage()
    began = now()
    postgres_restart()
    ended = now()
    time.sleep(4)
    down, up = probe.stop()
    hits = traffic.stop()
    after = pids_of(stack)
    address = "na-herstart@storingsproef.example.nl"
    registration = register(stack.port, address)
    mails = wait_until("the registration after the restart to be mailed", lambda: mails_to(stack.workdir)[address],
                       seconds=20, every=0.2)
    return {"hits": hits, "began": began, "ended": ended, "down": down, "up": up, "before": before, "after": after,
            "registration": registration, "mailed_in": now() - registration.ended, "mails": mails}


def check_c(c: dict) -> list[str]:
    problems = []
    failures = [hit for hit in c["hits"] if not hit.ok]
    late = [hit for hit in failures if hit.started > c["up"] + RESTART_GRACE_SECONDS or hit.ended < c["began"]]
    if late:
        problems.append(f"{len(late)} requests failed outside the restart (+{c['began']:.2f} s to +{c['up']:.2f} s): "
                        f"{late[:3]}")
    after = [hit for hit in c["hits"] if hit.started > c["up"] + RESTART_GRACE_SECONDS]
    if len(after) < 10:
        problems.append(f"only {len(after)} requests after the restart")
    if c["before"] != c["after"]:
        problems.append(f"processes changed during the restart: {c['before']} -> {c['after']}")
    if not c["registration"].ok or c["mails"] != 1:
        problems.append(f"registration after the restart: {c['registration'].status}, {c['mails']} mails")
    return problems


def summary_c(c: dict) -> list[str]:
    before, during, after = phases(c["hits"], c["began"], c["up"])
    failures = [hit for hit in c["hits"] if not hit.ok]
    pages = ", ".join(f"{label} x{n}" for label, n in Counter(hit.label for hit in failures).most_common())
    window = (f"started +{min(h.started for h in failures) - c['began']:.2f} s to "
              f"+{max(h.started for h in failures) - c['began']:.2f} s into the restart ({pages})" if failures else "")
    return [
        f"(c) PostgreSQL restarted at +{c['began']:.0f} s (pg_ctlcluster restart took {c['ended'] - c['began']:.1f} s) "
        "while 2 clients requested pages",
        f"    a probe (SELECT 1 every 50 ms) found no database for {c['up'] - c['down']:.2f} s "
        f"(+{c['down'] - c['began']:.2f} s to +{c['up'] - c['began']:.2f} s into the restart)",
        f"    requests before {statuses(before)}, during the restart {statuses(during)}, after {statuses(after)}",
        f"    failed requests: {len(failures)} {window}",
        "    no process restarted (same process ids for gunicorn, both Celery workers and beat); a registration "
        f"afterwards was mailed in {c['mailed_in']:.1f} s",
    ]


# (a) Redis stopped while requests run


def stop_redis(stack: Stack, anonymous: Client, griffier: Client) -> dict:
    traffic = Traffic()
    traffic.pages(anonymous, PAGES)
    traffic.pages(griffier, SIGNED_IN_PAGES)
    traffic.every(0.3, lambda n: register(stack.port, f"deelnemer{n}@storingsproef.example.nl"))
    time.sleep(3)
    stopped = now()
    redis_stop()
    time.sleep(REDIS_DOWN_SECONDS)
    pending = sql("SELECT count(*) FROM portal_job WHERE task = %s AND state = 'pending'", MAIL_TASK)[0][0]
    redis_start()
    back = now()
    time.sleep(3)
    hits = traffic.stop()
    addresses = [hit.label.rsplit(" ", 1)[1] for hit in hits if hit.label.startswith("POST") and hit.ok]

    def all_mailed():
        counts = mails_to(stack.workdir)
        open_jobs = sql("SELECT count(*) FROM portal_job WHERE task = %s AND state <> 'done'", MAIL_TASK)[0][0]
        return counts if not open_jobs and all(counts[address] for address in addresses) else None

    mails = wait_until("a mail for every registration, every mail job done", all_mailed, seconds=45, every=0.3)
    web_log = stack.log_of("web")
    return {"hits": hits, "stopped": stopped, "back": back, "pending": pending, "addresses": addresses,
            "mails": mails, "all_mailed": now(),
            "cache_warnings": web_log.count("The cache (Redis) cannot be reached"),
            "dispatch_warnings": web_log.count("Could not dispatch job")}


def check_a(a: dict) -> list[str]:
    problems = []
    failures = [hit for hit in a["hits"] if not hit.ok]
    if failures:
        problems.append(f"{len(failures)} requests were not answered with 200: {failures[:5]}")
    posts_during = phases([hit for hit in a["hits"] if hit.label.startswith("POST")], a["stopped"], a["back"])[1]
    if len(posts_during) < 3:
        problems.append("fewer than 3 registrations were sent while Redis was down")
    wrong = {address: a["mails"][address] for address in a["addresses"] if a["mails"][address] != 1}
    if wrong:
        problems.append(f"registrants who got another number of mails than 1: {wrong}")
    return problems


def summary_a(a: dict) -> list[str]:
    before, during, after = phases(a["hits"], a["stopped"], a["back"])
    posts = phases([hit for hit in a["hits"] if hit.label.startswith("POST")], a["stopped"], a["back"])
    slowest = max(during, key=lambda hit: hit.ended - hit.started)
    slowest_page = " ".join(slowest.label.split(" ")[:2])
    return [
        f"(a) Redis stopped for {a['back'] - a['stopped']:.1f} s (+{a['stopped']:.0f} s) while 3 clients requested "
        "pages and registered for an event",
        f"    requests before {statuses(before)}, during {statuses(during)}, after {statuses(after)}",
        f"    slowest answer during the outage {slowest.ended - slowest.started:.2f} s ({slowest_page}); "
        f"the web log has {a['cache_warnings']} cache outage warning(s) (at most one a minute per process) and "
        f"{a['dispatch_warnings']} 'could not dispatch' (one per mail queued meanwhile)",
        f"    registrations {len(posts[0])} before, {len(posts[1])} during, {len(posts[2])} after; "
        f"{a['pending']} mail jobs were pending when Redis came back",
        f"    every registrant got exactly one mail ({len(a['addresses'])}) and every mail job is done, "
        f"{a['all_mailed'] - a['back']:.1f} s after Redis returned (sweep every {SWEEP_SECONDS} s)",
    ]


# Processes that exited on their own


def unplanned_exit_allowed(exit: Exit, a: dict) -> bool:
    """A Celery worker that dies when the broker goes away: kombu's Redis transport, restoring the messages it
    had not acknowledged while closing the lost channel, fails on the closed connection ("Unrecoverable error:
    AttributeError ... 'hostname'") and the worker exits. In production compose starts it again (`restart:
    unless-stopped`); its jobs are in the Job table. Any other exit fails the suite."""
    return exit.name.startswith("worker") and a["stopped"] <= exit.at <= a["back"] + 15


def check_exits(exits: list[Exit], a: dict) -> list[str]:
    return [f"{exit.name} exited with {exit.code} at +{exit.at:.1f} s: {exit.reason}"
            for exit in exits if not exit.planned and not unplanned_exit_allowed(exit, a)]


def summary_exits(exits: list[Exit]) -> list[str]:
    unplanned = [exit for exit in exits if not exit.planned]
    if not unplanned:
        return ["processes that exited on their own: none"]
    return ["processes that exited on their own, started again as compose's `restart: unless-stopped` would:"] + [
        f"    {exit.name} at +{exit.at:.1f} s (exit {exit.code}): {exit.reason}" for exit in unplanned]


# Main


def main() -> int:
    if os.geteuid() != 0 or not shutil.which("pg_ctlcluster"):
        print("fault-suite runs as root with pg_ctlcluster: start it as .ci/fault-suite", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="portal-faults-"))
    port = free_port()
    env = sc.stack_environment(port=port, workdir=workdir, database_url=DATABASE_URL, redis_url=REDIS_URL,
                               cache_url=CACHE_URL) | FAULT_SETTINGS
    stack = Stack(env, workdir, port)
    supervisor: Supervisor | None = None

    def interrupted(signum, frame):
        raise StackCheckFailed(f"interrupted by signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    failed = False
    try:
        log(f"work directory {workdir}; PostgreSQL cluster {PG_VERSION}/{PG_CLUSTER} (port {PG_PORT}), Redis port "
            f"{REDIS_PORT}; " + " ".join(f"{k}={v}" for k, v in FAULT_SETTINGS.items()) + f"; {load_line()}")
        with step("prepare", "create the database, migrate and collect static files (side by side), add the data"):
            create_database(DATABASE_URL, reset=True)
            commands = [subprocess.Popen([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                                         stdout=subprocess.DEVNULL)
                        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"])]
            if any(command.wait() != 0 for command in commands):
                raise StackCheckFailed("migrate or collectstatic failed")
            os.environ.update(env)
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
            data = prepare_data()
        with step("start", "start gunicorn (2 workers), 2 celery workers, celery beat; the griffier signs in"):
            sc.start_stack(stack)
            griffier = Client(port)
            login(griffier, email=sc.GRIFFIER_EMAIL, password=sc.GRIFFIER_PASSWORD, totp_secret=data["totp"])
            anonymous = Client(port)
            supervisor = Supervisor(stack)
        with step("(b) kill", "(b) close two scans, catch their jobs mid-work, SIGKILL the workers holding them"):
            killed = kill_during_work(stack, supervisor, griffier, data["scans"])
        with step("(c) postgres", "(c) restart PostgreSQL while two clients request pages"):
            c = restart_postgres(stack, anonymous, griffier)
        with step("(a) redis", f"(a) stop Redis for {REDIS_DOWN_SECONDS:.0f} s while three clients request pages"):
            a = stop_redis(stack, anonymous, griffier)
        with step("(b) rerun", "(b) wait for the leases to run out and the sweep to hand the jobs out again"):
            rerun = rerun_results(data["scans"], killed)
        problems = [f"(a) {p}" for p in check_a(a)] + [f"(b) {p}" for p in check_b(data["scans"], killed, rerun)]
        problems += [f"(c) {p}" for p in check_c(c)] + check_exits(supervisor.exits, a)
        print()
        lines = summary_a(a) + summary_b(killed, rerun, data["scans"], data["statements"]) + summary_c(c)
        for line in lines + summary_exits(supervisor.exits):
            print(line)
        print("  timings: " + ", ".join(f"{label} {seconds:.1f} s" for label, seconds in sc.TIMINGS.items()))
        if problems:
            raise StackCheckFailed("expectations not met:\n  " + "\n  ".join(problems))
        total = time.time() - SUITE_STARTED
        print(f"Fault suite passed in {total:.1f} s with the cluster's creation (budget {BUDGET_SECONDS} s).")
        if total > BUDGET_SECONDS:
            print(f"WARNING: over the budget of {BUDGET_SECONDS} s; is the machine busy? ({load_line()})")
    except Exception as error:  # whatever failed: report it with the logs, then stop the processes
        failed = True
        print(f"\nFAULT SUITE FAILED: {error}", file=sys.stderr)
        for name in stack.processes:
            print(f"\n--- last lines of {name}.log ---\n{stack.log_of(name)[-1500:]}", file=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if supervisor is not None:
            supervisor.stop()
        stack.stop()
        if not failed and not os.environ.get("STACK_KEEP"):
            shutil.rmtree(workdir, ignore_errors=True)
        elif failed:
            print(f"logs kept in {workdir}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
