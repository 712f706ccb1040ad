"""What may import what (``docs/architecture.md``): each layer imports only the layers below.

Imports for type annotations only (under ``if TYPE_CHECKING:``) are not dependencies and
are left out; imports inside functions are dependencies like any other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "clustermap"

#: Layer of each module or subpackage, from the bottom up.
LAYERS = {
    "foundation": {"errors", "_version", "turkish", "scale", "shares", "timing", "options"},
    "survey": {"survey"},
    "graph": {"graph"},
    "export": {"export"},
    "pipeline": {"pipeline", "firmtable", "record"},
    "api": {"api"},
    "commands": {"compare", "batch"},
    "cli": {"cli", "cli_options", "__main__"},
}
#: The layers each layer may import (besides itself).
MAY_IMPORT = {
    "foundation": set(),
    "survey": {"foundation"},
    "graph": {"foundation"},
    "export": {"foundation", "graph"},
    "pipeline": {"foundation", "survey", "graph"},
    "api": {"foundation", "survey", "graph", "pipeline", "export"},
    "commands": {"foundation", "survey", "graph", "pipeline", "export", "api"},
    "cli": {"foundation", "survey", "graph", "pipeline", "export", "api", "commands"},
}
#: Imports inside functions allowed against the layers: the options check a value by the
#: rule of the module that owns it (the relation names, the engines installed, the
#: core/periphery block value) and read a survey with themselves.
DEFERRED = {("options", "survey"), ("options", "graph")}


def layer_of(module: str) -> str | None:
    """The layer of ``clustermap.x.y``; ``None`` for the package root (which imports its
    public names lazily from every layer) and for a name imported from it."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    return next((layer for layer, names in LAYERS.items() if parts[1] in names), None)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, bool]]:
    """(clustermap module imported, whether inside a function) for each import of ``path``
    outside ``if TYPE_CHECKING:`` blocks."""
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for branch in child.orelse:
                    visit(branch, in_function)
                continue
            if isinstance(child, ast.ImportFrom) and (child.module or "").startswith("clustermap"):
                module = child.module or ""
                # "from clustermap import engine as fast" imports a submodule
                found.extend((f"{module}.{alias.name}", in_function) for alias in child.names)
            elif isinstance(child, ast.Import):
                found.extend(
                    (alias.name, in_function)
                    for alias in child.names
                    if alias.name.startswith("clustermap")
                )
            visit(
                child,
                in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef),
            )

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda path: module_name(path))
def test_each_layer_imports_only_the_layers_below(path: Path) -> None:
    importer = module_name(path)
    own = layer_of(importer)
    if own is None:
        return
    for target, in_function in imports(path):
        imported = layer_of(target)
        if imported is None or imported == own or imported in MAY_IMPORT[own]:
            continue
        deferred = in_function and (importer.split(".")[1], imported) in DEFERRED
        assert deferred, f"{importer} imports {target}"


def test_graph_and_export_import_nothing_from_the_survey() -> None:
    """The rule the layers exist for, spelled out: measures and outputs work on any
    networkx graph, not only on a survey read by clustermap."""
    for path in MODULES:
        if layer_of(module_name(path)) in ("graph", "export"):
            assert not [t for t, _ in imports(path) if t.startswith("clustermap.survey")], path


def test_every_module_has_a_layer() -> None:
    for path in MODULES:
        module = module_name(path)
        if module != "clustermap":
            assert layer_of(module) in MAY_IMPORT, module
