"""The safe, located YAML tree under every loader."""

from __future__ import annotations

import datetime

import pytest

from frontlijn_game.scenario import yamltree
from frontlijn_game.scenario.diagnostics import Diagnostics, Loc
from frontlijn_game.scenario.yamltree import YMap, YNode, YScalar, YSeq, describe, tag_text


def read(text: str | bytes) -> tuple[YNode | None, list[str]]:
    diags = Diagnostics("t.yaml")
    data = text.encode() if isinstance(text, str) else text
    _, node = yamltree.read(data, diags)
    return node, [f"{d.line}:{d.col} {d.code}: {d.message}" for d in diags.sorted()]


def scalar(node: YNode | None, *path: str | int) -> YScalar:
    for step in path:
        if isinstance(step, int):
            assert isinstance(node, YSeq)
            node = node.items[step]
        else:
            assert isinstance(node, YMap)
            node = node.items[step][1]
    assert isinstance(node, YScalar)
    return node


def test_tree_keeps_positions_source_text_and_quoting() -> None:
    node, problems = read('a: +10\nb:\n  - "-5"\n  - x\nc: |\n  tekst\n')
    assert problems == []
    assert isinstance(node, YMap)
    assert node.items["a"][0] == Loc(1, 1)
    plus = scalar(node, "a")
    assert (plus.value, plus.text, plus.loc, plus.plain) == (10, "+10", Loc(1, 4), True)
    quoted = scalar(node, "b", 0)
    assert (quoted.value, quoted.text, quoted.loc, quoted.plain) == ("-5", "-5", Loc(3, 5), False)
    assert scalar(node, "b", 1).plain is True
    block = scalar(node, "c")
    assert (block.value, block.plain) == ("tekst\n", False)
    assert list(node.items) == ["a", "b", "c"]  # file order


def test_scalar_types_follow_yaml_1_1_as_pyyaml_reads_them() -> None:
    node, problems = read("a: yes\nb: 2024-01-01\nc: ~\nd: 1_000\ne: 0.5\nf: '3'\ng: 1e3\n")
    assert problems == []
    assert scalar(node, "a").value is True
    assert scalar(node, "b").value == datetime.date(2024, 1, 1)
    assert scalar(node, "c").value is None
    assert scalar(node, "d").value == 1000
    assert scalar(node, "e").value == 0.5
    assert scalar(node, "f").value == "3"
    assert scalar(node, "g").value == "1e3"  # no dot: YAML 1.1 calls this text


def test_keys_are_text_even_when_they_look_like_numbers() -> None:
    node, problems = read("1: a\ntrue: b\n")
    assert problems == []
    assert isinstance(node, YMap) and list(node.items) == ["1", "true"]


def test_duplicate_keys_at_any_depth_are_located_and_the_first_is_kept() -> None:
    node, problems = read("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert problems == [
        "4:3 duplicate-key: duplicate key 'c' (first at line 3); YAML would keep only the last",
        "5:1 duplicate-key: duplicate key 'a' (first at line 1); YAML would keep only the last",
    ]
    assert scalar(node, "a").value == 1
    assert scalar(node, "b", "c").value == 1


def test_a_list_or_mapping_as_key_is_refused() -> None:
    node, problems = read("? [a, b]\n: 1\nok: 2\n")
    assert problems == ["1:3 wrong-type: a key must be a plain word"]
    assert isinstance(node, YMap) and list(node.items) == ["ok"]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("a: !!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
        ("a: !!python/tuple [1, 2]", "!!python/tuple"),
        ("a: !!binary aGk=", "!!binary"),
        ("a: !!set {x}", "!!set"),
        ("a: !!omap [{x: 1}]", "!!omap"),
        ("a: !include other.yaml", "!include"),
        ("!!python/name:os.system : 1", "!!python/name:os.system"),
    ],
)
def test_every_non_standard_tag_is_refused(text: str, tag: str) -> None:
    _, problems = read(text + "\n")
    assert len(problems) == 1
    assert problems[0].endswith(
        f"unsafe-tag: tag '{tag}' is not allowed: content files are plain YAML "
        "(text, numbers, true/false, lists and mappings)"
    )


def test_standard_tags_written_out_are_fine() -> None:
    node, problems = read("a: !!str 10\nb: !!int '3'\n")
    assert problems == []
    assert scalar(node, "a").value == "10"
    assert scalar(node, "b").value == 3


