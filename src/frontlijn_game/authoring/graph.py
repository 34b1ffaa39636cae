"""A picture of a case: scenes and choices as a Mermaid flowchart or a Graphviz DOT graph.

Trainers reason about a case as a map, and reviewers spot a missing way out faster in a
picture than in YAML. Each scene is a node (its title), each way a choice can go is an
edge labelled with the choice text, its guard, and the branch condition or the chance of
a random outcome. Endings are coloured by kind; scenes that cannot be reached and traps
(scenes from which no ending can be reached) are marked, so the picture is also a check.

The marks come from the scene graph itself (every goto target counts). When the path
analysis (:mod:`frontlijn_game.engine.paths`) can see the whole state space within a small
budget, its guard-aware findings are added: scenes no play can enter, choices never
offered and scenes where play gets stuck.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from frontlijn_game.i18n import _
from frontlijn_game.scenario.model import (
    Choice,
    GotoCond,
    GotoRandom,
    GotoScene,
    Scenario,
    goto_targets,
)

__all__ = ["FORMATS", "Edge", "Marks", "edges", "marks", "render", "to_dot", "to_mermaid"]

Format = Literal["mermaid", "dot"]
FORMATS: tuple[Format, ...] = ("mermaid", "dot")
LABEL_CHARS = 40
"""Choice texts longer than this are shortened on edges; the YAML has the full text."""
ANALYSIS_STATES = 20_000
ANALYSIS_SECONDS = 2.0

COLOURS = {
    "good": ("#d4edda", "#2e7d32"),
    "mixed": ("#ffe0b2", "#ef6c00"),
    "bad": ("#ffcdd2", "#c62828"),
}
"""Ending kind -> (fill, border): green, orange, red."""
UNREACHABLE = ("#eeeeee", "#9e9e9e")
TRAP_BORDER = "#b71c1c"


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    choice: Choice
    branch: str | None
    """``if <cond>``, ``else`` or ``<n>% (<w>/<total>)``; None for a plain goto."""


@dataclass
class Marks:
    """What is wrong with which scene or choice, for the picture."""

    unreachable: set[str] = field(default_factory=set)
    traps: set[str] = field(default_factory=set)
    stuck: set[str] = field(default_factory=set)
    """Scenes where play can get stuck with no choice offered (from the path analysis)."""
    never_offered: set[str] = field(default_factory=set)
    """Choices whose guard is false in every reachable state (from the path analysis)."""
    analysed: bool = False


def edges(scenario: Scenario) -> list[Edge]:
    """Every way each choice can go, in file order."""
    out: list[Edge] = []
    for choice in scenario.choices.values():
        goto = choice.goto
        if isinstance(goto, GotoScene):
            out.append(Edge(choice.scene, goto.scene, choice, None))
        elif isinstance(goto, GotoCond):
            for branch in goto.branches:
                label = (
                    _("anders")
                    if branch.when is None
                    else _("als {condition}").format(condition=branch.when.text)
                )
                out.append(Edge(choice.scene, branch.scene, choice, label))
        elif isinstance(goto, GotoRandom):
            total = goto.total_weight
            for option in goto.options:
                percent = round(100 * option.weight / total)
                label = f"{percent}% ({option.weight}/{total})"
                out.append(Edge(choice.scene, option.scene, choice, label))
    return out


def marks(scenario: Scenario, analyse: bool = True) -> Marks:
    """Unreachable scenes and traps from the scene graph, refined by the path analysis."""
    found = Marks()
    reachable: set[str] = set()
    stack = [scenario.start]
    while stack:
        sid = stack.pop()
        if sid not in reachable:
            reachable.add(sid)
            for choice in scenario.scenes[sid].choices:
                stack.extend(goto_targets(choice.goto))
    incoming: dict[str, set[str]] = {sid: set() for sid in scenario.scenes}
    for choice in scenario.choices.values():
        for target in goto_targets(choice.goto):
            incoming[target].add(choice.scene)
    can_end: set[str] = set()
    stack = list(scenario.endings)
    while stack:
        sid = stack.pop()
        if sid not in can_end:
            can_end.add(sid)
            stack.extend(incoming[sid])
    found.unreachable = set(scenario.scenes) - reachable
    found.traps = {sid for sid in reachable if sid not in can_end}
    if analyse:
        _refine(scenario, found)
    return found


def _refine(scenario: Scenario, found: Marks) -> None:
    """Add guard-aware marks when the path analysis is present and sees every state."""
    try:
        from frontlijn_game.engine import paths
    except ImportError:  # pragma: no cover - the analysis is optional here
        return
    analyse = getattr(paths, "analyse", None)
    if analyse is None:  # pragma: no cover
        return
    try:
        report = analyse(scenario, max_states=ANALYSIS_STATES, time_budget=ANALYSIS_SECONDS)
    except Exception:  # pragma: no cover - a picture must not fail because of the analysis
        return
    if not getattr(report, "complete", False):
        return
    entered = set(getattr(report, "scenes_entered", ()))
    offered = set(getattr(report, "offered_choices", ()))
    found.unreachable |= set(scenario.scenes) - entered
    found.never_offered = {
        cid for cid, c in scenario.choices.items() if c.scene in entered and cid not in offered
    }
    found.stuck = {d.scene for d in getattr(report, "dead_ends", ())}
    found.analysed = True


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    """One line of at most ``limit`` characters, cut at a word where possible."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


