"""The content messages these tests assert are English, so they run with the interface
in English; tests/scenario/test_messages_language.py checks the Dutch default."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(english_messages: None) -> None:
    """Every test here reads English messages (``helpers.english_messages``)."""
