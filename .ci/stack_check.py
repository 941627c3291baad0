"""The production stack proven as processes: what docker-compose.yml runs, without Docker.

No image can be pulled on these machines, so this starts the compose services as local processes with
the compose file's own environment (DJANGO_DEBUG=0 and the rest, read from its `x-portal-env` block):

    compose service        here
    postgres, redis        the local PostgreSQL (database portal_stack, reset) and Redis (databases 6, 7)
    migrate                manage.py migrate, once, before anything starts (plus collectstatic, as the image)
    web                    gunicorn with 2 workers (the Dockerfile's CMD with WEB_CONCURRENCY=2)
    worker (scaled to 2)   two `celery -A portal worker` processes, each as the compose command
    beat                   one `celery -A portal beat`

Then one Quick Scan goes from set-up to PDF over HTTP only: a griffier signs in with password and TOTP,
accepts the terms, creates a scan, adds respondents and opens it; the invitation links are read from the
mail files the workers wrote (EMAIL_FILE_PATH); every respondent answers every page with the CSRF token
of the form; the griffier closes the scan and downloads the PDF once the workers have scored it and
rendered it; pdftotext checks its text. Finally every Job row must be done after exactly one attempt.

Every process is stopped at the end, also on failure or Ctrl-C. Exit status 0 only when all went well.
Run it as `.ci/stack-check` (it needs .venv, PostgreSQL, Redis and pdftotext).
"""

from __future__ import annotations

import datetime
import email
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from email import policy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.client import Client, login, path_of, post_forms  # noqa: E402
from bench.server import create_database, free_port, wait_for_health  # noqa: E402

DATABASE_URL = os.environ.get("STACK_DATABASE_URL", "postgres://portal:portal@127.0.0.1:5432/portal_stack")
REDIS_URL = os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379/6")
CACHE_URL = os.environ.get("STACK_CACHE_URL", "redis://127.0.0.1:6379/7")
RESPONDENTS = 6  # at least MIN_GROUP_SIZE (5), else the report shows no figures
GRIFFIER_EMAIL = "griffier@stack-check.example.nl"
GRIFFIER_PASSWORD = "stack-check-" + secrets.token_urlsafe(12)
MUNICIPALITY_CODE = "GM0363"  # Amsterdam
WAIT_SECONDS = 60


class StackCheckFailed(RuntimeError):
    pass


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


STARTED = time.monotonic()
TIMINGS: dict[str, float] = {}


def step(label: str, description: str):
    """Time a step for the summary: `with step("label", "what happens"):`."""

    class Timer:
        def __enter__(self):
            self.started = time.monotonic()
            log(f"{description} ...")

        def __exit__(self, kind, value, traceback):
            TIMINGS[label] = time.monotonic() - self.started
            return False

    return Timer()


def wait_until(what: str, check: Callable[[], object], seconds: float = WAIT_SECONDS, every: float = 0.3):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise StackCheckFailed(f"timed out after {seconds:.0f} s waiting for {what}")


# The compose environment


def compose_environment() -> dict[str, str]:
    """The `x-portal-env` block of docker-compose.yml with its defaults (`${NAME:-default}`) filled in.

    Read line by line (no YAML library in the locked packages): the block is a flat map of quoted values.
    """
    text = (ROOT / "docker-compose.yml").read_text()
    block = re.search(r"^x-portal-env: &portal-env\n((?:  .*\n|\s*#.*\n)+)", text, re.MULTILINE)
    if not block:
        raise StackCheckFailed("docker-compose.yml has no x-portal-env block")
    values = {}
    for line in block.group(1).splitlines():
        found = re.match(r"^  ([A-Z_]+): (.*)$", line)
        if not found:
            continue
        name, value = found.group(1), found.group(2).strip().strip('"')
        values[name] = re.sub(r"\$\{[A-Z_]+(?::-([^}]*)|:\?[^}]*)?\}", lambda m: m.group(1) or "", value)
    return values