def _edge_lines(edge: Edge) -> list[str]:
    lines = [shorten(edge.choice.text)]
    if edge.choice.when is not None:
        lines.append(f"[{edge.choice.when.text}]")
    if edge.branch is not None:
        lines.append(edge.branch)
    return lines


def _node_lines(scenario: Scenario, sid: str, found: Marks) -> list[str]:
    scene = scenario.scenes[sid]
    lines = [shorten(scene.title, 60), f"({sid})"] if scene.title else [sid]
    if scene.ending is not None:
        ending = scene.ending
        lines.append(
            _("einde {kind}, outcome {outcome}").format(kind=ending.kind, outcome=ending.outcome)
        )
    if sid == scenario.start:
        lines.insert(0, "▶ start")
    if sid in found.unreachable:
        lines.append("⚠ " + _("onbereikbaar"))
    elif sid in found.traps:
        lines.append("⚠ " + _("val: geen einde bereikbaar"))
    if sid in found.stuck:
        lines.append("⚠ " + _("het spel kan hier vastlopen"))
    return lines


# ---------------------------------------------------------------------------- Mermaid


def mermaid_text(text: str) -> str:
    """Text for inside a quoted Mermaid label: entity codes for what Mermaid would parse."""
    out = []
    for ch in text:
        if ch == "#":
            out.append("#35;")
        elif ch == '"':
            out.append("#quot;")
        elif ch == "<":
            out.append("#lt;")
        elif ch == ">":
            out.append("#gt;")
        elif ch == "&":
            out.append("#amp;")
        elif ch in "|`":
            out.append(f"#{ord(ch)};")
        elif ch in "\r\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def _mermaid_label(lines: list[str]) -> str:
    return '"' + "<br/>".join(mermaid_text(line) for line in lines) + '"'


def _mid(sid: str) -> str:
    """A node id Mermaid cannot misread (``end`` or ``o...`` would break the chart)."""
    return f"s_{sid}"


