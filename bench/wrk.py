"""Load from wrk (a C load generator): the figures then describe the server, not a Python client.

`ensure_wrk` installs it through `bin/setup --bench` when it is missing. Every run ends with a Lua
`done()` hook that prints one JSON line, so nothing depends on the layout of wrk's text report.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "WRK_JSON "

# Appended to every script: one JSON line with totals, latency percentiles (microseconds) and the
# statuses counted per thread by scripts that define response() (`bad` = not the expected status).
SUMMARY_LUA = r"""
local wrk_threads = {}
local original_setup = setup
function setup(thread)
  table.insert(wrk_threads, thread)
  if original_setup then original_setup(thread) end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(wrk_threads) do bad = bad + (tonumber(thread:get("bad")) or 0) end
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "unexpected_status": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    "WRK_JSON ", summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, bad, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    latency.mean))
end
"""


@dataclass
class WrkResult:
    requests: int
    seconds: float
    bytes: int
    errors: int  # socket errors, timeouts and answers >= 400
    unexpected_status: int  # only counted by scripts that check the status themselves
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def bytes_per_request(self) -> float:
        return self.bytes / self.requests if self.requests else 0.0


def ensure_wrk() -> str:
    """The path of wrk; runs `bin/setup --bench` once when it is missing, else says how to get it."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: running bin/setup --bench to install it (Debian package wrk, as root)...", flush=True)
    subprocess.run([str(ROOT / "bin" / "setup"), "--bench"], cwd=ROOT, check=False)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit(
            "The benchmarks need wrk (a load generator). Install it with `bin/setup --bench` as root, "
            "or `apt-get install wrk`, then run `python -m bench` again."
        )
    return found


def wrk(
    url: str,
    *,
    seconds: int,
    threads: int = 2,
    connections: int = 8,
    headers: dict[str, str] | None = None,
    lua: str = "",
) -> WrkResult:
    """Run wrk against `url` for `seconds`; `lua` may define request()/response()/setup() hooks."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua + "\n" + SUMMARY_LUA)
    command = [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "20s",
               "-s", script.name]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    try:
        finished = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60, check=False)
    finally:
        Path(script.name).unlink(missing_ok=True)
    line = next((line for line in finished.stdout.splitlines() if line.startswith(MARK)), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary (exit {finished.returncode}): {finished.stderr or finished.stdout}")
    data = json.loads(line[len(MARK):])
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        bytes=data["bytes"],
        errors=sum(data[key] for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")),
        unexpected_status=data["unexpected_status"],
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
    )


def lua_string(value: str) -> str:
    """A Lua string literal (long-bracket form, so quotes and backslashes need no escaping)."""
    level = 0
    while f"]{'=' * level}]" in value:
        level += 1
    return f"[{'=' * level}[{value}]{'=' * level}]"