def stack_environment(
    *, port: int, workdir: Path, database_url: str = DATABASE_URL, redis_url: str = REDIS_URL, cache_url: str = CACHE_URL
) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "EMAIL_", "PORTAL_"))}
    env.update(compose_environment())
    env.update(
        {
            # What differs from the compose file, and why:
            "SECRET_KEY": secrets.token_urlsafe(50),  # compose requires one from the operator
            "DATABASE_URL": database_url,  # local PostgreSQL instead of the postgres service
            "REDIS_URL": redis_url,  # local Redis instead of the redis service
            "CACHE_URL": cache_url,
            "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
            "DJANGO_SECURE_SSL_REDIRECT": "0",  # the compose file's plain-HTTP trial: no TLS proxy here
            "EMAIL_HOST": "",
            "EMAIL_FILE_PATH": str(workdir / "mail"),  # mail to files, read like an inbox below
            "STATIC_ROOT": str(workdir / "static"),  # the image collects static files at build time
            "MEDIA_ROOT": str(workdir / "media"),  # the compose volume `media`
            "WEB_CONCURRENCY": "2",
            "CELERY_CONCURRENCY": env.get("CELERY_CONCURRENCY", "2"),
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": "INFO",
        }
    )
    return env


# Processes


class Stack:
    """The started processes, each in its own process group so that Celery's pool children stop too."""

    def __init__(self, env: dict[str, str], workdir: Path, port: int):
        self.env, self.workdir, self.port = env, workdir, port
        self.processes: dict[str, subprocess.Popen] = {}
        self.commands: dict[str, list[str]] = {}

    def start(self, name: str, command: list[str]) -> None:
        """Start `command` as `name`; starting a name again (after a kill) appends to the same log."""
        self.commands[name] = command
        log_file = (self.workdir / f"{name}.log").open("a")
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        log(f"started {name} (pid {self.processes[name].pid}): {' '.join(command[2:])}")

    def log_of(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(errors="replace")

    def started(self, name: str, line: str) -> bool:
        self.check_alive()
        return line in self.log_of(name)

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise StackCheckFailed(f"{name} stopped (exit {process.returncode}):\n{self.log_of(name)[-3000:]}")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for name, process in self.processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"{name} did not stop within 15 s: killing it")
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        log(f"stopped {len(self.processes)} processes")


def start_stack(stack: Stack) -> None:
    python = sys.executable
    concurrency = stack.env["CELERY_CONCURRENCY"]
    # web: the Dockerfile's CMD; worker and beat: the compose commands (plus a node name each, which
    # compose gets from the container's hostname).
    stack.start("web", [python, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{stack.port}",
                        "--workers", stack.env["WEB_CONCURRENCY"], "--access-logfile", "-"])
    for number in (1, 2):
        stack.start(f"worker{number}", [python, "-m", "celery", "-A", "portal", "worker", "--loglevel=INFO",
                                        f"--concurrency={concurrency}", "-n", f"worker{number}@%h"])
    stack.start("beat", [python, "-m", "celery", "-A", "portal", "beat", "--loglevel=INFO",
                         "--schedule", str(stack.workdir / "celerybeat-schedule")])
    wait_for_health(stack.port, seconds=WAIT_SECONDS, process=stack.processes["web"])
    for number in (1, 2):
        wait_until(f"worker{number} to be ready", lambda n=number: stack.started(f"worker{n}", " ready."))
    wait_until("beat to start", lambda: stack.started("beat", "beat: Starting"))


# Set-up that has no HTTP form: the account (as an administrator or a confirmed role request would make it)


def create_griffier() -> str:
    """A confirmed griffier of Amsterdam with a TOTP authenticator, as tests/factories.py makes one."""
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import connections

    from portal.models import Function, GriffierRole, Municipality, User

    municipality = Municipality.objects.get(code=MUNICIPALITY_CODE)
    user = User.objects.create_user(email=GRIFFIER_EMAIL, password=GRIFFIER_PASSWORD, first_name="Stack",
                                    last_name="Check", function=Function.GRIFFIER, municipality=municipality)
    EmailAddress.objects.create(user=user, email=GRIFFIER_EMAIL, verified=True, primary=True)
    GriffierRole.objects.create(user=user, municipality=municipality, status=GriffierRole.Status.CONFIRMED)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    connections.close_all()
    return secret


