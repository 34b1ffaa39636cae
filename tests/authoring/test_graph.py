"""Graph export: Mermaid and DOT output, escaping, ending colours, unreachable and trap marks."""

from __future__ import annotations

import re
from collections.abc import Callable

from frontlijn_game.authoring.graph import (
    dot_string,
    edges,
    marks,
    mermaid_text,
    render,
    shorten,
    to_dot,
    to_mermaid,
)
from frontlijn_game.scenario.model import Scenario

MakeScenario = Callable[[str], Scenario]

TRICKY = """\
format: frontlijn/scenario@1
id: lastig
title: 'Een "lastige" case'
scoring: {target_balance: [0.3, 0.5], weights: {balance: 0.5, outcome: 0.5, process: 0}}
variables:
  n: {initial: 1}
start: end
scenes:
  end:
    title: 'Start <b>#1</b> & "quotes" | pipes `tick` \\ back'
    text: Begin
    choices:
      - id: a
        text: 'Zeg "ja" & <ga> door | verder, met een hele lange tekst die wordt ingekort op een woord'
        when: "n >= 1 and n < 5"
        goto: [{when: "n > 2", goto: o}, {goto: x}]
      - id: b
        text: Gok
        goto: {random: [{weight: 1, goto: o}, {weight: 3, goto: mixed_end}]}
  o:
    title: "Goed"
    text: O
    ending: {label: Goed, outcome: 90, kind: good}
  x:
    text: X
    ending: {label: Slecht, outcome: 10, kind: bad}
  mixed_end:
    text: M
    ending: {label: Half, outcome: 50, kind: mixed}
"""

BROKEN = """\
format: frontlijn/scenario@1
id: gebroken
title: Gebroken
scoring: {target_balance: [0.3, 0.5], weights: {balance: 0.5, outcome: 0.5, process: 0}}
variables:
  open: {initial: false}
start: a
scenes:
  a:
    text: A
    choices:
      - {id: naar_einde, text: Einde, goto: einde}
      - {id: naar_lus, text: Lus, goto: lus}
      - {id: dicht, text: Dicht, when: "open", goto: achter_slot}
  lus:
    text: Lus
    choices:
      - {id: rond, text: Rond, goto: lus}
  achter_slot:
    text: Nooit
    choices:
      - {id: eruit, text: Eruit, goto: einde}
  wees:
    text: Niemand komt hier
    choices:
      - {id: weg, text: Weg, goto: einde}
  einde:
    text: Einde
    ending: {label: Einde, outcome: 50, kind: mixed}
"""

_DOT_STRING = r'"(?:[^"\\\n]|\\.)*"'
_DOT_ATTR = rf"\w+=(?:{_DOT_STRING}|[\w.#]+)"
_DOT_STMT = re.compile(
    rf"^    {_DOT_STRING}(?: -> {_DOT_STRING})? \[{_DOT_ATTR}(?:, {_DOT_ATTR})*\];$"
)
_MM_LABEL = r'"[^"\n]*"'
_MM_NODE = re.compile(rf"^    s_[a-z][a-z0-9_]*(?:\[{_MM_LABEL}\]|\(\[{_MM_LABEL}\]\))$")
_MM_EDGE = re.compile(rf"^    s_[a-z0-9_]+ (?:-->|-\.->)\|{_MM_LABEL}\| s_[a-z0-9_]+$")
_MM_CLASS = re.compile(
    r"^    (?:classDef \w+ [\w:#,. -]+|class s_[a-z0-9_]+(?:,s_[a-z0-9_]+)* \w+)$"
)


