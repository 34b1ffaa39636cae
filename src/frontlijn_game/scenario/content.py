"""Finding content: the bundled cases, a content folder, and files named on the command line.

A content folder holds ``scenarios/`` and ``curricula/``. Test files
(``*.tests.yaml``) live beside their case and are recognised by their ``format``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from frontlijn_game.i18n import _
from frontlijn_game.scenario.diagnostics import Diagnostic
from frontlijn_game.scenario.model import Curriculum, Scenario

YAML_SUFFIXES = (".yaml", ".yml")


def bundled_content_dir() -> Path:
    """The cases shipped with the package (installed copy first, then a source checkout)."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "data"
    if (installed / "scenarios").is_dir():
        return installed
    return package.parent.parent


def yaml_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders (recursively) into their YAML files, sorted; keep files as given."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(
                sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
            )
        else:
            out.append(path)
    return out


def is_test_file(path: Path) -> bool:
    return path.name.endswith((".tests.yaml", ".tests.yml"))


@dataclass
class Library:
    """Every scenario and curriculum of a content folder, loaded and checked."""

    root: Path
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    curricula: dict[str, Curriculum] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def load_library(root: Path) -> Library:
    """Load ``root/scenarios`` and ``root/curricula``; ids must be unique across the folder."""
    from frontlijn_game.scenario.curriculum import load_curriculum
    from frontlijn_game.scenario.loader import load_scenario

    scenario_files = yaml_files([root / "scenarios"]) if (root / "scenarios").is_dir() else []
    curriculum_files = yaml_files([root / "curricula"]) if (root / "curricula").is_dir() else []
    return _assemble(
        Library(root),
        ((*load_scenario(path), path) for path in scenario_files if not is_test_file(path)),
        (load_curriculum(path) for path in curriculum_files),
    )


def library_from_texts(
    root: Path, scenarios: Sequence[tuple[str, str]], curricula: Sequence[tuple[str, str]]
) -> Library:
    """The same library from (path, text) pairs: what ``frontlijn --server`` is sent, checked
    here exactly as a folder would be."""
    from frontlijn_game.scenario.curriculum import load_curriculum_bytes
    from frontlijn_game.scenario.loader import load_scenario_bytes

    return _assemble(
        Library(root),
        ((*load_scenario_bytes(path, text.encode()), path) for path, text in scenarios),
        (load_curriculum_bytes(path, text.encode()) for path, text in curricula),
    )


def _assemble(
    library: Library,
    scenarios: Iterable[tuple[Scenario | None, list[Diagnostic], str | Path]],
    curricula: Iterable[tuple[Curriculum | None, list[Diagnostic]]],
) -> Library:
    from frontlijn_game.scenario.curriculum import check_curriculum

    for scenario, diagnostics, path in scenarios:
        library.diagnostics.extend(diagnostics)
        if scenario is None:
            continue
        if scenario.id in library.scenarios:
            other = library.scenarios[scenario.id].path
            library.diagnostics.append(
                Diagnostic(
                    str(path),
                    1,
                    1,
                    "error",
                    _("scenario-id '{id}' wordt ook gebruikt door {other}").format(
                        id=scenario.id, other=other
                    ),
                    "duplicate-id",
                )
            )
            continue
        library.scenarios[scenario.id] = scenario
    for curriculum, diagnostics in curricula:
        library.diagnostics.extend(diagnostics)
        if curriculum is None:
            continue
        problems = check_curriculum(curriculum, library.scenarios)
        library.diagnostics.extend(problems)
        if any(p.severity == "error" for p in problems):
            continue
        library.curricula[curriculum.id] = curriculum
    return library


def find_scenario(roots: Sequence[Path], ref: str) -> Path | None:
    """A scenario named by path, or by id in the first of ``roots`` that has it."""
    for root in roots:
        found = find_scenario_file(root, ref)
        if found is not None:
            return found
        if Path(ref).suffix in YAML_SUFFIXES:
            return None
    return None


def find_scenario_file(root: Path, ref: str) -> Path | None:
    """A scenario named by id (in ``root/scenarios``) or by path."""
    path = Path(ref)
    if path.suffix in YAML_SUFFIXES or path.exists():
        return path if path.is_file() else None
    for suffix in YAML_SUFFIXES:
        candidate = root / "scenarios" / f"{ref}{suffix}"
        if candidate.is_file():
            return candidate
    for candidate in yaml_files([root / "scenarios"]) if (root / "scenarios").is_dir() else []:
        if is_test_file(candidate):
            continue
        try:
            head = candidate.read_text(encoding="utf-8", errors="replace")[:4000]
        except OSError:
            continue
        if f"\nid: {ref}\n" in f"\n{head}" or f'\nid: "{ref}"\n' in f"\n{head}":
            return candidate
    return None


def content_folder_of(path: str | Path) -> Path | None:
    """The content folder holding a case file (``<folder>/scenarios/<file>``), or None."""
    resolved = Path(path).resolve()
    if resolved.parent.name != "scenarios":
        return None
    return resolved.parent.parent


def curricula_of_folder(folder: Path | None) -> list[Curriculum]:
    """Every curriculum of a content folder that loads (its own errors are validate's job)."""
    from frontlijn_game.scenario.curriculum import load_curriculum

    if folder is None or not (folder / "curricula").is_dir():
        return []
    found = []
    for path in yaml_files([folder / "curricula"]):
        curriculum, _ = load_curriculum(path)
        if curriculum is not None:
            found.append(curriculum)
    return found