# The Quick Scan over HTTP


def field_value(html: str, name: str) -> str:
    for form in post_forms(html):
        for field in form["fields"]:
            if field["name"] == name:
                return field.get("value", "") or next((o for o in field["options"] if o), "")
    raise StackCheckFailed(f"no field {name!r} on the page")


def confirm(client: Client, path: str):
    """A step that cannot be undone (opening, closing a scan): its page says what will happen, and its form
    carries the confirmation."""
    page = client.get(path)
    form = next((form for form in post_forms(page.text) if any(f["name"] == "confirm" for f in form["fields"])), None)
    if form is None:
        raise StackCheckFailed(f"no confirmation form on {path}")
    fields = [(f["name"], f.get("value", "")) for f in form["fields"] if f["name"] != "csrfmiddlewaretoken"]
    return client.submit(path, page.text, fields)


def set_up_scan(griffier: Client, scan_name: str) -> int:
    reply = griffier.get("/quickscan/nieuw/", expect=302)  # first time: the terms come first
    terms = path_of(reply.location)
    if not terms.startswith("/quickscan/voorwaarden/"):
        raise StackCheckFailed(f"a new griffier was sent to {terms}, not to the terms")
    reply = griffier.post_form(terms, {"accept": "on"})
    page = griffier.get(path_of(reply.location))
    today = datetime.date.today()
    reply = griffier.submit("/quickscan/nieuw/", page.text, {
        "municipality": field_value(page.text, "municipality"),
        "questionnaire": field_value(page.text, "questionnaire"),
        "name": scan_name,
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=14)).isoformat(),
        "open_link_cap": "0",
    })
    found = re.match(r"/quickscan/(\d+)/respondenten/$", path_of(reply.location))
    if not found:
        raise StackCheckFailed(f"creating the scan led to {reply.location}")
    scan_id = int(found.group(1))
    page = griffier.get(f"/quickscan/{scan_id}/respondenten/")
    addresses = "\n".join(f"respondent{n}@stack-check.example.nl" for n in range(1, RESPONDENTS + 1))
    griffier.submit(f"/quickscan/{scan_id}/respondenten/", page.text,
                    {"group": field_value(page.text, "group"), "addresses": addresses})
    confirm(griffier, f"/quickscan/{scan_id}/openen/")
    return scan_id


