"""``{var}`` interpolation: splitting, errors with offsets, and how values print."""

from __future__ import annotations

import pytest

from frontlijn_game.scenario.interpolation import (
    TemplateError,
    format_value,
    interpolate,
    names,
    scan,
    split,
)


def test_split_and_scan_agree_and_give_offsets() -> None:
    template = "Vertrouwen {vertrouwen}, {{niet}} {{ {fase} }}"
    assert scan(template) == [
        (False, "Vertrouwen ", 0),
        (True, "vertrouwen", 11),
        (False, ", {niet} { ", 23),
        (True, "fase", 37),
        (False, " }", 43),
    ]
    assert split(template) == tuple((is_name, text) for is_name, text, _ in scan(template))
    assert names(template) == ["vertrouwen", "fase"]


def test_spaces_inside_braces_are_allowed() -> None:
    assert split("{ n }") == ((True, "n"),)


def test_plain_text_and_empty_text() -> None:
    assert split("geen namen") == ((False, "geen namen"),)
    assert split("") == ()
    assert split("{{}}") == ((False, "{}"),)


@pytest.mark.parametrize(
    ("template", "offset", "message"),
    [
        ("a { b", 2, "'{' without closing '}' (write '{{' for a brace)"),
        ("a {b\n} c", 2, "'{' without closing '}' (write '{{' for a brace)"),
        ("a } b", 2, "'}' without '{' (write '}}' for a brace)"),
        ("{}", 0, "'{}' is not a variable name (write '{{' and '}}' for braces)"),
        ("x {1a}", 2, "'{1a}' is not a variable name (write '{{' and '}}' for braces)"),
        ("{a b}", 0, "'{a b}' is not a variable name (write '{{' and '}}' for braces)"),
        ("{a-b}", 0, "'{a-b}' is not a variable name (write '{{' and '}}' for braces)"),
    ],
)
def test_stray_braces_raise_with_their_offset(template: str, offset: int, message: str) -> None:
    with pytest.raises(TemplateError) as info:
        split(template)
    assert (info.value.offset, info.value.message) == (offset, message)


@pytest.mark.parametrize(
    ("value", "language", "shown"),
    [
        (True, "nl", "ja"),
        (False, "nl", "nee"),
        (True, "en", "yes"),
        (False, "en", "no"),
        (True, "xx", "ja"),  # unknown language: Dutch
        (50, "nl", "50"),
        (2.0, "nl", "2"),
        (2.5, "nl", "2.5"),
        ("tekst", "nl", "tekst"),
    ],
)
def test_format_value(value: object, language: str, shown: str) -> None:
    assert format_value(value, language) == shown  # type: ignore[arg-type]


def test_interpolate_fills_every_name() -> None:
    values: dict[str, int | bool | str] = {"n": 3, "klaar": True, "fase": "intake"}
    assert interpolate("{n} {klaar} {fase} {{n}}", values) == "3 ja intake {n}"
    assert interpolate("{klaar}", values, "en") == "yes"
