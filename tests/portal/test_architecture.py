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
