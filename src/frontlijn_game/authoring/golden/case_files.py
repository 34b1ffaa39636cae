"""Finding the case a test file names: by the ``id:`` line of the YAML files beside it."""

from __future__ import annotations

import re
from pathlib import Path

from frontlijn_game.scenario.content import YAML_SUFFIXES, is_test_file

_ID_LINE = re.compile(r"^id:\s*[\"']?([a-z0-9-]+)[\"']?\s*(#.*)?$", re.MULTILINE)


def declared_id(path: Path) -> str | None:
    """The top-level ``id:`` of a YAML file, read without parsing it (cheap on a folder)."""
    try:
        head = path.read_bytes()[:20_000].decode("utf-8", errors="replace")
    except OSError:
        return None
    match = _ID_LINE.search(head)
    return match.group(1) if match else None


def candidates(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in YAML_SUFFIXES and p.is_file() and not is_test_file(p)
    )


def find_case_file(test_path: Path, scenario_id: str, content_dir: Path | None) -> Path | None:
    """The case a test file names: beside it (``<id>.yaml`` or any file with that id), else
    in the content folder's ``scenarios/``."""
    folders = [test_path.parent]
    if content_dir is not None:
        folders.append(content_dir / "scenarios")
    for folder in folders:
        for suffix in YAML_SUFFIXES:
            candidate = folder / f"{scenario_id}{suffix}"
            if candidate.is_file():
                return candidate
        for candidate in candidates(folder):
            if declared_id(candidate) == scenario_id:
                return candidate
    return None


def known_ids(test_path: Path, content_dir: Path | None) -> list[str]:
    folders = [test_path.parent] + ([content_dir / "scenarios"] if content_dir else [])
    return sorted({i for f in folders for p in candidates(f) if (i := declared_id(p))})