def check_mermaid(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == "flowchart TD"
    for line in lines[1:]:
        assert (
            line.startswith("    %% ")
            or _MM_NODE.match(line)
            or _MM_EDGE.match(line)
            or _MM_CLASS.match(line)
        ), line
        if not line.startswith("    %%"):
            for label in re.findall(r'"([^"]*)"', line):
                assert not re.search(r"[<>&`|]", label.replace("<br/>", "")), label


def check_dot(text: str) -> None:
    lines = text.splitlines()
    assert lines[0].startswith("// ")
    assert re.match(rf"^digraph {_DOT_STRING} \{{$", lines[1])
    assert lines[-1] == "}"
    for line in lines[2:-1]:
        assert line.endswith(";"), line
        if line.startswith("    node") or line.startswith("    edge") or "rankdir" in line:
            continue
        assert _DOT_STMT.match(line), line


def test_mermaid_shape_and_escaping(make_scenario: MakeScenario) -> None:
    scenario = make_scenario(TRICKY)
    text = to_mermaid(scenario)
    check_mermaid(text)
    # 'end' would end a Mermaid subgraph: every node id is prefixed
    assert "    s_end[" in text
    assert "#quot;quotes#quot;" in text and "#lt;b#gt;#35;1#lt;/b#gt;" in text
    assert "#amp;" in text and "#124;" in text and "#96;tick#96;" in text
    assert "[n #gt;= 1 and n #lt; 5]" in text
    assert "if n #gt; 2" in text and "else" in text
    assert "25% (1/4)" in text and "75% (3/4)" in text
    assert "    class s_o good" in text
    assert "    class s_x bad" in text
    assert "    class s_mixed_end mixed" in text
    assert "classDef good fill:#d4edda" in text
    assert "    s_o([" in text  # endings are rounded


def test_dot_shape_and_escaping(make_scenario: MakeScenario) -> None:
    scenario = make_scenario(TRICKY)
    text = to_dot(scenario)
    check_dot(text)
    assert 'digraph "lastig" {' in text
    assert '\\"quotes\\"' in text and "\\\\ back" in text
    assert '"o" [label="Goed\\n(o)\\ngood ending, outcome 90", fillcolor="#d4edda"' in text
    assert 'fillcolor="#ffcdd2"' in text and 'fillcolor="#ffe0b2"' in text
    assert text.count(" -> ") == 4


def test_edges_per_goto(make_scenario: MakeScenario) -> None:
    scenario = make_scenario(TRICKY)
    got = [(e.source, e.target, e.choice.id, e.branch) for e in edges(scenario)]
    assert got == [
        ("end", "o", "a", "if n > 2"),
        ("end", "x", "a", "else"),
        ("end", "o", "b", "25% (1/4)"),
        ("end", "mixed_end", "b", "75% (3/4)"),
    ]


def test_unreachable_and_traps(make_scenario: MakeScenario) -> None:
    scenario = make_scenario(BROKEN)
    static = marks(scenario, analyse=False)
    assert static.unreachable == {"wees"}
    assert static.traps == {"lus"}
    assert not static.analysed
    aware = marks(scenario)
    assert aware.analysed
    assert aware.unreachable == {"wees", "achter_slot"}
    assert aware.never_offered == {"dicht"}
    mermaid = to_mermaid(scenario, aware)
    check_mermaid(mermaid)
    assert "⚠ unreachable" in mermaid and "⚠ trap: no ending reachable" in mermaid
    assert "class s_achter_slot,s_wees unreachable" in mermaid
    assert "class s_lus trap" in mermaid
    assert "s_a -.->|" in mermaid and "⚠ never offered" in mermaid
    dot = to_dot(scenario, aware)
    check_dot(dot)
    assert '"wees" [label="wees\\n⚠ unreachable"' in dot  # no title: the id alone
    assert "style=dashed" in dot


def test_stuck_scene_is_marked(make_scenario: MakeScenario) -> None:
    scenario = make_scenario(
        """\
        format: frontlijn/scenario@1
        id: vast
        title: Vast
        scoring: {target_balance: [0.3, 0.5], weights: {balance: 0.5, outcome: 0.5, process: 0}}
        variables:
          x: {initial: 0}
        start: a
        scenes:
          a:
            text: A
            choices:
              - {id: op, text: Op, effects: {x: 1}, goto: b}
              - {id: klaar, text: Klaar, goto: einde}
          b:
            text: B
            choices:
              - {id: alleen_nul, text: Nul, when: "x == 0", goto: einde}
          einde: {text: E, ending: {label: E, outcome: 1, kind: bad}}
        """
    )
    found = marks(scenario)
    assert found.stuck == {"b"}
    assert "⚠ play can get stuck here" in render(scenario, "mermaid")
    assert "⚠ play can get stuck here" in render(scenario, "dot")


def test_render_mini(mini: Scenario) -> None:
    check_mermaid(render(mini, "mermaid"))
    check_dot(render(mini, "dot"))
    assert "▶ start" in render(mini)


def test_helpers() -> None:
    assert shorten("kort") == "kort"
    long = "Vraag door over het geld op zijn rekening en over de man in de sportschool"
    short = shorten(long)
    assert len(short) <= 40 and short.endswith("…") and " " not in short[-2:]
    assert shorten("a\n  b") == "a b"
    assert mermaid_text('a"b#c') == "a#quot;b#35;c"
    assert dot_string('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