def test_merge_keys_are_refused() -> None:
    _, problems = read("a: &x {b: 1}\nc:\n  <<: *x\n")
    assert problems == ["3:3 yaml-merge: merge keys ('<<') are not supported"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [1, 2\n", "2:1 yaml-syntax: YAML syntax error: did not find expected ',' or ']' "
         "(in the [ ] list opened at line 1, column 4); is a ']' missing, or a ',' between the items?"),
        ("a:\n\tb: 1\n", "2:1 yaml-syntax: YAML syntax error: a tab character; "
         "YAML indents with spaces only"),
        ('a: "open\nb: 1\n', "3:1 yaml-syntax: YAML syntax error: found unexpected end of stream "
         "(in the quoted text that starts at line 1, column 4); is a closing quote missing?"),
        ("text: Samir zegt: nee\n", "1:17 yaml-syntax: YAML syntax error: mapping values are not "
         "allowed in this context; is there a ': ' inside text (put the text in quotes) or is "
         "this line indented too far?"),
        ("a: @x\n", "1:4 yaml-syntax: YAML syntax error: '@' cannot start a value here; "
         "put the text in quotes"),
        ("a: *nergens\n", "1:4 yaml-syntax: YAML syntax error: found undefined alias; "
         "'*name' needs an earlier '&name'"),
        ("a: 1\n---\nb: 2\n", "2:1 yaml-syntax: YAML syntax error: a second document starts "
         "here (the first document starts at line 1, column 1); a file holds one case; remove "
         "the second '---' line"),
        ("a:\n  - 1\n  b: 2\n", "3:3 yaml-syntax: YAML syntax error: did not find expected '-' "
         "indicator (in the list that starts at line 2, column 3); the items of a list must "
         "line up; check the indentation"),
    ],
)  # fmt: skip
def test_syntax_errors_in_a_trainers_words(text: str, expected: str) -> None:
    node, problems = read(text)
    assert node is None
    assert problems == [expected]


@pytest.mark.parametrize("text", ["", "# alleen commentaar\n", "---\n"])
def test_an_empty_file_says_so(text: str) -> None:
    assert read(text) == (None, ["1:1 wrong-type: the file is empty"])


def test_byte_order_mark_is_skipped_and_text_returned() -> None:
    diags = Diagnostics("t.yaml")
    text, node = yamltree.read(b"\xef\xbb\xbfa: 1\n", diags)
    assert text == "a: 1\n" and isinstance(node, YMap) and not diags.items


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"\xff\xfea\x00", "1:1"),
        (b"a: 1\nb: caf\xe9\n", "2:7"),
        ("é: x\n".encode() + b"\x80", "2:1"),
    ],
)
def test_invalid_utf8_is_located(data: bytes, where: str) -> None:
    node, problems = read(data)
    assert node is None
    assert len(problems) == 1 and problems[0].startswith(
        f"{where} invalid-utf8: invalid UTF-8 byte"
    )


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamltree, "MAX_BYTES", 10)
    assert read("a: 12345678\n") == (
        None,
        ["1:1 file-too-large: file is 12 bytes; the limit is 10"],
    )


def test_depth_limit_and_loops(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamltree, "MAX_DEPTH", 3)
    node, problems = read("a: [[[[1]]]]\nb: [[1]]\n")
    assert problems == ["1:6 too-deep: lists and mappings are nested more than 3 levels deep"]
    assert isinstance(node, YMap) and set(node.items) == {"a", "b"}


def test_alias_loops_are_reported_once_per_anchor() -> None:
    _, problems = read("a: &a [1, *a]\nb: *a\nc: *a\n")
    assert problems == [
        "1:4 alias-bomb: an alias (*name) refers to the list or mapping it is part of, "
        "which would repeat forever"
    ]


def test_a_bomb_is_found_without_expanding_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamltree, "MAX_NODES", 100)
    text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: &b [*a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n"
    node, problems = read(text)
    assert node is None
    assert len(problems) == 1 and problems[0].startswith("3:4 alias-bomb: the aliases (*name) here")


def test_aliases_below_the_limit_are_expanded() -> None:
    node, problems = read("a: &a {x: 1}\nb: *a\n")
    assert problems == []
    assert scalar(node, "b", "x").value == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: {}", "a mapping"),
        ("a: []", "a list"),
        ("a:", "nothing (null)"),
        ("a: ~", "nothing (null)"),
        ("a: yes", "a boolean (yes)"),
        ("a: 3", "an integer (3)"),
        ("a: 0.5", "a number (0.5)"),
        ("a: '3'", "a string ('3')"),
        ("a: 2024-01-01", "a date (2024-01-01)"),
        ("a: " + "x" * 40, "a string"),
    ],
)
def test_describe_names_the_kind_and_shows_short_values(text: str, expected: str) -> None:
    node, _ = read(text + "\n")
    assert isinstance(node, YMap)
    assert describe(node.items["a"][1]) == expected


def test_tag_text_writes_the_short_form() -> None:
    assert tag_text("tag:yaml.org,2002:python/object") == "!!python/object"
    assert tag_text("!local") == "!local"