def to_mermaid(scenario: Scenario, found: Marks | None = None) -> str:
    found = found if found is not None else marks(scenario)
    lines = [
        "flowchart TD",
        "    %% " + mermaid_text(f"{scenario.title} ({scenario.id}) — frontlijn graph"),
    ]
    for sid, scene in scenario.scenes.items():
        label = _mermaid_label(_node_lines(scenario, sid, found))
        if scene.ending is not None:
            lines.append(f"    {_mid(sid)}([{label}])")
        else:
            lines.append(f"    {_mid(sid)}[{label}]")
    for edge in edges(scenario):
        arrow = "-.->" if edge.choice.id in found.never_offered else "-->"
        parts = _edge_lines(edge)
        if edge.choice.id in found.never_offered:
            parts.append("⚠ " + _("nooit aangeboden"))
        lines.append(
            f"    {_mid(edge.source)} {arrow}|{_mermaid_label(parts)}| {_mid(edge.target)}"
        )
    lines.append("    classDef start stroke-width:3px")
    for kind, (fill, border) in COLOURS.items():
        lines.append(f"    classDef {kind} fill:{fill},stroke:{border},color:#000")
    lines.append(
        f"    classDef unreachable fill:{UNREACHABLE[0]},stroke:{UNREACHABLE[1]},"
        "stroke-dasharray:5 5,color:#616161"
    )
    lines.append(f"    classDef trap stroke:{TRAP_BORDER},stroke-width:3px,stroke-dasharray:3 3")
    classes: dict[str, list[str]] = {}
    for sid, scene in scenario.scenes.items():
        if scene.ending is not None:
            classes.setdefault(scene.ending.kind, []).append(sid)
        if sid in found.unreachable:
            classes.setdefault("unreachable", []).append(sid)
        elif sid in found.traps or sid in found.stuck:
            classes.setdefault("trap", []).append(sid)
    classes.setdefault("start", []).append(scenario.start)
    for name, sids in classes.items():
        lines.append(f"    class {','.join(_mid(s) for s in sids)} {name}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- DOT


def dot_string(text: str) -> str:
    """A double-quoted DOT string; newlines become centred line breaks."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n") + '"'


def to_dot(scenario: Scenario, found: Marks | None = None) -> str:
    found = found if found is not None else marks(scenario)
    out = [
        f"// {scenario.title} ({scenario.id}) — frontlijn graph".replace("\n", " "),
        f"digraph {dot_string(scenario.id)} {{",
        "    rankdir=TB;",
        '    node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
    ]
    for sid, scene in scenario.scenes.items():
        attrs = {"label": dot_string("\n".join(_node_lines(scenario, sid, found)))}
        if scene.ending is not None:
            fill, border = COLOURS[scene.ending.kind]
            attrs |= {"fillcolor": f'"{fill}"', "color": f'"{border}"', "penwidth": "2"}
        if sid in found.unreachable:
            attrs |= {
                "fillcolor": f'"{UNREACHABLE[0]}"',
                "color": f'"{UNREACHABLE[1]}"',
                "style": '"rounded,filled,dashed"',
                "fontcolor": '"#616161"',
            }
        elif sid in found.traps or sid in found.stuck:
            attrs |= {
                "color": f'"{TRAP_BORDER}"',
                "penwidth": "3",
                "style": '"rounded,filled,dashed"',
            }
        if sid == scenario.start:
            attrs.setdefault("penwidth", "3")
        out.append(f"    {dot_string(sid)} [{', '.join(f'{k}={v}' for k, v in attrs.items())}];")
    for edge in edges(scenario):
        label = _edge_lines(edge)
        attrs = {"label": dot_string("\n".join(label)), "tooltip": dot_string(edge.choice.id)}
        if edge.choice.id in found.never_offered:
            attrs["label"] = dot_string("\n".join([*label, "⚠ " + _("nooit aangeboden")]))
            attrs["style"] = "dashed"
            attrs["color"] = '"#9e9e9e"'
        out.append(
            f"    {dot_string(edge.source)} -> {dot_string(edge.target)} "
            f"[{', '.join(f'{k}={v}' for k, v in attrs.items())}];"
        )
    out.append("}")
    return "\n".join(out) + "\n"


def render(scenario: Scenario, fmt: Format = "mermaid", analyse: bool = True) -> str:
    found = marks(scenario, analyse=analyse)
    return to_dot(scenario, found) if fmt == "dot" else to_mermaid(scenario, found)
