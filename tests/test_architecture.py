"""The package's shape, read from its imports with ``ast``: no cycles, layers one way, no MkDocs in the core.

The core must be able to move to another site generator when Material for MkDocs reaches its end of
life, so only ``mkdocs_plugins`` may import MkDocs; and a newcomer should be able to trust the order in
``core/__init__.py``: a package imports only from packages listed before it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "safeguarding_manual"
NAME = "safeguarding_manual"

#: core's packages and modules, lowest first; the same rank may import each other (cycles are checked apart)
CORE_LAYERS = [
    {"urls", "dates"},
    {"reading"},
    {"safe_html"},
    {"thresholds"},
    {"manual"},
    {"glossary"},
    {"history"},
    {"areas"},
    {"pages"},
    {"content"},
    {"editing"},
]
FREE_OF_MKDOCS = ("core", "markdown_ext")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([NAME, *parts])


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in the file (inside functions too), as absolute names."""
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}  # "from . import module"
    return found


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {i for i in imports_of(path) if i in MODULES and i != name} for name, path in MODULES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle as a list of modules, or None (depth-first search with colours)."""
    colour: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if colour.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in colour and (cycle := visit(target)):
                return cycle
        stack.pop()
        colour[node] = 2
        return None

    for node in sorted(graph):
        if node not in colour and (cycle := visit(node)):
            return cycle
    return None


def core_rank(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 3 or parts[1] != "core":
        return None
    return next((rank for rank, names in enumerate(CORE_LAYERS) if parts[2] in names), None)


def test_the_package_has_no_import_cycle() -> None:
    assert find_cycle(GRAPH) is None, " -> ".join(find_cycle(GRAPH) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("folder", FREE_OF_MKDOCS)
def test_core_and_markdown_extensions_never_import_mkdocs(folder: str) -> None:
    offenders = sorted(
        f"{name} imports {imported}"
        for name, path in MODULES.items() if name.startswith(f"{NAME}.{folder}")
        for imported in imports_of(path) if imported.split(".")[0] in ("mkdocs", "material", "properdocs")
    )
    assert offenders == []


def test_every_core_module_belongs_to_a_layer() -> None:
    assert [name for name in MODULES if name.startswith(f"{NAME}.core.") and core_rank(name) is None] == []


def test_core_packages_import_only_downwards() -> None:
    upward = sorted(
        f"{name} (layer {core_rank(name)}) imports {target} (layer {core_rank(target)})"
        for name, targets in GRAPH.items() if core_rank(name) is not None
        for target in targets if core_rank(target) is not None and core_rank(target) > core_rank(name)  # type: ignore[operator]
    )
    assert upward == []


def test_every_core_package_says_what_it_owns() -> None:
    for init in sorted((PACKAGE / "core").glob("*/__init__.py")):
        docstring = ast.get_docstring(ast.parse(init.read_text("utf-8"))) or ""
        assert len(docstring.split()) >= 15 and "import" in docstring.lower(), f"{init} should say what it owns and imports"
