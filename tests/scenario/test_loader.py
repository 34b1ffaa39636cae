"""Scenario loader: every diagnostic code with a small bad file, exact positions, effects.

The bad files live in ``tests/fixtures/bad/scenarios``; each ends with lines such as
``# expect: 12:5 error unknown-key`` (at the end, so they do not move the lines above)
and the test demands exactly those diagnostics: the code, the line:col and the severity,
all reported in one run.
"""

from __future__ import annotations

import ast
import re
import textwrap
import time
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from frontlijn_game.scenario import yamltree
from frontlijn_game.scenario.diagnostics import ContentError, Diagnostic
from frontlijn_game.scenario.loader import (
    load_scenario,
    load_scenario_bytes,
    load_scenario_or_raise,
    scenario_from_text,
)
from frontlijn_game.scenario.model import Effect, GotoCond, GotoRandom, GotoScene, Scenario
from helpers import FIXTURES

BAD = FIXTURES / "bad"
SRC = Path(__file__).resolve().parents[2] / "src" / "frontlijn_game" / "scenario"
EXPECT = re.compile(r"^# expect: (\d+):(\d+) (error|warning) ([a-z0-9-]+)$", re.MULTILINE)
LINE = re.compile(
    r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): .+ \[[a-z0-9-]+\]$"
)
# Words that would tell a trainer nothing (Python or PyYAML internals).
JARGON = ("Traceback", "NoneType", "tag:yaml.org", "<class", "Error(", "scalar", "\\n")


def expectations(path: Path) -> Counter[str]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    return Counter(f"{m[1]}:{m[2]} {m[3]} {m[4]}" for m in EXPECT.finditer(text))


def found(diagnostics: list[Diagnostic]) -> Counter[str]:
    return Counter(f"{d.line}:{d.col} {d.severity} {d.code}" for d in diagnostics)


def load(text: str, path: str = "case.yaml") -> tuple[Scenario | None, list[Diagnostic]]:
    return load_scenario_bytes(path, textwrap.dedent(text).encode())


def codes(text: str) -> list[str]:
    return [d.code for d in load(text)[1]]


def where(text: str) -> list[str]:
    return [f"{d.line}:{d.col} {d.code}" for d in load(text)[1]]


SCENARIO_FILES = sorted((BAD / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_bad_file_reports_exactly_its_expected_diagnostics(path: Path) -> None:
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' lines"
    scenario, diagnostics = load_scenario(path)
    assert found(diagnostics) == expected, "\n".join(d.format() for d in diagnostics)
    has_errors = any(d.severity == "error" for d in diagnostics)
    assert (scenario is None) == has_errors
    for d in diagnostics:
        line = d.format()
        match = LINE.match(line)
        assert match is not None, line
        assert match["file"] == str(path)
        assert line.endswith(f"[{d.code}]")
        assert not any(word in d.message for word in JARGON), d.message


def test_diagnostics_come_sorted_by_position() -> None:
    _, diagnostics = load_scenario(BAD / "scenarios" / "out-of-range.yaml")
    positions = [(d.line, d.col) for d in diagnostics]
    assert positions == sorted(positions)
    assert len(diagnostics) == 6  # every problem of the file, in one run


# -- the list of codes ------------------------------------------------------------------

INLINE = {
    "file-too-large",
    "number-too-long",  # test_a_number_too_long_is_one_located_error
    "too-deep",
    "unreadable",
    "unknown-scenario",  # cross-file: tests/scenario/test_curriculum.py
    "requires-cycle",  # curricula: test_curriculum.py
    "unknown-module",
}


def codes_in_source() -> set[str]:
    """Every code string the loaders pass to ``.error``/``.warning`` (or assign to ``code``)."""
    out: set[str] = set()
    files = [SRC / name for name in ("yamltree.py", "curriculum.py")]
    for path in [*files, *sorted((SRC / "loader").glob("*.py"))]:
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("error", "warning")
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)
            ):
                out.add(node.args[1].value)
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets)
                and isinstance(node.value, ast.Constant)
            ):
                out.add(str(node.value.value))
    return out


def test_every_code_the_loaders_emit_has_a_bad_file_or_a_test() -> None:
    covered = set(INLINE)
    for path in sorted(BAD.rglob("*.yaml")):
        covered |= {key.split()[-1] for key in expectations(path)}
    emitted = codes_in_source()
    assert len(emitted) > 30  # the AST walk found the calls
    assert emitted - covered == set()


