"""HEAD is answered wherever GET is, across the whole site (link checkers, monitors and some proxies send it).

Django's `require_GET` refuses HEAD with 405; `require_safe` is the decorator that allows GET and HEAD.
Two checks: no view module names `require_GET` or a method list with GET but without HEAD, and every page
of the site that takes no arguments answers HEAD with the status GET gets, without a body.
"""

import ast
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".venv", "tests", "bench", "staticfiles", "migrations", "node_modules"}


def _project_modules() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED_DIRS & set(path.relative_to(ROOT).parts) and not path.name.startswith(".")
    ]


def _refusals_of_head(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Name | ast.Attribute) and getattr(node, "id", getattr(node, "attr", "")) == "require_GET":
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} uses require_GET")
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "require_http_methods":
            methods = {elt.value for arg in node.args if isinstance(arg, ast.List | ast.Tuple) for elt in arg.elts}
            if "GET" in methods and "HEAD" not in methods:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} allows GET but not HEAD")
    return found


def test_no_view_allows_get_but_refuses_head():
    problems = [problem for path in _project_modules() for problem in _refusals_of_head(path)]

    assert problems == []


def _paths_without_arguments(resolver=None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    paths = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if "<" in route or "(" in route or "^" in route:  # takes arguments (or is a regex route)
            continue
        if isinstance(pattern, URLResolver):
            paths += _paths_without_arguments(pattern, route)
        elif isinstance(pattern, URLPattern):
            paths.append("/" + route)
    return sorted(set(paths))


@pytest.mark.django_db
@pytest.mark.parametrize("user_name", ["anonymous", "griffier", "programme_manager"])
def test_every_page_answers_head_as_it_answers_get(client, request, user_name):
    if user_name != "anonymous":
        client.force_login(request.getfixturevalue(user_name))
    paths = [path for path in _paths_without_arguments() if not path.startswith(("/admin/", "/i18n/"))]
    assert "/workshops/" in paths and "/quickscan/" in paths and "/" in paths

    mismatches = []
    for path in paths:
        get = client.get(path)
        head = client.head(path)
        if head.status_code != get.status_code or head.content:
            mismatches.append(f"{path}: GET {get.status_code}, HEAD {head.status_code}")

    assert mismatches == []
