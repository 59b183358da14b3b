"""The package's shape: no import cycles, dependencies flowing one way, small modules.

Imports are read with :mod:`ast` from the source (including imports inside functions,
excluding ``if TYPE_CHECKING:`` blocks, which never run), so a lazy import cannot hide a
cycle. ``from package import submodule`` counts as an import of the submodule.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "sekom_kg"

#: The pipeline's layers, lowest first: a module may import its own layer and those before it.
LAYERS = (
    "core",
    "assembly",
    "validation",
    "rdfio",
    "metadata",
    "sparql",
    "site",
    "publish",
    "cli",
)
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node except those inside ``if TYPE_CHECKING:``."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def imports_of(name: str, source: str) -> set[str]:
    """The package modules that module ``name`` (with ``source``) imports at run time."""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = {f"{base}.{alias.name}" for alias in node.names} & MODULES.keys()
            found.update(submodules or {base})
    return {target for target in found if target in MODULES and target != name}


def import_graph() -> dict[str, set[str]]:
    return {name: imports_of(name, path.read_text("utf-8")) for name, path in MODULES.items()}


def layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_is_in_a_layer() -> None:
    loose = [name for name in MODULES if name != "sekom_kg" and layer(name) is None]
    assert loose == []


def test_no_import_cycles() -> None:
    try:
        TopologicalSorter(import_graph()).prepare()
    except CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


def test_dependencies_flow_down_the_layers() -> None:
    upward = sorted(
        f"{name} -> {target}"
        for name, targets in import_graph().items()
        for target in targets
        if (low := layer(name)) is not None and (high := layer(target)) is not None and high > low
    )
    assert upward == []


def test_the_checks_see_cycles_and_upward_imports() -> None:
    """The reader above finds a lazy import, a relative one and a submodule import."""
    found = imports_of(
        "sekom_kg.core.errors",
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from sekom_kg.cli import main\n"
        "def f():\n    from sekom_kg.publish import build\n"
        "from . import urls\n",
    )
    assert found == {"sekom_kg.publish.build", "sekom_kg.core.urls"}
    with pytest.raises(CycleError):
        TopologicalSorter({"a": {"b"}, "b": {"a"}}).prepare()


def test_modules_are_small() -> None:
    long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def body_lines(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """A function's lines from ``def`` to its end, without its docstring."""
    assert function.end_lineno is not None
    lines = function.end_lineno - function.lineno + 1
    first = function.body[0]
    docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    if docstring and isinstance(first.value.value, str) and first.end_lineno is not None:  # type: ignore[attr-defined]
        lines -= first.end_lineno - first.lineno + 1
    return lines


def test_functions_are_short() -> None:
    long = {
        f"{name}.{node.name}": body_lines(node)
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and body_lines(node) > MAX_FUNCTION_LINES
    }
    assert long == {}


def test_the_size_check_sees_a_long_function() -> None:
    source = 'def f():\n    """Doc.\n\n    More.\n    """\n' + "    x = 1\n" * 41
    (function,) = ast.parse(source).body
    assert isinstance(function, ast.FunctionDef)
    assert body_lines(function) == 42