DOCS = Path(__file__).resolve().parents[2] / "docs"
# The trainers' guide in Dutch (first) and English, with each one's heading of the example.
GUIDES = {"trainers.md": "## Scenarioformaat", "trainers.en.md": "## Scenario format"}


@pytest.mark.parametrize("name", sorted(GUIDES))
def test_every_code_is_documented_for_trainers(name: str) -> None:
    docs = (DOCS / name).read_text()
    for code in codes_in_source() | INLINE:
        assert f"### `{code}`" in docs, code


@pytest.mark.parametrize("name", sorted(GUIDES))
def test_the_example_in_the_docs_loads_without_a_single_remark(name: str) -> None:
    section = (DOCS / name).read_text().split(GUIDES[name], 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    scenario, diagnostics = load_scenario_bytes("docs.yaml", example.encode())
    assert scenario is not None
    assert diagnostics == []
    assert scenario.id == "geldezel-samir" and len(scenario.scenes) == 5


# -- codes that need a generated file ------------------------------------------------------


def test_file_too_large_is_refused_before_parsing() -> None:
    data = b"format: frontlijn/scenario@1\n" + b"#" * yamltree.MAX_BYTES
    start = time.perf_counter()
    scenario, diagnostics = load_scenario_bytes("big.yaml", data)
    assert time.perf_counter() - start < 1
    assert scenario is None
    assert found(diagnostics) == Counter(["1:1 error file-too-large"])
    assert "the limit is 2,000,000" in diagnostics[0].message


def test_many_values_without_aliases_are_file_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamltree, "MAX_NODES", 50)
    text = "format: frontlijn/scenario@1\ntags: [" + ", ".join(["a"] * 100) + "]\n"
    diagnostics = load_scenario_bytes("wide.yaml", text.encode())[1]
    assert [d.code for d in diagnostics] == ["file-too-large"]  # no follow-on errors


def test_past_the_value_limit_a_whole_case_gets_exactly_one_error(
    monkeypatch: pytest.MonkeyPatch, mini_text: str
) -> None:
    monkeypatch.setattr(yamltree, "MAX_NODES", 60)
    text = mini_text.replace("tags: [", "tags: [" + "x, " * 80, 1)
    assert text != mini_text
    diagnostics = load_scenario_bytes("wide.yaml", text.encode())[1]
    assert [(d.severity, d.code) for d in diagnostics] == [("error", "file-too-large")]


def test_nesting_deeper_than_the_limit_is_too_deep_not_a_crash() -> None:
    levels = 70
    text = "\n".join("  " * i + "k:" for i in range(levels)) + " 1\n"
    scenario, diagnostics = load_scenario_bytes("deep.yaml", text.encode())
    assert scenario is None
    deep = [d for d in diagnostics if d.code == "too-deep"]
    # The mapping at depth 64 starts on line 65, indented 2 x 64 spaces.
    assert [(d.line, d.col) for d in deep] == [(65, 129)]


def test_deep_flow_nesting_is_a_syntax_error_not_a_crash() -> None:
    text = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    diagnostics = load_scenario_bytes("deep.yaml", text.encode())[1]
    assert [d.code for d in diagnostics] == ["yaml-syntax"]


def test_unreadable_file_and_folder(tmp_path: Path) -> None:
    scenario, diagnostics = load_scenario(tmp_path / "missing.yaml")
    assert scenario is None
    assert found(diagnostics) == Counter(["1:1 error unreadable"])
    assert "cannot read file" in diagnostics[0].message
    scenario, diagnostics = load_scenario(tmp_path)
    assert scenario is None
    assert [d.code for d in diagnostics] == ["unreadable"]


def test_invalid_utf8_column_counts_characters() -> None:
    data = 'title: "café \xff"\n'.encode().replace(b"\xc3\xbf", b"\xff")
    diagnostics = load_scenario_bytes("latin.yaml", data)[1]
    assert found(diagnostics) == Counter(["1:14 error invalid-utf8"])
    assert "0xff" in diagnostics[0].message and "UTF-8" in diagnostics[0].message


def test_a_utf8_byte_order_mark_is_fine(mini_text: str) -> None:
    scenario, diagnostics = load_scenario_bytes("bom.yaml", b"\xef\xbb\xbf" + mini_text.encode())
    assert scenario is not None
    assert not [d for d in diagnostics if d.severity == "error"]


