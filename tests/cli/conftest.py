"""The command-line tests assert English output, so they run with ``FRONTLIJN_LANG=en``;
an explicit ``--lang`` still wins. ``test_language.py`` checks the Dutch default."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLIJN_LANG", "en")
