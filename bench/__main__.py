"""Run the benchmarks: `python -m bench` (all suites) or `python -m bench pages` (one or more).

Each suite prints JSON lines {"bench", "metric", "value", "unit", ...} on stdout; `pages` also prints a
readable table on stderr. Benchmarks never fail the build. They need PostgreSQL (BENCH_DATABASE_URL,
default postgres://portal:portal@127.0.0.1:5432/portal_bench) and wrk (`bin/setup --bench`, which this
command runs itself when wrk is missing); `pages` and `scale` also use Redis databases 6 and 7
(BENCH_REDIS_URL, BENCH_CACHE_URL).

    python -m bench pages [--seconds 3] [--runs 3] [--only home,scan] [--no-redis]
    python -m bench quickscan [--only pdf,save]
    python -m bench scale
    python -m bench profile [--only consultant_list,municipality_list]
    python -m bench events | library | offers     (each app's own suite, own database; on request only)
"""

import argparse
import importlib
import os
import subprocess
import sys
import traceback

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

SUITES = ["pages", "quickscan", "scale"]
EXTRA = ["profile", "events", "library", "offers"]  # on request only: profile explains; the app suites are long


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("suites", nargs="*", metavar="suite",
                        help=f"one or more of {', '.join(SUITES + EXTRA)} (default: {', '.join(SUITES)})")
    parser.add_argument("--seconds", type=int, default=3, help="pages: seconds per wrk run (default 3)")
    parser.add_argument("--runs", type=int, default=3, help="pages: runs per page (default 3, at least 3)")
    parser.add_argument("--only", default="", help="pages/profile/quickscan: comma-separated parts of page names")
    parser.add_argument("--no-redis", action="store_true", help="pages: local-memory cache per worker")
    args = parser.parse_args(argv)
    unknown = set(args.suites) - set(SUITES + EXTRA)
    if unknown:
        parser.error(f"unknown suite {', '.join(sorted(unknown))}; choose from {', '.join(SUITES + EXTRA)}")
    suites = args.suites or SUITES
    if len(suites) > 1:
        # One process per suite: each sets Django up once, with its own settings (cache, broker).
        options = [arg for arg in argv if arg not in suites]
        for name in suites:
            subprocess.run([sys.executable, "-m", "bench", name, *options], check=False)
        return 0
    only = [word for word in args.only.split(",") if word]
    for name in suites:
        try:
            module = importlib.import_module(f"bench.{name}")
            if name == "pages":
                module.run(seconds=args.seconds, runs=max(3, args.runs), only=only, redis=not args.no_redis)
            elif name in ("profile", "quickscan"):
                module.run(only=only)
            else:
                module.run()
        except Exception:  # a benchmark reports; it never breaks the caller
            traceback.print_exc()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