# -- trust: tags never run, bombs stop fast ---------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object/apply:subprocess.check_output [[touch, {marker}]]",
        '!!python/object/new:os.system ["touch {marker}"]',
        "!!python/name:os.system",
        "!!python/module:os",
    ],
)
def test_python_tags_are_reported_and_never_run(
    payload: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "pwned"
    text = f"format: frontlijn/scenario@1\ntitle: {payload.format(marker=marker)}\n"
    scenario, diagnostics = load_scenario_bytes("tag.yaml", text.encode())
    assert scenario is None
    assert not marker.exists()
    tags = [d for d in diagnostics if d.code == "unsafe-tag"]
    assert [(d.line, d.col) for d in tags] == [(2, 8)]
    assert "'!!python/" in tags[0].message


def test_billion_laughs_is_rejected_quickly_with_one_error() -> None:
    start = time.perf_counter()
    scenario, diagnostics = load_scenario(BAD / "scenarios" / "alias-bomb.yaml")
    assert time.perf_counter() - start < 0.5
    assert scenario is None
    assert [d.code for d in diagnostics] == ["alias-bomb"]


def test_a_deeper_bomb_is_just_as_fast() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    start = time.perf_counter()
    diagnostics = load_scenario_bytes("bomb.yaml", "\n".join(lines).encode())[1]
    assert time.perf_counter() - start < 0.5
    assert [d.code for d in diagnostics] == ["alias-bomb"]
    # 10^6 > 200,000: the anchored list of a5 (line 6, from its '&') is where it blows up.
    assert (diagnostics[0].line, diagnostics[0].col) == (6, 5)


def test_an_alias_inside_its_own_anchor_is_reported_not_a_crash() -> None:
    scenario, diagnostics = load_scenario_bytes("loop.yaml", b"a: &a [*a]\nb: &b {c: *b}\n")
    assert scenario is None
    loops = [(d.line, d.col) for d in diagnostics if d.code == "alias-bomb"]
    assert loops == [(1, 4), (2, 4)]


def test_small_aliases_are_fine(mini_text: str) -> None:
    text = mini_text.replace(
        "  moeder: {name: Moeder}", "  moeder: &ouder {name: Moeder}\n  vader: *ouder"
    )
    scenario, diagnostics = load_scenario_bytes("alias.yaml", text.encode())
    assert scenario is not None, diagnostics
    assert scenario.actors["vader"].name == "Moeder"


# -- messages a trainer can act on ----------------------------------------------------


def test_unknown_keys_suggest_the_key_meant() -> None:
    _, diagnostics = load_scenario(BAD / "scenarios" / "unknown-key.yaml")
    messages = {d.line: d.message for d in diagnostics if d.code == "unknown-key"}
    assert "did you mean 'title'?" in messages[4]
    assert "did you mean 'sanction'?" in messages[13]
    assert "did you mean" not in messages[17]  # 'colour' is like nothing allowed


def test_unknown_ids_suggest_the_id_meant() -> None:
    _, diagnostics = load_scenario(BAD / "scenarios" / "unknown-scene.yaml")
    messages = [d.message for d in diagnostics]
    assert "start scene 'intak' does not exist (did you mean 'intake'?)" in messages
    assert "goto scene 'eind' does not exist (did you mean 'einde'?)" in messages
    _, diagnostics = load_scenario(BAD / "scenarios" / "unknown-variable.yaml")
    assert all("did you mean 'vertrouwen'?" in d.message for d in diagnostics)


def test_yaml_guesses_are_shown_in_wrong_type_messages() -> None:
    _, diagnostics = load_scenario(BAD / "scenarios" / "wrong-type.yaml")
    messages = [d.message for d in diagnostics]
    assert "title must be text, got a boolean (yes)" in messages
    assert "estimated_minutes must be a whole number, got a date (2024-01-01)" in messages
    assert "help must be a whole number, got a string ('1')" in messages


def test_yaml_syntax_error_says_where_the_list_was_opened() -> None:
    _, diagnostics = load_scenario(BAD / "scenarios" / "yaml-syntax.yaml")
    (d,) = diagnostics
    assert (d.line, d.col) == (7, 6)
    assert "opened at line 6, column 19" in d.message
    assert "']' missing" in d.message


def test_duplicate_key_names_the_first() -> None:
    _, diagnostics = load_scenario(BAD / "scenarios" / "duplicate-key.yaml")
    assert "duplicate key 'title' (first at line 9)" in diagnostics[0].message


def test_declaration_errors_do_not_cascade_into_every_use() -> None:
    text = """\
        format: frontlijn/scenario@1
        id: t
        title: T
        variables:
          n: {initial: .nan}
        scoring: {target_balance: [0.3, 0.5], weights: {balance: 0.5, outcome: 0.5, process: 0}}
        start: a
        scenes:
          a:
            text: "{n}"
            choices: [{id: go, text: Go, when: "n > 1", effects: {n: +1}, goto: e}]
          e: {text: E, ending: {label: E, outcome: 50, kind: good}}
        """
    assert where(text) == ["5:16 wrong-type"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (".nan", "target_balance must be a finite number, got a number (.nan)"),
        (".inf", "target_balance must be a finite number, got a number (.inf)"),
    ],
)
def test_not_a_number_is_an_error_not_a_crash(value: str, message: str, mini_text: str) -> None:
    text = mini_text.replace("target_balance: [0.30, 0.50]", f"target_balance: [0.3, {value}]")
    scenario, diagnostics = load_scenario_bytes("nan.yaml", text.encode())
    assert scenario is None
    assert [d.message for d in diagnostics] == [message]


