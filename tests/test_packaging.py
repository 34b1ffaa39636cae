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
