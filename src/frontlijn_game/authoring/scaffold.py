"""``frontlijn new``: start a case or a curriculum from a commented template.

A blank file is the hardest start; a template that already shows every feature, passes
``frontlijn validate --strict`` and comes with a passing test file lets a trainer change
one thing at a time and keep it green. The templates live in ``authoring/templates/`` (Dutch
sample text, like the cases) and point at the JSON Schemas through a modeline; the schemas
are written beside ``scenarios/`` when missing, so editor completion works at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

from frontlijn_game.authoring.golden import declared_id
from frontlijn_game.authoring.schema import SCHEMA_DIR, write_schemas
from frontlijn_game.i18n import _, ngettext
from frontlijn_game.scenario.content import is_test_file, yaml_files

__all__ = [
    "ID_PATTERN",
    "Scaffold",
    "ScaffoldError",
    "new_curriculum",
    "new_scenario",
    "render_curriculum",
    "render_scenario",
    "target_folder",
    "title_from_id",
]

Kind = Literal["scenario", "curriculum"]
ID_PATTERN = re.compile(r"[a-z0-9-]+\Z")
FOLDERS: dict[Kind, str] = {"scenario": "scenarios", "curriculum": "curricula"}
PLACEHOLDER_SCENARIO = "mijn-casus"


class ScaffoldError(Exception):
    """The files cannot be written (they exist, the id is taken, the folder is a file)."""


@dataclass
class Scaffold:
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _template(name: str) -> str:
    return (resources.files("frontlijn_game") / "authoring" / "templates" / name).read_text("utf-8")


def title_from_id(item_id: str) -> str:
    """``geldezel-samir`` -> ``Geldezel samir``: a placeholder title the trainer replaces."""
    words = item_id.replace("-", " ").strip() or item_id
    return words[:1].upper() + words[1:]


def target_folder(directory: Path, kind: Kind) -> tuple[Path, Path]:
    """(content folder, folder to write into): ``DIR/scenarios`` (or ``DIR/curricula``),
    or DIR itself when it already is such a folder."""
    sub = FOLDERS[kind]
    if directory.name == sub:
        return directory.parent, directory
    return directory, directory / sub


def render_scenario(scenario_id: str, title: str | None = None) -> tuple[str, str]:
    """The case and its test file for ``scenario_id``."""
    title = title or title_from_id(scenario_id)
    case = _template("scenario.yaml").replace("__ID__", scenario_id).replace("__TITLE__", title)
    tests = _template("scenario.tests.yaml").replace("__ID__", scenario_id)
    return case, tests


def _modules(scenario_ids: list[str]) -> str:
    first, rest = scenario_ids[:1], scenario_ids[1:]
    lines = [
        "  - id: m1",
        '    title: "Eerste module"',
        f"    scenarios: [{', '.join(first)}]",
        "    pass: {min_score: 70, ending_kind: [good, mixed]}   # 70 of hoger, geen slecht einde",
    ]
    second = [
        "  - id: m2",
        '    title: "Tweede module"',
        "    requires: [m1]                    # gaat open als m1 gehaald is",
        f"    scenarios: [{', '.join(rest) or 'andere-casus'}]",
        "    pass: {min_score: 70, ending_kind: [good, mixed]}",
    ]
    if rest:
        lines += second
    else:
        lines.append("  # Een tweede module, die pas opengaat als m1 gehaald is:")
        lines += ["  # " + line[2:] for line in second]
    return "\n".join(lines)


def render_curriculum(curriculum_id: str, scenario_ids: list[str], title: str | None = None) -> str:
    title = title or title_from_id(curriculum_id)
    text = _template("curriculum.yaml").replace("__ID__", curriculum_id)
    text = text.replace("__TITLE__", title)
    return text.replace("__MODULES__", _modules(scenario_ids or [PLACEHOLDER_SCENARIO]))


def _scenario_ids(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    files = [p for p in yaml_files([folder]) if not is_test_file(p)]
    return sorted({sid for p in files if (sid := declared_id(p))})


def _check_id(item_id: str, kind: Kind) -> None:
    if not ID_PATTERN.match(item_id):
        message = (
            _("'{id}' is geen geldige scenario-id: gebruik kleine letters, cijfers en '-'")
            if kind == "scenario"
            else _("'{id}' is geen geldige curriculum-id: gebruik kleine letters, cijfers en '-'")
        )
        raise ValueError(message.format(id=item_id))


def _write(scaffold: Scaffold, files: dict[Path, str]) -> None:
    existing = [str(p) for p in files if p.exists()]
    if existing:
        raise ScaffoldError(
            ngettext(
                "{files} bestaat al; niets geschreven",
                "{files} bestaan al; niets geschreven",
                len(existing),
            ).format(files=_(" en ").join(existing))
        )
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        scaffold.files.append(path)


def _schemas(scaffold: Scaffold, root: Path) -> None:
    written = write_schemas(root / SCHEMA_DIR, overwrite=False)
    if written:
        scaffold.notes.append(
            _("de editorschema's zijn geschreven in {folder} (zie de modeline op regel 1)").format(
                folder=root / SCHEMA_DIR
            )
        )


def new_scenario(scenario_id: str, directory: Path) -> Scaffold:
    """Write ``scenarios/<id>.yaml`` and ``scenarios/<id>.tests.yaml`` under ``directory``.

    Raises ValueError for a bad id and :class:`ScaffoldError` when a file exists or the id
    is already used by another case in that folder.
    """
    _check_id(scenario_id, "scenario")
    root, folder = target_folder(directory, "scenario")
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(_("{folder} is geen map").format(folder=folder))
    case_path = folder / f"{scenario_id}.yaml"
    tests_path = folder / f"{scenario_id}.tests.yaml"
    if folder.is_dir() and not case_path.exists():
        for other in yaml_files([folder]):
            if not is_test_file(other) and declared_id(other) == scenario_id:
                raise ScaffoldError(
                    _("scenario-id '{id}' wordt al gebruikt door {other}").format(
                        id=scenario_id, other=other
                    )
                )
    case, tests = render_scenario(scenario_id)
    scaffold = Scaffold()
    _write(scaffold, {case_path: case, tests_path: tests})
    _schemas(scaffold, root)
    return scaffold


def new_curriculum(curriculum_id: str, directory: Path) -> Scaffold:
    """Write ``curricula/<id>.yaml`` under ``directory``, with modules over the cases found
    in its ``scenarios/`` (a placeholder id when there are none)."""
    _check_id(curriculum_id, "curriculum")
    root, folder = target_folder(directory, "curriculum")
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(_("{folder} is geen map").format(folder=folder))
    ids = _scenario_ids(root / "scenarios")
    scaffold = Scaffold()
    _write(scaffold, {folder / f"{curriculum_id}.yaml": render_curriculum(curriculum_id, ids)})
    if not ids:
        scaffold.notes.append(
            _(
                "geen casussen gevonden in {folder}: vervang '{placeholder}' door de ids van je "
                "casussen"
            ).format(folder=root / "scenarios", placeholder=PLACEHOLDER_SCENARIO)
        )
    _schemas(scaffold, root)
    return scaffold
