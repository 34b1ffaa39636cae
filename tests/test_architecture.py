"""The rooms keep their direction (import-linter) and the code stays ruff clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def test_import_contracts_hold() -> None:
    result = subprocess.run(
        [_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_core_imports_without_textual() -> None:
    code = (
        "import sys, frontlijn_game.cli.content, frontlijn_game.engine.paths, "
        "frontlijn_game.store, frontlijn_game.authoring.playtest; "
        "assert 'textual' not in sys.modules, 'core imported textual'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_ruff_clean() -> None:
    result = subprocess.run(
        [_tool("ruff"), "check", "src"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_mypy_strict_clean() -> None:
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def _import_loops(root: str = "frontlijn_game") -> list[str]:
    """Import loops (TYPE_CHECKING and function-level imports included) among the
    children of each package: a file or sub-folder importing, however indirectly, a
    sibling that imports it back. Each loop is named once, by the package and its
    members, with one import of each member that closes it."""
    import grimp

    graph = grimp.build_graph(root, cache_dir=None)
    found: list[str] = []
    for package in sorted(m for m in graph.modules if graph.find_children(m)):
        children = graph.find_children(package)

        def unit(module: str, children: set[str] = children) -> str | None:
            return next((c for c in children if module == c or module.startswith(c + ".")), None)

        edges: dict[str, dict[str, str]] = {c: {} for c in children}
        for module in graph.modules:
            source = unit(module)
            if source is None:
                continue
            for imported in graph.find_modules_directly_imported_by(module):
                target = unit(imported)
                if target is not None and target != source:
                    edges[source].setdefault(target, f"{module} -> {imported}")

        def reach(start: str, edges: dict[str, dict[str, str]] = edges) -> set[str]:
            seen: set[str] = set()
            todo = [start]
            while todo:
                for nxt in set(edges[todo.pop()]) - seen:
                    seen.add(nxt)
                    todo.append(nxt)
            return seen

        reached = {c: reach(c) for c in children}
        for child in sorted(children):
            loop = sorted(c for c in children if c in reached[child] and child in reached[c])
            if loop and child == loop[0]:
                members = set(loop)
                closing = [i for c in loop for t, i in sorted(edges[c].items()) if t in members]
                found.append(f"{package}: {', '.join(c.rsplit('.', 1)[1] for c in loop)}")
                found.extend(f"    {line}" for line in closing)
    return found


def test_no_import_loop_inside_a_package() -> None:
    """The files of one folder import one way too (a lazy import inside a function
    counts: it is the same dependency, only later). Break a loop by moving what both
    need below both (see docs/architecture.md)."""
    loops = _import_loops()
    assert loops == [], "\n".join(loops)


def test_the_loop_check_sees_a_loop(tmp_path: Path) -> None:
    """The check above can fail: two files that import each other, one of them lazily,
    and a sub-folder importing back its parent's file, are both reported."""
    root = tmp_path / "looped"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "a.py").write_text("from looped import b\n")
    (root / "b.py").write_text("def f() -> None:\n    from looped import a\n")
    (root / "c.py").write_text("from looped.sub import d\n")
    (root / "sub" / "__init__.py").write_text("")
    (root / "sub" / "d.py").write_text("import looped.c\n")
    sys.path.insert(0, str(tmp_path))
    try:
        loops = _import_loops("looped")
    finally:
        sys.path.remove(str(tmp_path))
    assert [line for line in loops if not line.startswith(" ")] == [
        "looped: a, b",
        "looped: c, sub",
    ], loops
