"""The machinery of the fault suite (.ci/fault_suite.py): the services it may stop, the processes it may kill,
row locks that hold a job at a known point, and clients that keep requesting pages while it does.

PostgreSQL and Redis here are the throwaway ones .ci/fault-suite made (never the shared ones): the cluster
FAULT_PG_VERSION/FAULT_PG_CLUSTER on FAULT_PG_PORT and a redis-server on FAULT_REDIS_PORT.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import stack_check as sc
from stack_check import Stack, StackCheckFailed, wait_until

from bench.client import Client

PG_VERSION = os.environ.get("FAULT_PG_VERSION", "15")
PG_CLUSTER = os.environ.get("FAULT_PG_CLUSTER", "faults")
PG_PORT = int(os.environ.get("FAULT_PG_PORT", "5440"))
REDIS_PORT = int(os.environ.get("FAULT_REDIS_PORT", "6390"))
DATABASE_URL = f"postgres://portal:portal@127.0.0.1:{PG_PORT}/portal_faults"
REDIS_URL = f"redis://127.0.0.1:{REDIS_PORT}/0"
CACHE_URL = f"redis://127.0.0.1:{REDIS_PORT}/1"


def now() -> float:
    """Seconds since the suite started, as the log lines show them."""
    return time.monotonic() - sc.STARTED


def sql(query: str, *params) -> list[tuple]:
    """One query on a connection of its own: the cluster restarts during the run."""
    import psycopg

    with psycopg.connect(DATABASE_URL, autocommit=True, connect_timeout=5) as connection:
        return connection.execute(query, params).fetchall()


# The services


def redis_answers() -> bool:
    reply = subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True, text=True)
    return reply.stdout.strip() == "PONG"


def redis_stop() -> None:
    subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave"], capture_output=True)
    wait_until("Redis to stop", lambda: not redis_answers(), seconds=10, every=0.1)


def redis_start() -> None:
    """As .ci/fault-suite starts it: nothing kept on disk, so what was queued in Redis is gone."""
    subprocess.run(["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                    "no", "--daemonize", "yes"], check=True, stdout=subprocess.DEVNULL)
    wait_until("Redis to answer", redis_answers, seconds=10, every=0.05)


def postgres_restart() -> None:
    """pg_ctlcluster's restart: a fast shutdown (every session ended) and a start."""
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, PG_CLUSTER, "restart"],
                   check=True, capture_output=True)
    ready = ["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(PG_PORT)]
    wait_until("PostgreSQL to accept connections", lambda: subprocess.run(ready).returncode == 0, seconds=30,
               every=0.05)


class Outage:
    """When the database answered no query: a probe runs `SELECT 1` on a new connection every 50 ms."""

    def __init__(self):
        self.down_at: float | None = None
        self.up_at: float | None = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._probe, daemon=True)
        self.thread.start()

    def _probe(self) -> None:
        while not self.stopping.wait(0.05):
            try:
                sql("SELECT 1")
            except Exception:  # refused, or "the database system is shutting down / starting up"
                self.down_at = self.down_at or now()
                self.up_at = None
            else:
                if self.down_at is not None and self.up_at is None:
                    self.up_at = now()

    def stop(self) -> tuple[float, float]:
        self.stopping.set()
        self.thread.join(timeout=10)
        if self.down_at is None or self.up_at is None:
            raise StackCheckFailed(f"the probe saw no outage and recovery ({self.down_at}, {self.up_at})")
        return self.down_at, self.up_at


# Processes: which worker holds a database session


