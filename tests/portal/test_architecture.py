"""Issue 8: the core reaches the apps only through the registry; nothing is tied together by strings."""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "portal"


def _apps_besides_the_core() -> set[str]:
    names = {config.name.split(".")[0] for config in apps.get_app_configs()}
    local = {name for name in names if (ROOT / name).is_dir()}
    return local - {"portal"}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_no_module_of_the_core_imports_an_app():
    app_names = _apps_besides_the_core()
    assert {"quickscan", "workshops", "consultants", "programmes"} <= app_names
    offenders = {
        str(path.relative_to(ROOT)): sorted(module for module in _imported_modules(path) if module.split(".")[0] in app_names)
        for path in CORE.rglob("*.py")
        if "migrations" not in path.parts and "management" not in path.parts
    }
    assert {path: modules for path, modules in offenders.items() if modules} == {}


def test_no_code_reaches_across_apps_by_name():
    """No apps.get_model, import_string or hasattr guesses outside migrations (issue 8.1)."""
    pattern = re.compile(r"get_model|import_string|hasattr\(")
    hits = []
    for name in {"portal", *_apps_besides_the_core()}:
        for path in (ROOT / name).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if pattern.search(line):
                    hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert hits == []


def test_every_periodic_task_names_a_registered_task():
    from celery import current_app

    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in current_app.tasks, entry["task"]


def test_no_job_is_enqueued_with_a_dotted_task_name():
    pattern = re.compile(r"""task\s*=\s*["'][a-z_]+\.""")
    offenders = [
        str(path.relative_to(ROOT))
        for name in {"portal", *_apps_besides_the_core()}
        for path in (ROOT / name).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_permission_matrix_uses_the_shared_helper():
    """Each app's permission matrix signs in and checks statuses through `tests/matrix.py` (issue 8.5)."""
    matrices = sorted((ROOT / "tests").glob("*/test_permissions.py"))
    assert len(matrices) >= 9
    offenders = [str(path.relative_to(ROOT)) for path in matrices if "tests.matrix" not in _imported_modules(path)]
    assert offenders == []


def _is_staff_role(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "StaffRole"


def _roles_written_together(node: ast.AST) -> int:
    """How many roles a literal or a call types out side by side: its elements (or arguments) that are a
    `StaffRole` member, or a tuple led by one, such as the `(role, pattern)` rows of staff permissions."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        items = node.elts
    elif isinstance(node, ast.Call):
        items = node.args
    else:
        return 0
    return sum(
        _is_staff_role(item) or (isinstance(item, ast.Tuple) and bool(item.elts) and _is_staff_role(item.elts[0]))
        for item in items
    )


def test_role_sets_are_named_only_in_portal_permissions():
    """`(StaffRole.EDITOR, StaffRole.PROGRAMME_MANAGER, ...)` is written once, as a named set in
    portal/permissions.py (`MANAGERS`, `CONTENT_STAFF`, ...); everywhere else uses the name (issue 8.3)."""
    allowed = ROOT / "portal" / "permissions.py"
    offenders = []
    for name in {"portal", *_apps_besides_the_core()}:
        for path in (ROOT / name).rglob("*.py"):
            if "migrations" in path.parts or path == allowed:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if _roles_written_together(node) >= 2:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert offenders == []


MAX_MODULE_LINES = 400
NOT_CODE = {  # over the limit on purpose, each for its reason
    "publications/demo_content.py": "demo data: the library's self-written demo texts, no logic",
}
SKIPPED_DIRECTORIES = {
    "tests": "tests, not code of the portal",
    "bench": "benchmarks, never part of the portal",
    "staticfiles": "collected static files",
}


def _lines_over_the_limit(paths) -> dict[str, int]:
    counts = {str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines()) for path in paths}
    return {name: lines for name, lines in counts.items() if lines > MAX_MODULE_LINES and name not in NOT_CODE}


def test_no_module_is_over_400_lines():
    """Split a module by audience before it grows past ~400 lines (issue 8.4); migrations are generated."""
    paths = list(ROOT.glob("*.py"))
    for directory in ROOT.iterdir():
        if directory.is_dir() and not directory.name.startswith(".") and directory.name not in SKIPPED_DIRECTORIES:
            paths.extend(path for path in directory.rglob("*.py") if "migrations" not in path.parts)
    assert any(path.match("portal/registry.py") for path in paths)
    assert _lines_over_the_limit(paths) == {}


def test_every_view_of_the_core_is_annotated():
    """`request: HttpRequest` and a return type, as the apps' views have (issue 8.5)."""
    tree = ast.parse((CORE / "views.py").read_text(encoding="utf-8"))
    views = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.args.args]
    views = [view for view in views if view.args.args[0].arg == "request"]
    assert len(views) >= 14
    bare = [
        view.name
        for view in views
        if ast.unparse(view.args.args[0].annotation or ast.Constant(None)) != "HttpRequest"
        or ast.unparse(view.returns or ast.Constant(None)) != "HttpResponse"
    ]
    assert bare == []


LOOKUP = re.compile(r"^get_[a-z_]+_for_(user|staff|griffier)$")


def test_every_lookup_of_an_object_for_a_user_has_one_shape():
    """Issue 8.3: `get_<thing>_for_<audience>(user, pk, *, write=False)`: the user, the key (a slug for
    public directories), and anything more keyword-only; so a lookup cannot be called with the user left
    out or its flags in the wrong place."""
    found, wrong = [], []
    for name in sorted(_apps_besides_the_core()):
        path = ROOT / name / "permissions.py"
        if not path.exists():
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and LOOKUP.match(node.name):
                found.append(f"{name}.{node.name}")
                positional = [arg.arg for arg in node.args.args]
                if positional not in (["user", "pk"], ["user", "slug"]) or node.args.vararg or node.args.kwarg:
                    wrong.append(f"{name}.{node.name}({', '.join(positional)})")
    assert len(found) >= 10  # every app's lookups are seen
    assert wrong == []
