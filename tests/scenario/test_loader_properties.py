"""Property tests: no input makes the loaders raise; mutations of a valid case are located.

Kept small (a few hundred examples in all) so the module runs in a few seconds.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontlijn_game.scenario.curriculum import load_curriculum_bytes
from frontlijn_game.scenario.diagnostics import Diagnostic
from frontlijn_game.scenario.loader import (
    CHOICE_KEYS,
    ENDING_KEYS,
    SCENE_KEYS,
    SCORING_KEYS,
    TOP_KEYS,
    VARIABLE_KEYS,
    load_scenario_bytes,
)
from frontlijn_game.scenario.model import Scenario
from helpers import FIXTURES

MINI_TEXT = (FIXTURES / "mini.yaml").read_text()
MINI: dict[str, Any] = yaml.safe_load(MINI_TEXT)
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_located(data: bytes, scenario: Scenario | None, diagnostics: list[Diagnostic]) -> None:
    """The contract of every load: a model without errors, or errors that point into the file."""
    errors = [d for d in diagnostics if d.severity == "error"]
    assert (scenario is None) == bool(errors)
    # YAML also breaks lines at \r, NEL, LS and PS, and its marks count those lines.
    text = data.decode("utf-8", errors="replace")
    lines = len(re.findall("\r\n|[\n\r\x85\u2028\u2029]", text)) + 1
    for d in diagnostics:
        assert 1 <= d.line <= lines + 1, d.format()
        assert d.col >= 1, d.format()
        assert d.message and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", d.code), d.format()


def load(data: bytes) -> tuple[Scenario | None, list[Diagnostic]]:
    scenario, diagnostics = load_scenario_bytes("fuzz.yaml", data)
    check_located(data, scenario, diagnostics)
    return scenario, diagnostics


def dump(document: Any) -> bytes:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode()


def test_mini_itself_is_clean() -> None:
    scenario, diagnostics = load(MINI_TEXT.encode())
    assert scenario is not None and diagnostics == []
    scenario, diagnostics = load(dump(MINI))  # the mutations start from this form
    assert scenario is not None and diagnostics == []


# -- arbitrary input -----------------------------------------------------------------------


@FAST
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    scenario, diagnostics = load(data)
    assert scenario is None and diagnostics
    load_curriculum_bytes("fuzz.yaml", data)


TOKENS = [
    *" \n\t:-[]{},&*!|>#'\"?%@`\\.+0123456789abcé~<=",
    *["  ", "- ", ": ", "\n  ", "&a ", "*a", "<<: ", "---\n", "? ", "%YAML 1.1\n", "!!str "],
    *["!!python/object/apply:os.system ", "!x ", "0.5", "+10", "-5", ".nan", "yes", "~"],
    *["format: frontlijn/scenario@1\n", "scenes:", "intake", "choices:", "goto:", "when: "],
]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)


@FAST
@given(YAMLISH)
def test_yaml_ish_text_never_raises(text: str) -> None:
    data = text.encode()
    scenario, diagnostics = load(data)
    assert scenario is None and diagnostics
    curriculum, found = load_curriculum_bytes("fuzz.yaml", data)
    assert curriculum is None and found


@FAST
@given(YAMLISH)
def test_yaml_ish_text_after_a_valid_head_never_raises(tail: str) -> None:
    load((MINI_TEXT + tail).encode())


FORMAT_KEYS = {*TOP_KEYS, *SCENE_KEYS, *CHOICE_KEYS, *SCORING_KEYS, *ENDING_KEYS, *VARIABLE_KEYS}
KEYS = st.sampled_from(
    [*sorted(FORMAT_KEYS), "random", "weight", "when", "intake", "x", "vertrouwen"]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["intake", "uitstap", "+10", "-5", "+twee", "{x}", "a and", "good", "mini"]),
    st.text(max_size=10),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)


@FAST
@given(DOCUMENTS)
def test_structured_nonsense_with_the_real_keys_never_raises(document: Any) -> None:
    if isinstance(document, dict):
        document = {"format": "frontlijn/scenario@1", **document}
    load(dump(document))


@FAST
@given(st.dictionaries(KEYS, DOCUMENTS, max_size=6))
def test_mini_with_random_keys_replaced_never_raises(patch: dict[str, Any]) -> None:
    document = {**copy.deepcopy(MINI), **patch}
    load(dump(document))


# -- mutations of mini.yaml ------------------------------------------------------------------


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a mapping key or list item in ``node``."""
    out: list[tuple[Any, ...]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            out.append((*prefix, key))
            out.extend(paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.append((*prefix, index))
            out.extend(paths(value, (*prefix, index)))
    return out


def leaf_paths(node: Any) -> list[tuple[Any, ...]]:
    return [p for p in paths(node) if not isinstance(get(node, p), dict | list)]


def get(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        node = node[step]
    return node


def mutate(path: tuple[Any, ...], change: Any) -> dict[str, Any]:
    document = copy.deepcopy(MINI)
    parent = get(document, path[:-1])
    change(parent, path[-1])
    return document


ALL_PATHS = paths(MINI)
REQUIRED = [
    ("format",),
    ("id",),
    ("title",),
    ("scoring",),
    ("scoring", "target_balance"),
    ("start",),
    ("scenes",),
    ("scenes", "uitstap"),  # a goto target
    ("scenes", "intake", "text"),
    ("scenes", "uitstap", "ending"),
    ("scenes", "uitstap", "ending", "label"),
    ("scenes", "uitstap", "ending", "outcome"),
    ("scenes", "uitstap", "ending", "kind"),
    ("scenes", "vast", "choices"),
    ("scenes", "intake", "choices", 0, "id"),
    ("scenes", "intake", "choices", 0, "text"),
    ("scenes", "intake", "choices", 0, "goto"),
    ("scenes", "intake", "choices", 1, "goto", "random", 0, "weight"),
    ("scenes", "intake", "choices", 0, "goto", 0, "goto"),
    ("scenes", "intake", "choices", 0, "goto", 1),  # the default entry
    ("variables",),
    ("variables", "vertrouwen"),
    ("variables", "vertrouwen", "initial"),
    ("facts",),
    ("actors",),
    ("actors", "samir", "name"),
    ("facts", "schuld", "text"),
]


def test_required_paths_exist_in_mini() -> None:
    for path in REQUIRED:
        assert path in ALL_PATHS, path


@FAST
@given(st.sampled_from(ALL_PATHS))
def test_dropping_any_key_or_item_never_raises(path: tuple[Any, ...]) -> None:
    load(dump(mutate(path, lambda parent, key: parent.pop(key))))


@settings(max_examples=len(REQUIRED) * 2, deadline=None)
@given(st.sampled_from(REQUIRED))
def test_dropping_a_required_key_is_a_located_error(path: tuple[Any, ...]) -> None:
    scenario, diagnostics = load(dump(mutate(path, lambda parent, key: parent.pop(key))))
    assert scenario is None
    assert any(d.severity == "error" for d in diagnostics)


OTHER_TYPES: dict[type, list[Any]] = {
    str: [7, 2.5, True, None, [], {}, ["a"], {"a": 1}],
    int: ["zeven", True, None, [], {}, [1], {"a": 1}],
    float: ["zeven", True, None, [], {}],
    bool: ["ja", 7, None, [], {}, [True]],
}


def replacements() -> list[tuple[tuple[Any, ...], Any]]:
    out = []
    for path in leaf_paths(MINI):
        value = get(MINI, path)
        for other in OTHER_TYPES[type(value)]:
            if path[-1] == "when" and isinstance(other, bool):
                continue  # `when: true` is a valid guard
            out.append((path, other))
    return out


@FAST
@given(st.sampled_from(replacements()))
def test_changing_a_scalar_to_another_type_is_a_located_error(
    change: tuple[tuple[Any, ...], Any],
) -> None:
    path, other = change

    def put(parent: Any, key: Any) -> None:
        parent[key] = other

    scenario, diagnostics = load(dump(mutate(path, put)))
    assert scenario is None, f"{path} = {other!r} was accepted"
    assert diagnostics


KEY_LINES = [
    (index, match)
    for index, line in enumerate(MINI_TEXT.splitlines())
    if (match := re.match(r"^( *)([a-z_]+):", line))
]


@FAST
@given(st.sampled_from(KEY_LINES))
def test_duplicating_a_key_is_reported_at_the_copy(key_line: tuple[int, re.Match[str]]) -> None:
    index, match = key_line
    lines = MINI_TEXT.splitlines()
    lines.insert(index + 1, lines[index])
    scenario, diagnostics = load(("\n".join(lines) + "\n").encode())
    assert scenario is None
    duplicates = [(d.line, d.col) for d in diagnostics if d.code == "duplicate-key"]
    assert duplicates == [(index + 2, len(match[1]) + 1)]
    assert f"duplicate key '{match[2]}' (first at line {index + 1})" in next(
        d.message for d in diagnostics if d.code == "duplicate-key"
    )


# -- the optional keys added after v1 (tests/fixtures/full.yaml) ------------------------------

FULL: dict[str, Any] = yaml.safe_load((FIXTURES / "full.yaml").read_text())
FULL_PATHS = paths(FULL)
OPTIONAL = ("sources", "roles", "known_by", "decided_by", "forbidden", "basis", "position", "share")


def test_full_is_clean_and_holds_every_optional_key() -> None:
    scenario, diagnostics = load(dump(FULL))
    assert scenario is not None and diagnostics == []
    assert {key for path in FULL_PATHS for key in path if isinstance(key, str)} >= set(OPTIONAL)


def _change_full(path: tuple[Any, ...], change: Any) -> bytes:
    document = copy.deepcopy(FULL)
    change(get(document, path[:-1]), path[-1])
    return dump(document)


@FAST
@given(st.sampled_from([p for p in FULL_PATHS if any(k in OPTIONAL for k in p)]))
def test_dropping_an_optional_key_or_item_never_raises(path: tuple[Any, ...]) -> None:
    load(_change_full(path, lambda parent, key: parent.pop(key)))


FULL_REPLACEMENTS = [
    (path, other)
    for path in leaf_paths(FULL)
    if any(k in OPTIONAL for k in path)
    for other in OTHER_TYPES[type(get(FULL, path))]
]


@FAST
@given(st.sampled_from(FULL_REPLACEMENTS))
def test_an_optional_key_of_another_type_is_a_located_error(
    change: tuple[tuple[Any, ...], Any],
) -> None:
    path, other = change

    def put(parent: Any, key: Any) -> None:
        parent[key] = other

    scenario, _ = load(_change_full(path, put))
    assert scenario is None, f"{path} = {other!r} was accepted"


@FAST
@given(st.sampled_from(["roles", "sources", "facts", "scoring"]), DOCUMENTS)
def test_nonsense_under_an_optional_key_never_raises(key: str, junk: Any) -> None:
    document = copy.deepcopy(FULL)
    if key == "facts":
        document["facts"]["schuld"]["known_by"] = junk
    elif key == "scoring":
        document["scoring"]["forbidden"] = junk
    else:
        document[key] = junk
    load(dump(document))