def mail_messages(mail_dir: Path) -> list[email.message.EmailMessage]:
    """The mails the workers wrote to files (Django's file backend: messages in a row, a line of dashes between)."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
        for raw in re.split(rb"\n-{79}\n", path.read_bytes()):
            if raw.strip():
                messages.append(email.message_from_bytes(raw.lstrip(), policy=policy.default))
    return messages


def invitation_links(mail_dir: Path, base_url: str) -> list[str]:
    """The answer links in the mail files the workers wrote."""
    links = []
    for message in mail_messages(mail_dir):
        body = message.get_body(("plain",))
        text = body.get_content() if body else ""
        links += re.findall(re.escape(base_url) + r"(/quickscan/invullen/[^\s]+/)", text)
    return sorted(set(links))


def questions_form(html: str) -> dict | None:
    """The form with questions on an answer page (the header also holds the language and logout forms)."""
    for form in post_forms(html):
        if any(f.get("type") in {"radio", "checkbox"} or f["tag"] == "textarea" for f in form["fields"]):
            return form
    return None


def fill_in(html: str, rng: random.Random, priority_picks: int) -> list[tuple[str, str]]:
    """Answer every question of the page's form as a respondent would: a scale value per statement, a
    sentence per open question, and the asked number of priorities."""
    form = questions_form(html)
    if form is None:
        raise StackCheckFailed("no questions on the answer page")
    data: list[tuple[str, str]] = []
    radios: dict[str, list[str]] = {}
    boxes: dict[str, list[str]] = {}
    for field in form["fields"]:
        kind = field.get("type", "")
        if field["name"] == "csrfmiddlewaretoken":
            continue
        if kind == "radio":
            radios.setdefault(field["name"], []).append(field.get("value", ""))
        elif kind == "checkbox":
            boxes.setdefault(field["name"], []).append(field.get("value", ""))
        elif field["tag"] == "textarea":
            data.append((field["name"], "Een toelichting van de stack check."))
        elif kind == "hidden":
            data.append((field["name"], field.get("value", "")))
    for name, values in radios.items():
        data.append((name, rng.choice([value for value in values if value != "0"] or values)))
    for name, values in boxes.items():
        data += [(name, value) for value in values[:priority_picks]]
    return data


def answer(link: str, port: int, rng: random.Random, priority_picks: int) -> int:
    """One respondent from the invitation link to the thank-you page; returns the number of pages."""
    client = Client(port)
    try:
        intro = client.get(link)
        reply = client.submit(link, intro.text, {})
        pages = 0
        while True:
            target = path_of(reply.location)
            page = client.get(target)
            reply = client.submit(target, page.text, fill_in(page.text, rng, priority_picks), expect=None)
            pages += 1
            if reply.status == 200:  # the last page answers with the thank-you message, not a redirect
                if questions_form(reply.text) is not None:
                    raise StackCheckFailed(f"page {pages} of a respondent was refused: the form came back")
                return pages
            if reply.status != 302 or pages > 50:
                raise StackCheckFailed(f"saving page {pages} answered {reply.status}")
    finally:
        client.close()


def check_pdf(pdf: bytes, workdir: Path, must_contain: list[str]) -> int:
    path = workdir / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flowing = " ".join(text.split())  # pdftotext breaks long titles over lines
    missing = [words for words in must_contain if " ".join(words.split()) not in flowing]
    if not pdf.startswith(b"%PDF") or missing:
        raise StackCheckFailed(f"the PDF lacks {missing}; its text starts: {text[:300]!r}")
    return len(text.split())


# Jobs


def job_rows(database_url: str = DATABASE_URL) -> list[tuple[int, str, str, int]]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute("SELECT id, task, state, attempts FROM portal_job ORDER BY id").fetchall()


def check_jobs(stack: Stack) -> list[tuple[int, str, str, int]]:
    """Every job done, after exactly one attempt; and which worker carried out how many job runs."""
    wait_until("every job to finish", lambda: all(row[2] in {"done", "failed"} for row in job_rows()), seconds=30)
    rows = job_rows()
    wrong = [row for row in rows if row[2] != "done" or row[3] != 1]
    if not rows or wrong:
        raise StackCheckFailed(f"jobs not done exactly once (id, task, state, attempts): {wrong or 'no jobs at all'}")
    return rows


def worker_runs(stack: Stack) -> dict[str, int]:
    """Job deliveries per worker, from the worker's "received" lines (finished tasks are not logged)."""
    pattern = re.compile(r"Task portal\.jobs\.job_run_task\[[0-9a-f-]+\] received")
    return {name: len(pattern.findall(stack.log_of(name))) for name in ("worker1", "worker2")}


def log_problems(stack: Stack) -> list[str]:
    problems = []
    for name in stack.processes:
        for line in stack.log_of(name).splitlines():
            if " ERROR/" in line or " CRITICAL/" in line or "Traceback" in line or "[ERROR]" in line:
                problems.append(f"{name}: {line.strip()[:200]}")
    return problems


# Main