# -- positions inside texts ---------------------------------------------------------------


def test_expression_errors_point_into_the_expression() -> None:
    _, diagnostics = load_scenario(BAD / "scenarios" / "bad-expression.yaml")
    by_line = {d.line: d.col for d in diagnostics}
    line14 = (BAD / "scenarios" / "bad-expression.yaml").read_text().splitlines()[13]
    assert line14[by_line[14] - 1 :].startswith("__import__")
    line15 = (BAD / "scenarios" / "bad-expression.yaml").read_text().splitlines()[14]
    assert line15[by_line[15] - 1 :].startswith(".__class__")


def test_positions_in_a_folded_guard_and_a_literal_text_block() -> None:
    text = """\
        format: frontlijn/scenario@1
        id: t
        title: T
        variables:
          vertrouwen: {initial: 50}
        scoring: {target_balance: [0.3, 0.5], weights: {balance: 0.5, outcome: 0.5, process: 0}}
        start: a
        scenes:
          a:
            text: |
              Eerste regel.
                Tweede {vertrouwn}.
            choices:
              - id: go
                text: Go
                when: >-
                  vertrouwen >= 10 and
                  vertrouwe < 90
                goto: e
          e: {text: E, ending: {label: E, outcome: 50, kind: good}}
        """
    assert where(text) == ["12:16 interpolation", "18:11 unknown-variable"]


def test_unexpected_end_points_just_after_the_expression() -> None:
    text = """\
        format: frontlijn/scenario@1
        id: t
        title: T
        variables: {n: {initial: 1}}
        scoring: {target_balance: [0.3, 0.5], weights: {balance: 0.5, outcome: 0.5, process: 0}}
        start: a
        scenes:
          a:
            text: A
            choices: [{id: go, text: Go, when: n +, goto: e}]
          e: {text: E, ending: {label: E, outcome: 50, kind: good}}
        """
    assert where(text) == ["10:43 bad-expression"]


def test_each_unknown_name_in_a_text_is_reported_where_it_stands() -> None:
    text = """\
        format: frontlijn/scenario@1
        id: t
        title: T
        scoring: {target_balance: [0.3, 0.5], weights: {balance: 0.5, outcome: 0.5, process: 0}}
        start: a
        scenes:
          a: {text: "{x} en {x}", ending: {label: E, outcome: 50, kind: good}}
        """
    assert where(text) == ["7:14 interpolation", "7:21 interpolation"]


# -- effects: read from the node text -------------------------------------------------------

EFFECT_CASE = """\
format: frontlijn/scenario@1
id: t
title: T
variables:
  n: {{initial: 50, min: 0, max: 100}}
  f: {{initial: 0.5}}
  b: {{initial: false}}
  s: {{initial: "begin"}}
scoring: {{target_balance: [0.3, 0.5], weights: {{balance: 0.5, outcome: 0.5, process: 0}}}}
start: a
scenes:
  a:
    text: "{{n}} {{f}} {{b}} {{s}}"
    choices:
      - id: go
        text: Go
        effects: {{{effect}}}
        goto: e
  e: {{text: E, ending: {{label: E, outcome: 50, kind: good}}}}
"""


