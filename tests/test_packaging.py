"""Every file the package needs at run time besides its modules is declared as package
data, so a plain ``pip install .`` (not editable) has it: a leader stylesheet that was
left out once made the dashboard fail on first start."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "frontlijn_game"


def test_every_data_file_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["frontlijn_game"]
    declared = {p for pattern in patterns for p in PACKAGE.glob(pattern) if p.is_file()}
    data = {
        p
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    assert data, "no data files found: the test looks in the wrong place"
    missing = sorted(str(p.relative_to(PACKAGE)) for p in data - declared)
    assert missing == [], (
        f"add these to [tool.setuptools.package-data] in pyproject.toml: {missing}"
    )


def test_the_glossary_is_package_data_and_in_the_sdist() -> None:
    """The trainees' glossary screen reads ``data/glossary.yaml`` from the installed package."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["frontlijn_game"]
    glossary = PACKAGE / "data" / "glossary.yaml"
    assert glossary.is_file()
    assert any(glossary in PACKAGE.glob(pattern) for pattern in patterns)
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
    assert "graft src/frontlijn_game/data" in manifest
