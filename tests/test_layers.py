"""The layering of docs/adr/0006 holds: import-linter checks the module graph (`make lint`, CI); this test
checks what import-linter cannot see as a smell: an import of project code inside a function, which is how
a cycle hides.

One place is Django's own: an app's `AppConfig.ready()` in `apps.py` imports its signal receivers, which it cannot
do at module level (the models are not loaded yet); it runs once every app is loaded, so it hides no cycle."""

import ast
from pathlib import Path

from django.conf import settings

PROJECT_PACKAGES = {
    "ntm_portal",
    "api",
    "dossiers",
    "reports",
    "funding",
    "projects",
    "criteria",
    "jobs",
    "ops",
    "audit",
    "units",
    "core",
}


def application_modules():
    base = Path(settings.BASE_DIR)
    for package in sorted(PROJECT_PACKAGES):
        for path in sorted((base / package).rglob("*.py")):
            parts = path.relative_to(base).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield path


def function_level_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if path.name == "apps.py" and function.name == "ready":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else ["."]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            if any(name == "." or name.split(".")[0] in PROJECT_PACKAGES for name in names):
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}")
    return found


def test_the_scan_reads_the_application_modules():
    modules = list(application_modules())
    assert len(modules) > 50 and any(path.name == "evaluation.py" for path in modules)


def test_no_project_module_is_imported_inside_a_function():
    found = [place for path in application_modules() for place in function_level_imports(path)]
    assert found == []