def effect_of(effect: str) -> tuple[Effect | None, list[str]]:
    scenario, diagnostics = load_scenario_bytes(
        "effect.yaml", EFFECT_CASE.format(effect=effect).encode()
    )
    problems = [f"{d.line}:{d.col} {d.code}" for d in diagnostics if d.severity == "error"]
    if scenario is None:
        return None, problems
    (effect_,) = scenario.choices["go"].effects
    return effect_, problems


@pytest.mark.parametrize(
    ("written", "op", "value"),
    [
        ("n: +10", "add", 10),  # a plain YAML number with a sign adds ...
        ("n: -5", "add", -5),  # ... even though YAML reads -5 as a value
        ("n: 5", "set", 5),  # no sign: set
        ("n: 0", "set", 0),
        ('n: "+10"', "add", 10),  # quoted text with a sign adds
        ("n: '-5'", "add", -5),
        ('n: "+ 3"', "add", 3),
        ("n: +150", "add", 150),  # adding clamps at run time: not an error
        ("n: 7.5", "set", 7.5),
        ("f: +0.25", "add", 0.25),
        ("f: -.5", "add", -0.5),
        ('f: "+1e2"', "add", 100.0),
        ("f: -0.5e0", "add", -0.5),  # YAML 1.1 reads this as text; the sign still adds
        ("b: true", "set", True),
        ("s: verder", "set", "verder"),
        ('s: "+10"', "set", "+10"),  # a text variable takes the text as it is
    ],
)
def test_effects_add_or_set_as_written(written: str, op: str, value: object) -> None:
    effect, problems = effect_of(written)
    assert problems == []
    assert effect is not None
    assert (effect.op, effect.value, type(effect.value)) == (op, value, type(value))
    assert effect.loc.line == 17


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("n: 150", "17:22 out-of-range"),  # setting outside min/max
        ('n: "+twee"', "17:22 bad-effect"),
        ('n: "10"', "17:22 bad-effect"),  # quoted number without sign: text, not a number
        ("n: true", "17:22 bad-effect"),
        ("n: +0x10", "17:22 bad-effect"),
        ("n: .nan", "17:22 bad-effect"),
        ('n: "+1e999"', "17:22 bad-effect"),
        ("n: ", "17:22 bad-effect"),
        ("n: [1]", "17:22 bad-effect"),
        ("b: 1", "17:22 bad-effect"),
        ('b: "true"', "17:22 bad-effect"),
        ("s: 5", "17:22 bad-effect"),
        ("s: true", "17:22 bad-effect"),
        ("x: +1", "17:19 unknown-variable"),
    ],
)
def test_bad_effects_are_located(written: str, problem: str) -> None:
    effect, problems = effect_of(written)
    assert effect is None
    assert problems == [problem]


def test_out_of_range_set_suggests_the_add_form() -> None:
    _, diagnostics = load_scenario_bytes("e.yaml", EFFECT_CASE.format(effect="n: 150").encode())
    assert diagnostics[0].message == (
        "setting 'n' to 150 is outside its range 0..100; to change it by 150, write \"+150\""
    )


def test_a_set_without_bounds_is_never_out_of_range() -> None:
    effect, problems = effect_of("f: 1000")
    assert problems == [] and effect is not None and effect.value == 1000


# -- the model built from a valid file -------------------------------------------------------


def test_mini_builds_the_model_it_describes() -> None:
    scenario = load_scenario_or_raise(FIXTURES / "mini.yaml")
    assert scenario.id == "mini" and scenario.start == "intake" and scenario.language == "nl"
    assert scenario.scoring.target_balance == (Fraction(3, 10), Fraction(1, 2))
    assert scenario.scoring.tolerance == Fraction(1, 4)
    weights = scenario.scoring.weights
    assert (weights.balance, weights.outcome, weights.process) == (
        Fraction(2, 5),
        Fraction(2, 5),
        Fraction(1, 5),
    )
    assert scenario.scoring.order == (("situatieanalyse", "sanction"),)
    vraag = scenario.choices["vraag_door"]
    assert isinstance(vraag.goto, GotoCond)
    assert [b.scene for b in vraag.goto.branches] == ["uitstap", "intake"]
    assert vraag.goto.branches[-1].when is None
    meld = scenario.choices["meld"]
    assert isinstance(meld.goto, GotoRandom) and meld.goto.total_weight == 4
    assert isinstance(scenario.choices["opnieuw"].goto, GotoScene)
    assert (meld.help, meld.sanction, meld.actor, meld.tags) == (0, 2, "moeder", ("opvolging",))
    assert scenario.scenes["uitstap"].ending is not None
    assert scenario.scenes["intake"].reveal == ("schuld",)
    assert scenario.scenes["intake"].loc == (21, 3)
    assert scenario.variables["vertrouwen"].visible is True
    assert scenario.variables["kent_ronselaar"].label == "kent_ronselaar"
    assert len(scenario.content_hash) == 64


