"""What may import what (``docs/architecture.md``): each layer imports only the layers below.

Imports for type annotations only (under ``if TYPE_CHECKING:``) are not dependencies and
are left out; imports inside functions are dependencies like any other, and so are
relative imports. Inside the package nothing imports a name from the package root (which
re-exports every layer), no module imports another's private names, and the commands do
not import each other.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "clustermap"

#: Layer of each module or subpackage, from the bottom up.
LAYERS = {
    "foundation": {
        "errors",
        "_version",
        "turkish",
        "scale",
        "shares",
        "timing",
        "options",
        "forked",
    },
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


#: The modules and subpackages of the package (what ``from clustermap import x`` may name).
SUBMODULES = {name for names in LAYERS.values() for name in names}


def layer_of(module: str) -> str | None:
    """The layer of ``clustermap.x.y``; ``None`` for the package root (which imports its
    public names lazily from every layer)."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    return next((layer for layer, names in LAYERS.items() if parts[1] in names), None)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(test: ast.expr) -> bool:
    """``if TYPE_CHECKING:`` or ``if typing.TYPE_CHECKING:`` (not ``if not TYPE_CHECKING:``)."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


@dataclass(frozen=True)
class Import:
    """A name imported from the package: the module it comes from, the name (``None`` for
    ``import clustermap.x``), and whether the import is inside a function."""

    module: str
    name: str | None
    in_function: bool

    @property
    def target(self) -> str:
        """The module this import depends on: ``from clustermap import record`` is
        ``clustermap.record``, ``from clustermap.graph import supply`` the graph."""
        if self.module == "clustermap" and self.name in SUBMODULES:
            return f"clustermap.{self.name}"
        return self.module


def imports(path: Path) -> list[Import]:
    """Every import from the package in ``path``, relative ones resolved, outside
    ``if TYPE_CHECKING:`` blocks."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking_only(child.test):
                for branch in child.orelse:
                    visit(branch, in_function)
                continue
            if isinstance(child, ast.ImportFrom):
                module = child.module or ""
                if child.level:  # from . import x, from ..survey import names
                    base = package[: len(package) - child.level + 1]
                    module = ".".join([*base, *([module] if module else [])])
                if module == "clustermap" or module.startswith("clustermap."):
                    found.extend(Import(module, alias.name, in_function) for alias in child.names)
            elif isinstance(child, ast.Import):
                found.extend(
                    Import(alias.name, None, in_function)
                    for alias in child.names
                    if alias.name == "clustermap" or alias.name.startswith("clustermap.")
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
    for found in imports(path):
        imported = layer_of(found.target)
        assert imported is not None, (
            f"{importer} imports {found.name} from the package root: import it from the "
            "module that defines it"
        )
        if imported == own or imported in MAY_IMPORT[own]:
            continue
        deferred = found.in_function and (importer.split(".")[1], imported) in DEFERRED
        assert deferred, f"{importer} imports {found.target}"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: module_name(path))
def test_no_module_imports_another_modules_private_names(path: Path) -> None:
    for found in imports(path):
        name = found.name or ""
        private = name.startswith("_") and not name.startswith("__")
        assert not private, f"{module_name(path)} imports {name} from {found.module}"


def test_the_commands_do_not_import_each_other() -> None:
    """``compare`` and ``batch`` each stand on the library alone."""
    commands = LAYERS["commands"]
    for path in MODULES:
        importer = module_name(path).split(".")[-1]
        if importer in commands:
            targets = {found.target.split(".")[1] for found in imports(path)}
            assert not targets & (commands - {importer}), importer


def test_graph_and_export_import_nothing_from_the_survey() -> None:
    """The rule the layers exist for, spelled out: measures and outputs work on any
    networkx graph, not only on a survey read by clustermap."""
    for path in MODULES:
        if layer_of(module_name(path)) in ("graph", "export"):
            leaks = [f.target for f in imports(path) if f.target.startswith("clustermap.survey")]
            assert not leaks, path


def test_every_module_has_a_layer() -> None:
    for path in MODULES:
        module = module_name(path)
        if module != "clustermap":
            assert layer_of(module) in MAY_IMPORT, module


def test_no_module_is_over_700_lines() -> None:
    """A module a reader can hold in mind; split one that grows past this."""
    for path in MODULES:
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 700, f"{module_name(path)}: {lines} lines"


@pytest.mark.parametrize(
    ("source", "module", "leak"),
    [
        ("from clustermap import read_survey", "graph/x.py", "package root"),
        ("from ..survey.names import sort_key", "graph/x.py", "clustermap.survey"),
        ("if not TYPE_CHECKING:\n    from clustermap.survey import names", "export/x.py", "survey"),
        ("def f():\n    from clustermap.api import analyze", "graph/x.py", "clustermap.api"),
    ],
)
def test_the_checks_see_through_disguised_imports(
    tmp_path: Path, source: str, module: str, leak: str
) -> None:
    """The rules catch the forms an import can take (relative, from the root, in a function,
    under ``if not TYPE_CHECKING:``)."""
    copy = tmp_path / "clustermap" / module
    copy.parent.mkdir(parents=True)
    copy.write_text(source + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys.modules[__name__], "PACKAGE", tmp_path / "clustermap")
        with pytest.raises(AssertionError, match=leak.replace(".", r"\.")):
            test_each_layer_imports_only_the_layers_below(copy)
