"""The content messages these tests assert are English, so they run with the interface
in English (the command line too, through ``FRONTLIJN_LANG``);
tests/scenario/test_messages_language.py checks the Dutch default."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from frontlijn_game import i18n


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("FRONTLIJN_LANG", "en")
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)