def test_load_or_raise_carries_every_error() -> None:
    with pytest.raises(ContentError) as info:
        load_scenario_or_raise(BAD / "scenarios" / "out-of-range.yaml")
    assert len(info.value.diagnostics) == 6
    assert "(+5 more)" in str(info.value)
    with pytest.raises(ContentError):
        scenario_from_text("format: frontlijn/scenario@1\n")


def test_snapshot_text_rebuilds_the_same_scenario(mini_text: str) -> None:
    scenario = scenario_from_text(mini_text)
    assert scenario.source == mini_text
    assert set(scenario.choices) == {"vraag_door", "meld", "opnieuw"}


def test_english_case_and_optional_keys() -> None:
    scenario, diagnostics = load(
        """\
        format: frontlijn/scenario@1
        id: english-case
        title: T
        language: en
        tags: [geld]
        scoring:
          target_balance: [0, 1]
          tolerance: 1
          weights: {balance: 1, outcome: 0, process: 0}
        start: a
        scenes:
          a: {text: A, ending: {label: E, outcome: 0, kind: mixed}}
        """
    )
    assert scenario is not None, diagnostics
    assert scenario.language == "en" and scenario.tags == ("geld",)
    assert diagnostics == []


@pytest.fixture
def mini_text() -> str:
    return (FIXTURES / "mini.yaml").read_text()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("reveal: [schuld]", "reveal: schuld", "reveal must be a list, got a string ('schuld')"),
        ("tags: [opvolging]", "tags: opvolging", "tags must be a list, got a string ('opvolging')"),
        (
            "order: [[situatieanalyse, sanction]]",
            "order: [[situatieanalyse]]",
            "an order rule is a pair [first, then], got a list; "
            "write order as a list of pairs: [[situatieanalyse, sanction]]",
        ),
        (
            'text: "Het loopt vast."',
            "text: [Het loopt vast.]",
            "the scene text must be text, got a list",
        ),
        ("goto: intake\n", "goto: {intake: 1}\n", "a random goto needs 'random'"),
    ],
)
def test_list_and_shape_messages_name_the_key(
    old: str, new: str, message: str, mini_text: str
) -> None:
    assert old in mini_text
    _, diagnostics = load_scenario_bytes("m.yaml", mini_text.replace(old, new).encode())
    assert message in [d.message for d in diagnostics]


# -- the optional keys added after v1 ----------------------------------------------------


def test_the_optional_keys_build_their_model() -> None:
    scenario, diagnostics = load_scenario(FIXTURES / "full.yaml")
    assert scenario is not None and diagnostics == []
    assert [(s.title, s.url, s.note) for s in scenario.sources] == [
        (
            "Opiumwet art. 13b",
            "https://wetten.overheid.nl/BWBR0001941",
            "Sluiting van een woning door de burgemeester.",
        ),
        ("Seed-rapport", None, None),
    ]
    assert {r.id: (r.title, r.brief) for r in scenario.roles.values()} == {
        "wijkagent": ("Wijkagent", "Je kent de buurt."),
        "jongerenwerker": ("Jongerenwerker", ""),
    }
    assert scenario.facts["schuld"].known_by == ("jongerenwerker",)
    assert scenario.facts["open"].known_by == ()
    assert scenario.scenes["intake"].decided_by == "wijkagent"
    assert scenario.scenes["slot"].decided_by is None
    assert scenario.scoring.forbidden == ("tip_off", "zonder_grondslag")
    assert scenario.scoring.rule_count == 3
    choices = scenario.choices
    assert choices["sluit"].basis == "Opiumwet art. 13b"
    assert choices["waarschuw"].position == "last"
    assert choices["vraag_door"].position is None and choices["vraag_door"].basis is None
    assert choices["deel_alles"].share == ("schuld", "melding")


