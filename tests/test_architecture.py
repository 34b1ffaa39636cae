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


def _loops_across_folders() -> list[str]:
    """Import loops (TYPE_CHECKING imports included) among the children of each package
    that take in a sub-package: a file of one folder importing, however indirectly, a
    file of another folder that imports it back. Loops between files of one folder are
    not counted here."""
    import grimp

    graph = grimp.build_graph("frontlijn_game")
    found: list[str] = []
    for package in sorted(m for m in graph.modules if graph.find_children(m)):
        children = graph.find_children(package)

        def unit(module: str, children: set[str] = children) -> str | None:
            return next((c for c in children if module == c or module.startswith(c + ".")), None)

        edges: dict[str, set[str]] = {c: set() for c in children}
        for module in graph.modules:
            source = unit(module)
            if source is None:
                continue
            for imported in graph.find_modules_directly_imported_by(module):
                target = unit(imported)
                if target is not None and target != source:
                    edges[source].add(target)

        def reach(start: str, edges: dict[str, set[str]] = edges) -> set[str]:
            seen: set[str] = set()
            todo = [start]
            while todo:
                for nxt in edges[todo.pop()] - seen:
                    seen.add(nxt)
                    todo.append(nxt)
            return seen

        reached = {c: reach(c) for c in children}
        for child in sorted(children):
            loop = sorted(c for c in children if c in reached[child] and child in reached[c])
            if loop and child == loop[0] and any(graph.find_children(c) for c in loop):
                found.append(f"{package}: {', '.join(c.rsplit('.', 1)[1] for c in loop)}")
    return found


def test_no_import_loop_between_folders() -> None:
    assert _loops_across_folders() == []
