"""Where a page's time goes: pyinstrument and a few timers around one request at a time, benchmark only.

Nothing here touches the portal's settings or code on disk. In this process only, Django is set up as the
benchmark server runs (DJANGO_DEBUG=0, PostgreSQL with the demo data, Redis cache), requests go through
the same WSGI handler gunicorn calls, and a few Django internals are wrapped with timers:

- queries: count and time of every SQL statement (connection.execute_wrapper);
- view: the view function, which includes rendering its template;
- templates: Template.render, of which context processors (RequestContext.bind_template) and queries
  run while rendering (lazy querysets evaluated by the template);
- outside the view: middleware, URL resolving and the handler (total minus view).

Then pyinstrument samples REQUESTS requests of the page, and the self time is summed per library and
per function, which names the hot spots. By default every public page is timed once and the three
slowest are profiled; `--only name,name` picks pages (names from bench.pages.PAGES), signed-in ones
included: their session is made in this process with force_login for the role's demo account.

Needs pyinstrument, which `bin/setup --bench` installs into .venv (it is not a dependency of the portal).
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections import Counter, defaultdict
from contextlib import ExitStack, contextmanager

from .report import emit
from .server import bench_env, ensure_database, load_line, setup_django

REQUESTS = 40
LIBRARIES = [  # (label, part of the file path); the first match wins
    ("django templates", "django/template"),
    ("django forms/widgets", "django/forms"),
    ("django ORM", "django/db"),
    ("psycopg", "psycopg"),
    ("translation (gettext)", "gettext"),
    ("django i18n", "django/utils/translation"),
    ("django middleware", "django/middleware"),
    ("django auth/sessions", "django/contrib"),
    ("allauth", "allauth"),
    ("django_filters", "django_filters"),
    ("redis cache", "redis"),
    ("django urls", "django/urls"),
    ("django other", "django/"),
    ("portal app code", "/work/"),
]


class Timers:
    def __init__(self) -> None:
        self.values: dict[str, float] = defaultdict(float)
        self.counts: Counter = Counter()
        self.templates: dict[str, float] = defaultdict(float)  # inclusive time per template name
        self.template_counts: Counter = Counter()
        self.rendering = 0

    def reset(self) -> None:
        self.values.clear()
        self.counts.clear()
        self.templates.clear()
        self.template_counts.clear()


def _wrap_render(stack: ExitStack, timers: Timers) -> None:
    """Time Template.render: once at the top level (includes are nested renders), and per template name."""
    from django.template.base import Template

    original = Template.render

    def render(template, context):
        started = time.perf_counter()
        timers.rendering += 1
        try:
            return original(template, context)
        finally:
            timers.rendering -= 1
            elapsed = time.perf_counter() - started
            timers.templates[template.origin.template_name or "(string)"] += elapsed
            timers.template_counts[template.origin.template_name or "(string)"] += 1
            if not timers.rendering:
                timers.values["templates"] += elapsed
                timers.counts["templates"] += 1

    Template.render = render
    stack.callback(setattr, Template, "render", original)


def _wrap_context_processors(stack: ExitStack, timers: Timers) -> None:
    """Time each context processor of the Django template engine (they run on every render with a request)."""
    from django.template import engines

    engine = engines["django"].engine
    originals = engine.template_context_processors

    def timed(processor):
        def wrapper(request):
            started = time.perf_counter()
            try:
                return processor(request)
            finally:
                elapsed = time.perf_counter() - started
                timers.values["context processors"] += elapsed
                timers.values[f"context processor {processor.__module__}.{processor.__name__}"] += elapsed

        return wrapper

    engine.__dict__["template_context_processors"] = tuple(timed(processor) for processor in originals)
    stack.callback(engine.__dict__.__setitem__, "template_context_processors", originals)


@contextmanager
def instrumented(timers: Timers):
    """Timers around the view, template rendering, context processors and every query (this process only)."""
    from django.core.handlers.base import BaseHandler
    from django.db import connection

    def query(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            timers.values["queries"] += elapsed
            timers.counts["queries"] += 1
            if timers.rendering:
                timers.values["queries while rendering"] += elapsed
                timers.counts["queries while rendering"] += 1

    with ExitStack() as stack:
        original_resolve = BaseHandler.resolve_request

        def resolve_request(handler, request):
            match = original_resolve(handler, request)
            view = match.func

            def timed_view(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return view(*args, **kwargs)
                finally:
                    timers.values["view"] += time.perf_counter() - started

            match.func = timed_view
            return match

        BaseHandler.resolve_request = resolve_request
        stack.callback(setattr, BaseHandler, "resolve_request", original_resolve)
        _wrap_render(stack, timers)
        _wrap_context_processors(stack, timers)
        stack.enter_context(connection.execute_wrapper(query))
        yield


def _environ(path: str, cookie: str = "") -> dict:
    route, _, query = path.partition("?")
    return {
        **({"HTTP_COOKIE": cookie} if cookie else {}),
        "REQUEST_METHOD": "GET", "PATH_INFO": route, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "HTTP_ACCEPT_LANGUAGE": "nl", "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http", "wsgi.version": (1, 0), "wsgi.multithread": False,
        "wsgi.multiprocess": True, "wsgi.run_once": False,
    }


def _request(application, path: str, cookie: str = "") -> int:
    statuses = []
    body = application(_environ(path, cookie), lambda status, headers, *args: statuses.append(status))
    size = sum(len(chunk) for chunk in body)
    if hasattr(body, "close"):
        body.close()
    if not statuses[0].startswith("200"):
        raise RuntimeError(f"{path} answered {statuses[0]}")
    return size


def _library(path: str) -> str:
    return next((label for label, part in LIBRARIES if part in path), "python stdlib/other")


def _self_times(frame, totals: Counter, functions: Counter, parent=None) -> None:
    """Sum self time per library and per function; pyinstrument's synthetic "[self]" leaves count for
    the function that holds them."""
    owner = parent if frame.is_synthetic and parent is not None else frame
    if frame.total_self_time:
        functions[f"{owner.function} ({owner.file_path_short}:{owner.line_no})"] += frame.total_self_time
        totals[_library(owner.file_path or "")] += frame.total_self_time
    for child in frame.children:
        _self_times(child, totals, functions, owner)


def run(*, only: list[str] | None = None) -> None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit("pyinstrument is missing: run `bin/setup --bench` (it installs it into .venv).") from None
    from .pages import PAGES, PLACEHOLDERS

    print(f"bench profile: {load_line()}", file=sys.stderr, flush=True)
    env = bench_env(redis=True)
    ensure_database(env)
    setup_django(env)
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    public = [page for page in PAGES if page.role is None]
    chosen = [page for page in PAGES if any(word in page.name for word in only)] if only else public
    values = {key: lookup() for key, lookup in PLACEHOLDERS.items() if any(f"{{{key}}}" in p.path for p in chosen)}
    paths = {page.name: page.path.format(**values) for page in chosen}
    cookies = _sessions({page.role for page in chosen if page.role})
    cookie_of = {page.name: cookies.get(page.role, "") for page in chosen}
    timings = {}
    for name, path in paths.items():
        _request(application, path, cookie_of[name])  # warm: imports, template loading, caches
        durations = []
        for _ in range(10):
            started = time.perf_counter()
            _request(application, path, cookie_of[name])
            durations.append(time.perf_counter() - started)
        timings[name] = statistics.median(durations)
    if not only:
        chosen = sorted(chosen, key=lambda page: timings[page.name], reverse=True)[:3]
    print("in-process median per request: " + ", ".join(
        f"{name} {seconds * 1000:.1f} ms" for name, seconds in sorted(timings.items(), key=lambda item: -item[1])
    ), file=sys.stderr)
    for page in chosen:
        _profile(application, Profiler, page.name, paths[page.name], cookie_of[page.name])


def _sessions(roles: set[str]) -> dict[str, str]:
    """A session cookie per role of bench.pages.ROLES, made in this process (force_login, no TOTP round)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from .pages import ROLES

    cookies = {}
    for role in sorted(roles):
        client = Client()
        client.force_login(get_user_model().objects.get(email=ROLES[role]))
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookies


def _profile(application, profiler_class, name: str, path: str, cookie: str = "") -> None:
    timers = Timers()
    with instrumented(timers):
        size = _request(application, path, cookie)
        timers.reset()
        started = time.perf_counter()
        for _ in range(REQUESTS):
            _request(application, path, cookie)
        total = (time.perf_counter() - started) / REQUESTS
    per = {key: value / REQUESTS * 1000 for key, value in timers.values.items()}
    counts = {key: count / REQUESTS for key, count in timers.counts.items()}
    profiler = profiler_class(interval=0.0002)
    profiler.start()
    for _ in range(REQUESTS):
        _request(application, path, cookie)
    profiler.stop()
    totals: Counter = Counter()
    functions: Counter = Counter()
    _self_times(profiler.last_session.root_frame(), totals, functions)
    sampled = sum(totals.values()) or 1
    view = per.get("view", 0)
    emit(
        name,
        "profile_ms_per_request",
        total * 1000,
        "ms",
        path=path,
        answer_bytes=size,
        queries=counts.get("queries", 0),
        query_ms=round(per.get("queries", 0), 2),
        view_ms=round(view, 2),
        template_ms=round(per.get("templates", 0), 2),
        templates_rendered=counts.get("templates", 0),
        queries_while_rendering=counts.get("queries while rendering", 0),
        query_ms_while_rendering=round(per.get("queries while rendering", 0), 2),
        context_processor_ms=round(per.get("context processors", 0), 2),
        outside_view_ms=round(total * 1000 - view, 2),
        self_time_by_library={label: round(value / sampled, 3) for label, value in totals.most_common(8)},
    )
    print(f"\n== {name} {path}: {total * 1000:.1f} ms per request in-process, {size:,} bytes", file=sys.stderr)
    print(f"   queries {counts.get('queries', 0):.0f} taking {per.get('queries', 0):.1f} ms "
          f"({counts.get('queries while rendering', 0):.0f} of them while rendering, "
          f"{per.get('queries while rendering', 0):.1f} ms)", file=sys.stderr)
    print(f"   view {view:.1f} ms, of which template rendering {per.get('templates', 0):.1f} ms "
          f"({counts.get('templates', 0):.0f} top-level renders) and context processors "
          f"{per.get('context processors', 0):.1f} ms; outside the view (middleware, handler) "
          f"{total * 1000 - view:.1f} ms", file=sys.stderr)
    processors = {key.removeprefix("context processor "): value for key, value in per.items()
                  if key.startswith("context processor ")}
    if processors:
        print("   context processors: " + ", ".join(f"{key} {value:.2f} ms" for key, value in processors.items()),
              file=sys.stderr)
    print("   templates (inclusive ms per request, renders per request):", file=sys.stderr)
    for template, seconds in sorted(timers.templates.items(), key=lambda item: -item[1])[:8]:
        print(f"     {seconds / REQUESTS * 1000:6.2f} ms  {timers.template_counts[template] / REQUESTS:5.0f}x  {template}",
              file=sys.stderr)
    print("   self time by library: " + ", ".join(
        f"{label} {value / sampled:.0%}" for label, value in totals.most_common(8)), file=sys.stderr)
    print("   hottest functions (self time):", file=sys.stderr)
    for function, value in functions.most_common(12):
        print(f"     {value / sampled:5.1%}  {function}", file=sys.stderr)