def test_a_v1_file_gets_the_defaults_of_every_optional_key(mini_text: str) -> None:
    scenario = scenario_from_text(mini_text)
    assert scenario.sources == () and scenario.roles == {}
    assert scenario.scoring.forbidden == ()
    assert all(f.known_by == () for f in scenario.facts.values())
    assert all(s.decided_by is None for s in scenario.scenes.values())
    assert all(
        (c.basis, c.position, c.share) == (None, None, ()) for c in scenario.choices.values()
    )


MINIMAL = """\
format: frontlijn/scenario@1
id: minimaal
title: "Minimaal"
scoring:
  target_balance: [0.3, 0.5]{extra}
start: a
scenes:
  a:
    text: "A"
    choices:
      - {{id: een, text: "Een", help: 1, tags: [fout], goto: b}}
  b:
    text: "B"
    ending: {{label: "B", outcome: 50, kind: good}}
"""


def test_minimal_scoring_says_what_to_add_at_the_scoring_key() -> None:
    _, diagnostics = load(MINIMAL.format(extra=""))
    [d] = diagnostics
    assert (d.line, d.col, d.code) == (4, 1, "process-weight-without-rules")
    assert "default weights give process 0.2" in d.message
    assert "competencies, order or forbidden" in d.message
    assert "weights: {balance: 0.5, outcome: 0.5, process: 0}" in d.message
    written = "\n  weights: {balance: 0.5, outcome: 0.3, process: 0.2}"
    [d] = load(MINIMAL.format(extra=written))[1]
    assert (d.line, d.col) == (6, 50)  # the process weight written
    assert "weights.process is 0.2" in d.message


@pytest.mark.parametrize(
    "extra",
    [
        "\n  forbidden: [fout]",
        "\n  weights: {balance: 0.5, outcome: 0.5, process: 0}",
        "\n  competencies: {fout: 1}",
    ],
)
def test_either_fix_of_minimal_scoring_loads_clean(extra: str) -> None:
    scenario, diagnostics = load(MINIMAL.format(extra=extra))
    assert scenario is not None and diagnostics == []


BIG = "9" * 5000


@pytest.mark.parametrize(
    ("old", "new", "at"),
    [
        ("vertrouwen: +10", f"vertrouwen: +{BIG}", "32:31"),  # a plain signed number
        ("vertrouwen: +10", f'vertrouwen: "+{BIG}"', "32:31"),  # the quoted form
        ("initial: 50", f"initial: {BIG}", "13:25"),
        ("initial: 50", f"initial: 0x{'f' * 5000}", "13:25"),
        ("initial: 50", f"initial: 1{BIG}.5", "13:25"),
        ("outcome: 90", f"outcome: {BIG}", "54:49"),
        ("weight: 3", f"weight: {BIG}", "42:62"),
    ],
)
def test_a_number_too_long_is_one_located_error(
    old: str, new: str, at: str, mini_text: str
) -> None:
    text = mini_text.replace(old, new, 1)
    assert text != mini_text
    scenario, diagnostics = load(text)
    assert scenario is None
    assert [f"{d.line}:{d.col} {d.code}" for d in diagnostics] == [f"{at} number-too-long"]
    assert "at most 50 characters" in diagnostics[0].message
    assert not any(word in diagnostics[0].message for word in (*JARGON, "sys."))


def test_fifty_characters_are_still_a_number(mini_text: str) -> None:
    scenario, diagnostics = load(mini_text.replace("initial: 50", "initial: " + "0" * 48 + "50"))
    assert scenario is not None and diagnostics == []


@pytest.mark.parametrize("scene", ["intake", "vast"])
def test_a_constant_zero_divisor_is_a_load_error_in_any_scene(scene: str, mini_text: str) -> None:
    guard = 'when: "1 / (vertrouwen - vertrouwen) >= 1"'
    if scene == "intake":  # the start scene: validate used to crash here
        text = mini_text.replace('when: "vertrouwen >= 40"', guard)
    else:
        text = mini_text.replace('text: "Opnieuw"', 'text: "Opnieuw"\n        ' + guard)
    assert text != mini_text
    scenario, diagnostics = load(text)
    assert scenario is None
    [d] = diagnostics
    assert (d.severity, d.code) == ("error", "expression-type")
    assert "division by zero" in d.message
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "vertrouwen - vertrouwen" in t)
    assert d.line == line and text.splitlines()[line - 1][d.col - 1] == "/"
