"""The import graph of ``src/cleantext``: no cycle, and the data types at the bottom (issue 17).

Imports are read with :mod:`ast` (also those inside functions, which hide a cycle from
Python's import machinery but not from a reader), so nothing is imported to check them.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "cleantext"

#: The bottom layer: data types, tables, configuration and errors. They import only each other.
BOTTOM = frozenset({"blocks", "trace", "chardata", "config", "errors", "model"})
#: The step machinery sits right above them.
STEP_MACHINERY = frozenset({"steps"})


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> list[str]:
    """Modules of this package named by a ``from … import …`` in ``module``."""
    if node.level == 0:
        if not (node.module or "").startswith("cleantext"):
            return []
        base = (node.module or "").removeprefix("cleantext").lstrip(".")
    else:
        here = module.split(".") if module else []
        package = here if is_package else here[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, *([node.module] if node.module else [])])
    names = [f"{base}.{a.name}" if base else a.name for a in node.names]
    return [base, *names] if base else names


def import_graph() -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                targets = _resolve(name, node, path.name == "__init__.py")
            elif isinstance(node, ast.Import):
                targets = [
                    a.name.removeprefix("cleantext").lstrip(".")
                    for a in node.names
                    if a.name.startswith("cleantext")
                ]
            else:
                continue
            graph[name] |= {t for t in targets if t in paths and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that returns to its start, or None.

    >>> find_cycle({"a": {"b"}, "b": {"a"}})
    ['a', 'b', 'a']
    >>> find_cycle({"a": {"b"}, "b": set()}) is None
    True
    """
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_graph_sees_the_package() -> None:
    graph = import_graph()
    assert {"blocks", "linewrap", "roles", "steps", "pipeline", ""} <= set(graph)
    assert "blocks" in graph["steps"]
    assert "pipeline" in graph[""]  # the package's __init__


def test_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(m or "cleantext" for m in cycle or [])


def test_bottom_layer_imports_only_the_bottom_layer() -> None:
    graph = import_graph()
    for module in BOTTOM:
        assert graph[module] <= BOTTOM, (module, graph[module] - BOTTOM)


def test_step_machinery_imports_only_the_bottom_layer() -> None:
    graph = import_graph()
    for module in STEP_MACHINERY:
        assert graph[module] <= BOTTOM, (module, graph[module] - BOTTOM)
