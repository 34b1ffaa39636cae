"""Leader passwords: long enough and not easy to guess (zxcvbn's lists, not a hand-typed one)."""

from __future__ import annotations

import pytest

from frontlijn_game.store.leaders import MIN_PASSWORD, WeakPassword, check_password


@pytest.mark.parametrize(
    "password",
    [
        "password",  # the top of every list, and short
        "password1234",  # 12 characters, still one of the most common
        "qwertyuiop123",  # a keyboard row
        "aaaaaaaaaaaaaaaa",  # a repeat
        "anna-anna-anna",  # the leader's own name
        "123456789012",  # a sequence
    ],
)
def test_guessable_passwords_are_refused(password: str) -> None:
    with pytest.raises(WeakPassword):
        check_password(password, "anna")


def test_short_passwords_are_refused_with_the_rule() -> None:
    assert MIN_PASSWORD == 12
    with pytest.raises(WeakPassword, match="at least 12 characters"):
        check_password("Tr0mp-Ka5t!", "anna")


@pytest.mark.parametrize("password", ["blauwe-fiets-bij-de-brug", "geheim-wachtwoord"])
def test_phrases_of_unrelated_words_pass(password: str) -> None:
    assert check_password(password, "anna") == password


def test_the_reason_names_what_is_wrong() -> None:
    with pytest.raises(WeakPassword, match=r"too easy to guess \(.*common.*\)"):
        check_password("password1234")
