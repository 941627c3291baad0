"""Run the benchmarks: `python -m bench` (all) or `python -m bench pages` (one).

Each prints JSON lines {"bench", "metric", "value", "unit"}. Benchmarks never fail the build.
Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://portal:portal@127.0.0.1:5432/portal_bench).
"""

import importlib
import os
import sys
import traceback

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

SUITES = ["pages", "quickscan"]


def main(argv: list[str]) -> int:
    for name in argv or SUITES:
        try:
            importlib.import_module(f"bench.{name}").run()
        except Exception:  # a benchmark reports; it never breaks the caller
            traceback.print_exc()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
