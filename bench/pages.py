"""Requests per second of public pages, each as a ratio to a trivial baseline view served in the same run."""

from .report import emit
from .server import bench_env, ensure_database, gunicorn, load

BASELINE = "/health/"
# (bench name, path, aim as a ratio to the baseline)
PAGES: list[tuple[str, str, float]] = [
    ("home", "/", 0.10),
    ("workshop_catalogue", "/workshops/", 0.10),
    ("workshop_catalogue_filtered", "/workshops/?theme=de-raad&q=raad", 0.10),
    ("consultant_finder", "/consulenten/vind/?q=Den+Haag", 0.10),
]


def run(requests: int = 600) -> None:
    env = bench_env()
    ensure_database(env)
    with gunicorn(env) as port:
        baseline = load(port, BASELINE, requests=requests)
        emit("baseline", "requests_per_second", baseline["rps"], "req/s", path=BASELINE)
        for name, path, aim in PAGES:
            result = load(port, path, requests=requests)
            emit(name, "requests_per_second", result["rps"], "req/s", path=path)
            emit(name, "p95_latency", result["p95_ms"], "ms", path=path)
            emit(name, "ratio_to_baseline", result["rps"] / baseline["rps"], "ratio", aim=aim, errors=result["errors"])