def group_members(pgid: int) -> list[int]:
    """The processes of a process group (a Celery worker: its main process and its pool processes)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                members.append(int(entry.name))
    return sorted(members)


def socket_owner(local_port: int, pids: list[int]) -> int | None:
    """Which of `pids` has the TCP socket whose local port is `local_port`."""
    sockets = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == local_port:
                sockets.add(f"socket:[{fields[9]}]")
    for pid in pids:
        try:
            if any(os.readlink(f"/proc/{pid}/fd/{fd}") in sockets for fd in os.listdir(f"/proc/{pid}/fd")):
                return pid
        except OSError:
            continue
    return None


def holder(stack: Stack, backend_pid: int) -> tuple[str, int]:
    """The worker (name, process id) whose database session is `backend_pid`: PostgreSQL knows the session's
    client port, /proc knows which process owns that socket."""
    rows = sql("SELECT client_port FROM pg_stat_activity WHERE pid = %s", backend_pid)
    for name in ("worker1", "worker2"):
        pid = socket_owner(rows[0][0], group_members(stack.processes[name].pid)) if rows else None
        if pid:
            return name, pid
    raise StackCheckFailed(f"no worker owns database session {backend_pid}")


def waiting_on(backend_pid: int) -> list[int]:
    """The sessions that wait for a lock `backend_pid` holds."""
    rows = sql("SELECT pid FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))", backend_pid)
    return [row[0] for row in rows]


def pids_of(stack: Stack) -> dict[str, list[int]]:
    return {name: group_members(process.pid) for name, process in stack.processes.items()}


@dataclass
class Exit:
    at: float
    name: str
    code: int
    planned: bool
    reason: str


class Supervisor:
    """docker-compose.yml's `restart: unless-stopped` for the stack's processes: one that exits is started again
    with its first command (its log goes on in the same file), as docker would restart its container. Every
    exit is kept; `kill` marks the ones the suite causes itself."""

    def __init__(self, stack: Stack):
        self.stack = stack
        self.exits: list[Exit] = []
        self.planned: set[str] = set()
        self.log_offsets: dict[str, int] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while not self.stopping.wait(0.2):
            for name, process in list(self.stack.processes.items()):
                if process.poll() is None or self.stopping.is_set():
                    continue
                since_start = self.stack.log_of(name)[self.log_offsets.get(name, 0):].splitlines()
                lines = [row for row in since_start if "CRITICAL" in row] or [row for row in since_start if "Error" in row]
                self.exits.append(Exit(now(), name, process.returncode, name in self.planned,
                                       lines[-1].strip()[:160] if lines else ""))
                self.planned.discard(name)
                self.log_offsets[name] = len(self.stack.log_of(name))
                self.stack.start(name, self.stack.commands[name])

    def kill(self, names: list[str]) -> dict[str, int]:
        """SIGKILL to the process groups of Celery workers `names` (started again at once); pass what this
        returns to `wait_ready`."""
        ready = {name: self.stack.log_of(name).count(" ready.") for name in names}
        for name in names:
            self.planned.add(name)
            os.killpg(self.stack.processes[name].pid, signal.SIGKILL)
        return ready

    def wait_ready(self, ready: dict[str, int]) -> None:
        for name, count in ready.items():
            wait_until(f"{name} to be ready again", lambda n=name, c=count: self.stack.log_of(n).count(" ready.") > c)

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=10)


class RowLock:
    """A row held FOR UPDATE in a transaction of its own, as a concurrent writer would hold it."""

    def __init__(self, table: str, row_id: int):
        import psycopg

        self.connection = psycopg.connect(DATABASE_URL)
        self.pid = self.connection.execute("SELECT pg_backend_pid()").fetchone()[0]
        self.table, self.row_id = table, row_id
        self.thread: threading.Thread | None = None

    def take(self) -> None:
        self.connection.execute(f"SELECT id FROM {self.table} WHERE id = %s FOR UPDATE", (self.row_id,))  # noqa: S608

    def take_in_background(self) -> None:
        """Ask for the lock without waiting for it (it may be queued behind another session)."""
        self.thread = threading.Thread(target=self.take, daemon=True)
        self.thread.start()

    def is_queued(self) -> bool:
        return sql("SELECT cardinality(pg_blocking_pids(%s)) > 0", self.pid)[0][0]

    def release(self) -> None:
        if self.thread is not None:
            self.thread.join(timeout=30)
        if not self.connection.closed:
            self.connection.rollback()
            self.connection.close()


# Traffic: clients in threads, every answer kept with its times


@dataclass
class Hit:
    label: str
    started: float
    ended: float
    status: int | str  # the HTTP status, or the name of the error when no answer came

    @property
    def ok(self) -> bool:
        return self.status == 200


def timed(client: Client, label: str, call: Callable[[], int]) -> Hit:
    started = now()
    try:
        status: int | str = call()
    except Exception as error:  # a refused or broken connection counts as a failure, like a 500
        status = type(error).__name__
        client.connection.close()
    return Hit(label, started, now(), status)


class Traffic:
    """Clients requesting pages (or doing something else) in threads until stopped."""

    def __init__(self):
        self.hits: list[Hit] = []
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []

    def _run(self, loop: Callable[[], None]) -> None:
        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        self.threads.append(thread)

    def pages(self, client: Client, paths: list[str]) -> None:
        def loop():
            while not self.stopping.is_set():
                for path in paths:
                    self.hits.append(timed(client, f"GET {path}", lambda p=path: client.request("GET", p).status))

        self._run(loop)

    def every(self, seconds: float, action: Callable[[int], Hit]) -> None:
        """`action(1)`, `action(2)`, ... with a pause of `seconds` before each."""

        def loop():
            number = 0
            while not self.stopping.wait(seconds):
                number += 1
                self.hits.append(action(number))

        self._run(loop)

    def stop(self) -> list[Hit]:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)
        return sorted(self.hits, key=lambda hit: hit.started)


def phases(hits: list[Hit], start: float, end: float) -> tuple[list[Hit], list[Hit], list[Hit]]:
    """The hits that started before, during and after [start, end)."""
    return ([hit for hit in hits if hit.started < start], [hit for hit in hits if start <= hit.started < end],
            [hit for hit in hits if hit.started >= end])


def statuses(hits: list[Hit]) -> str:
    counts = Counter(str(hit.status) for hit in hits)
    return f"{len(hits)} (" + ", ".join(f"{status} x{count}" for status, count in sorted(counts.items())) + ")"


def mails_to(workdir: Path) -> Counter:
    """How many mails each address got (the workers write them to files)."""
    return Counter(str(message["To"]) for message in sc.mail_messages(workdir / "mail"))