def main() -> int:
    if not shutil.which("pdftotext"):
        print("stack-check needs pdftotext: install poppler-utils (bin/setup --test does).", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="portal-stack-"))
    port = free_port()
    env = stack_environment(port=port, workdir=workdir)
    stack = Stack(env, workdir, port)

    def interrupted(signum, frame):
        raise StackCheckFailed(f"interrupted by signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    failed = False
    try:
        log(f"work directory {workdir}; database {DATABASE_URL.rsplit('/', 1)[1]}; redis {REDIS_URL}, {CACHE_URL}")
        with step("prepare", "reset database and redis, migrate, collect static files, add a griffier"):
            import redis

            create_database(DATABASE_URL, reset=True)
            for url in {REDIS_URL, CACHE_URL}:
                redis.Redis.from_url(url).flushdb()
            for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
                subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                               stdout=subprocess.DEVNULL)
            os.environ.update(env)
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
            secret = create_griffier()
            from quickscan.models import PRIORITY_PICKS
        with step("start", "start gunicorn (2 workers), 2 celery workers, celery beat"):
            start_stack(stack)

        griffier = Client(port)
        scan_name = f"Stack check {datetime.datetime.now():%Y-%m-%d %H:%M:%S}"
        with step("set up", "griffier signs in (password + TOTP), accepts the terms, sets up and opens a scan"):
            login(griffier, email=GRIFFIER_EMAIL, password=GRIFFIER_PASSWORD, totp_secret=secret)
            scan_id = set_up_scan(griffier, scan_name)
        with step("invitations", f"workers mail {RESPONDENTS} invitations"):

            def mailed() -> list[str]:
                stack.check_alive()
                links = invitation_links(workdir / "mail", env["PORTAL_BASE_URL"])
                return links if len(links) >= RESPONDENTS else []

            links = wait_until(f"{RESPONDENTS} invitation mails", mailed)
        rng = random.Random(20261202)
        with step("answers", f"{len(links)} respondents answer every page"):
            pages = [answer(link, port, rng, PRIORITY_PICKS) for link in links]
        with step("score + PDF", "griffier closes the scan; workers score it and render the PDF"):
            confirm(griffier, f"/quickscan/{scan_id}/sluiten/")

            def report_pdf() -> bytes:
                stack.check_alive()
                reply = griffier.request("GET", f"/quickscan/{scan_id}/rapport.pdf")  # 404 until it exists
                return reply.body if reply.status == 200 else b""

            pdf = wait_until("the PDF report", report_pdf, every=0.5)
        with step("checks", "check the PDF text (pdftotext), the jobs and the logs"):
            # Dutch, the portal's language: the report counts every respondent who answered.
            words = check_pdf(pdf, workdir, [scan_name, "Amsterdam", f"{len(links)} respondenten"])
            rows = check_jobs(stack)
            stack.check_alive()
            problems = log_problems(stack)
            if problems:
                raise StackCheckFailed("errors in the process logs:\n" + "\n".join(problems[:20]))
        runs = worker_runs(stack)
        requests = sum(1 for line in stack.log_of("web").splitlines() if '"GET ' in line or '"POST ' in line)
        sweeps = stack.log_of("beat").count("Sending due task")
        print()
        print(f"Stack check passed in {time.monotonic() - STARTED:.1f} s.")
        print(f"  scan {scan_id} '{scan_name}': {len(links)} respondents answered {sum(pages)} pages "
              f"({pages[0]} each); PDF {len(pdf):,} bytes, {words} words, names the scan, the municipality "
              f"and {len(links)} respondents")
        print(f"  {requests} HTTP requests served by gunicorn (2 workers)")
        tasks = Counter(task for _id, task, _state, _attempts in rows)
        print(f"  {len(rows)} jobs, all done after 1 attempt: "
              + ", ".join(f"{task.rsplit('.', 1)[1]} x{count}" for task, count in sorted(tasks.items())))
        print(f"  job runs per worker: worker1 {runs['worker1']}, worker2 {runs['worker2']} "
              f"(deliveries {sum(runs.values())} for {len(rows)} jobs); "
              f"beat sent {sweeps} scheduled task(s) (the sweep runs every 60 s)")
        if min(runs.values()) == 0:
            print("  note: one worker carried out every job this time (both were ready and listening)")
        print("  timings: " + ", ".join(f"{label} {seconds:.1f} s" for label, seconds in TIMINGS.items()))
    except Exception as error:  # whatever failed: report it with the logs, then stop the processes
        failed = True
        print(f"\nSTACK CHECK FAILED: {error}", file=sys.stderr)
        for name in stack.processes:
            print(f"\n--- last lines of {name}.log ---\n{stack.log_of(name)[-1500:]}", file=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        stack.stop()
        if not failed and not os.environ.get("STACK_KEEP"):
            shutil.rmtree(workdir, ignore_errors=True)
        elif failed:
            print(f"logs kept in {workdir}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
