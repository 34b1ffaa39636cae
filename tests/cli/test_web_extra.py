"""Without the [web] extra, `frontlijn web` says in the interface language what to install,
with the command the README gives, and exits 1 (no traceback)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontlijn_game.cli import cli


@pytest.mark.parametrize(
    ("lang", "words"), [("nl", "is niet geïnstalleerd"), ("en", "is not installed")]
)
def test_web_without_its_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str, words: str
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn -> ImportError
    db = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    result = CliRunner().invoke(cli, ["--lang", lang, "--db", db, "web"])
    assert result.exit_code == 1, result.output
    assert words in result.output and 'pip install ".[web]"' in result.output
    assert "Traceback" not in result.output
