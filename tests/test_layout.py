"""The shape of the code a newcomer relies on: small modules, and imports that flow one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "dpgcheck"
MAX_MODULE_LINES = 450


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


@pytest.mark.parametrize("name", sorted(_modules()))
def test_no_module_is_over_the_line_limit(name: str) -> None:
    lines = _modules()[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{name}: {lines} lines; split it by what its parts do"


def _imports_at_load(path: Path, name: str, known: set[str]) -> set[str]:
    """The dpgcheck modules ``name`` imports when it loads (not inside functions, not for typing)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in ast.walk(node) if not isinstance(node, ast.FunctionDef | ast.ClassDef) else ():
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join([*package.split(".")[: len(package.split(".")) - child.level + 1], base])
                found.add(base.rstrip("."))
                found.update(f"{base}.{alias.name}" for alias in child.names)
    return {module for module in found if module in known and module != name}


def test_modules_import_each_other_without_a_circle() -> None:
    modules = _modules()
    known = set(modules)
    graph = {name: _imports_at_load(path, name, known) for name, path in modules.items()}
    # A package's __init__ importing its own modules is how Python loads packages, not a circle.
    for name in graph:
        graph[name] = {m for m in graph[name] if not m.startswith(name + ".")}
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        trail.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circle = [*trail[trail.index(target) :], target]
                raise AssertionError("import circle: " + " -> ".join(circle))
            if target not in state:
                visit(target)
        trail.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
