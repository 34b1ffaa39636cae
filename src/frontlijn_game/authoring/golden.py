"""Golden-path test files (``frontlijn/tests@1``): pin a path through a case and its result.

A trainer writes, beside ``<id>.yaml``, a ``<id>.tests.yaml`` with cases of choices (and
forced draws for random gotos) and what must come out: the ending, bounds on the scores,
the verdict, variable values. ``frontlijn test`` replays each case through the real
engine, so a later edit that breaks the best path, or lets a pure path win, fails loudly.

The file is read with the scenario loader's :class:`Reader`, so a bad test file gets the
same located ``file:line:col`` diagnostics and codes as a bad case; ids that the scenario
does not have (choices, scenes, variables) are errors at load time, before anything runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from frontlijn_game.engine.errors import AlreadyFinished, ChoiceNotOffered, EngineError
from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.engine.scoring import VERDICTS
from frontlijn_game.scenario import yamltree
from frontlijn_game.scenario.content import YAML_SUFFIXES, is_test_file
from frontlijn_game.scenario.diagnostics import Diagnostic, Diagnostics, Loc
from frontlijn_game.scenario.loader import SCENARIO_ID, Reader, did_you_mean, load_scenario
from frontlijn_game.scenario.model import (
    ENDING_KINDS,
    GotoRandom,
    Scenario,
    Value,
    goto_targets,
)
from frontlijn_game.scenario.yamltree import YMap, YNode, YScalar, describe

__all__ = [
    "BOUND_KEYS",
    "TESTS_FORMAT",
    "Bound",
    "CaseResult",
    "Expect",
    "FileResult",
    "GoldenCase",
    "Mismatch",
    "ScenarioCache",
    "TestFile",
    "declared_id",
    "find_case_file",
    "load_test_file",
    "run_case",
    "run_file",
]

TESTS_FORMAT = "frontlijn/tests@1"
TOP_KEYS = ("format", "scenario", "cases")
CASE_KEYS = ("name", "seed", "choices", "draws", "expect")
BOUND_KEYS = (
    "total", "help", "sanction", "balance", "balance_score", "outcome", "process", "decisions",
)  # fmt: skip
"""Scores an ``expect`` can bound; each is compared as ``frontlijn run`` prints it."""
EXPECT_KEYS = ("ending", "status", "ending_kind", "verdict", "variables", *BOUND_KEYS)
STATUSES = ("finished", "open")
_ID_LINE = re.compile(r"^id:\s*[\"']?([a-z0-9-]+)[\"']?\s*(#.*)?$", re.MULTILINE)


# ---------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class Bound:
    """Inclusive bounds on a number; ``min == max`` for an exact value."""

    min: Fraction | None
    max: Fraction | None
    loc: Loc

    def holds(self, value: Fraction) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def describe(self) -> str:
        lo, hi = self.min, self.max
        if lo is not None and hi is not None:
            return f"= {number_text(lo)}" if lo == hi else f"{number_text(lo)}..{number_text(hi)}"
        if lo is not None:
            return f">= {number_text(lo)}"
        return f"<= {number_text(hi)}" if hi is not None else "any value"


@dataclass(frozen=True, slots=True)
class Expect:
    ending: str | None = None
    status: str | None = None
    ending_kind: str | None = None
    verdict: str | None = None
    bounds: dict[str, Bound] = field(default_factory=dict)
    variables: dict[str, Bound | Value] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GoldenCase:
    name: str
    seed: int
    choices: tuple[str, ...]
    draws: tuple[str, ...]
    expect: Expect
    loc: Loc


@dataclass(frozen=True)
class TestFile:
    path: str
    scenario: Scenario
    cases: tuple[GoldenCase, ...]


ScenarioCache = dict[Path, tuple[Scenario | None, list[Diagnostic]]]
"""Scenarios loaded so far, by resolved path: several test files often share one case."""


def number_text(value: Fraction | float | int) -> str:
    """``85``, ``59.9``, ``0.33``: a number as a trainer wrote it."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return str(value.numerator)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{float(value):g}" if isinstance(value, Fraction) else str(value)


# ---------------------------------------------------------------------------- finding the case


def declared_id(path: Path) -> str | None:
    """The top-level ``id:`` of a YAML file, read without parsing it (cheap on a folder)."""
    try:
        head = path.read_bytes()[:20_000].decode("utf-8", errors="replace")
    except OSError:
        return None
    match = _ID_LINE.search(head)
    return match.group(1) if match else None


def _candidates(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in YAML_SUFFIXES and p.is_file() and not is_test_file(p)
    )


def find_case_file(test_path: Path, scenario_id: str, content_dir: Path | None) -> Path | None:
    """The case a test file names: beside it (``<id>.yaml`` or any file with that id), else
    in the content folder's ``scenarios/``."""
    folders = [test_path.parent]
    if content_dir is not None:
        folders.append(content_dir / "scenarios")
    for folder in folders:
        for suffix in YAML_SUFFIXES:
            candidate = folder / f"{scenario_id}{suffix}"
            if candidate.is_file():
                return candidate
        for candidate in _candidates(folder):
            if declared_id(candidate) == scenario_id:
                return candidate
    return None


def _known_ids(test_path: Path, content_dir: Path | None) -> list[str]:
    folders = [test_path.parent] + ([content_dir / "scenarios"] if content_dir else [])
    return sorted({i for f in folders for p in _candidates(f) if (i := declared_id(p))})


# ---------------------------------------------------------------------------- loading


class _TestsLoader:
    def __init__(self, diags: Diagnostics) -> None:
        self.d = diags
        self.r = Reader(diags)
        self.scenario: Scenario | None = None

    def case(self, node: YNode, index: int) -> GoldenCase | None:
        r = self.r
        m = r.mapping(node, f"case {index}")
        if m is None:
            return None
        r.keys(m, CASE_KEYS, ("choices",), f"case {index}")
        name = r.string(r.get(m, "name"), "name") or f"case {index}"
        seed_node = r.get(m, "seed")
        seed = r.integer(seed_node, "seed", 0, None)
        choices = self.choices(r.get(m, "choices"))
        draws = self.draws(r.get(m, "draws"))
        expect_node = r.get(m, "expect")
        expect = self.expect(expect_node) if expect_node is not None else Expect()
        if (seed is None and seed_node is not None) or choices is None or draws is None:
            return None
        if expect is None:
            return None
        return GoldenCase(name, seed or 0, choices, draws, expect, m.loc)

    def choices(self, node: YNode | None) -> tuple[str, ...] | None:
        ok = True
        out: list[str] = []
        items = self.r.seq(node, "choices")
        if node is not None and not isinstance(node, yamltree.YSeq):
            ok = False
        for item in items:
            cid = self.r.ident(item, "choice id")
            if cid is None:
                ok = False
                continue
            sc = self.scenario
            if sc is not None and cid not in sc.choices:
                self.d.error(
                    item.loc,
                    "unknown-choice",
                    f"scenario '{sc.id}' has no choice '{cid}'{did_you_mean(cid, sc.choices)}",
                )
                ok = False
            out.append(cid)
        return tuple(out) if ok else None

    def draws(self, node: YNode | None) -> tuple[str, ...] | None:
        ok = node is None or isinstance(node, yamltree.YSeq)
        out: list[str] = []
        sc = self.scenario
        outcomes: set[str] = set()
        if sc is not None:
            for choice in sc.choices.values():
                if isinstance(choice.goto, GotoRandom):
                    outcomes.update(goto_targets(choice.goto))
        for item in self.r.seq(node, "draws"):
            sid = self.r.ident(item, "draw")
            if sid is None:
                ok = False
                continue
            if sc is not None and sid not in sc.scenes:
                self.d.error(
                    item.loc,
                    "unknown-scene",
                    f"draw '{sid}' is not a scene of '{sc.id}'{did_you_mean(sid, outcomes or sc.scenes)}",
                )
                ok = False
            elif sc is not None and sid not in outcomes:
                shown = ", ".join(sorted(outcomes)) or "(the case has no random goto)"
                self.d.error(
                    item.loc,
                    "bad-draw",
                    f"no random goto of '{sc.id}' can lead to '{sid}'; possible draws: {shown}",
                )
                ok = False
            out.append(sid)
        return tuple(out) if ok else None

    def expect(self, node: YNode) -> Expect | None:
        r = self.r
        m = r.mapping(node, "expect")
        if m is None:
            return None
        r.keys(m, EXPECT_KEYS, (), "expect")
        errors_before = len(self.d.items)
        sc = self.scenario
        ending = r.ident(r.get(m, "ending"), "ending")
        ending_node = r.get(m, "ending")
        if ending is not None and sc is not None and ending_node is not None:
            endings = sc.endings
            if ending not in sc.scenes:
                self.d.error(
                    ending_node.loc,
                    "unknown-scene",
                    f"'{sc.id}' has no scene '{ending}'{did_you_mean(ending, endings)}",
                )
            elif ending not in endings:
                self.d.error(
                    ending_node.loc,
                    "not-an-ending",
                    f"scene '{ending}' is not an ending; endings: {', '.join(endings)}",
                )
        status = self.choice_of(m, "status", STATUSES, "out-of-range")
        if status == "open" and ending is not None:
            self.d.error(
                r.key_loc(m, "status"),
                "contradiction",
                "expect names an ending and 'status: open'; an attempt at an ending is finished",
            )
        kind = self.choice_of(m, "ending_kind", ENDING_KINDS, "bad-ending-kind")
        verdict = self.choice_of(m, "verdict", VERDICTS, "out-of-range")
        bounds: dict[str, Bound] = {}
        for key in BOUND_KEYS:
            value_node = r.get(m, key)
            if value_node is not None:
                bound = self.bound(value_node, key)
                if bound is not None:
                    bounds[key] = bound
        variables = self.variables(r.get(m, "variables"))
        if len(self.d.items) > errors_before:
            return None
        return Expect(ending, status, kind, verdict, bounds, variables)

    def choice_of(self, m: YMap, key: str, allowed: Sequence[str], code: str) -> str | None:
        node = self.r.get(m, key)
        value = self.r.string(node, key)
        if value is None or node is None:
            return None
        if value not in allowed:
            self.d.error(
                node.loc,
                code,
                f"{key} '{value}' is unknown: use {', '.join(allowed)}{did_you_mean(value, allowed)}",
            )
            return None
        return value

    def bound(self, node: YNode, what: str) -> Bound | None:
        """A number (exact) or ``{min, max}`` (either or both, inclusive)."""
        r = self.r
        if isinstance(node, YScalar):
            exact = r.number(node, what)
            return None if exact is None else Bound(exact, exact, node.loc)
        m = r.mapping(node, f"the bounds of {what} ({{min: ..., max: ...}} or a number)")
        if m is None:
            return None
        r.keys(m, ("min", "max"), (), f"the bounds of {what}")
        lo = r.number(r.get(m, "min"), f"min of {what}")
        hi = r.number(r.get(m, "max"), f"max of {what}")
        if "min" not in m.items and "max" not in m.items:
            self.d.error(m.loc, "missing-key", f"the bounds of {what} need 'min' or 'max'")
            return None
        if lo is not None and hi is not None and lo > hi:
            self.d.error(m.loc, "out-of-range", f"min of {what} is above its max")
            return None
        if (lo is None and "min" in m.items) or (hi is None and "max" in m.items):
            return None
        return Bound(lo, hi, m.loc)

    def variables(self, node: YNode | None) -> dict[str, Bound | Value]:
        out: dict[str, Bound | Value] = {}
        m = self.r.mapping(node, "variables") if node is not None else None
        if m is None:
            return out
        sc = self.scenario
        for key, (key_loc, value_node) in m.items.items():
            var = sc.variables.get(key) if sc is not None else None
            if sc is not None and var is None:
                self.d.error(
                    key_loc,
                    "unknown-variable",
                    f"'{sc.id}' declares no variable '{key}'{did_you_mean(key, sc.variables)}",
                )
                continue
            kind = var.kind if var is not None else None
            if kind == "number" or (kind is None and isinstance(value_node, YMap)):
                bound = self.bound(value_node, f"variable '{key}'")
                if bound is not None:
                    out[key] = bound
            elif kind == "bool":
                flag = self.r.boolean(value_node, f"variable '{key}'")
                if flag is not None:
                    out[key] = flag
            elif kind == "string":
                text = self.r.string(value_node, f"variable '{key}'")
                if text is not None:
                    out[key] = text
            elif isinstance(value_node, YScalar) and value_node.value is not None:
                out[key] = value_node.value
            else:
                self.d.error(
                    value_node.loc,
                    "wrong-type",
                    f"variable '{key}' must be a value or bounds, got {describe(value_node)}",
                )
        return out


def load_test_file(
    path: str | Path,
    content_dir: Path | None = None,
    cache: ScenarioCache | None = None,
) -> tuple[TestFile | None, list[Diagnostic]]:
    """Read a test file and the case it names; returns the file (None on errors) and every
    diagnostic, the case's own errors included."""
    p = Path(path)
    diags = Diagnostics(str(path))
    try:
        data = p.read_bytes()
    except OSError as exc:
        diags.error(Loc(1, 1), "unreadable", f"cannot read file: {exc.strerror or exc}")
        return None, diags.items
    _, root = yamltree.read(data, diags)
    if root is None:
        return None, diags.sorted()
    loader = _TestsLoader(diags)
    r = loader.r
    top = r.mapping(root, "a test file", Loc(1, 1))
    if top is None:
        return None, diags.sorted()
    fmt = r.string(r.get(top, "format"), "format")
    if "format" not in top.items:
        diags.error(top.loc, "missing-key", f"the file needs 'format: {TESTS_FORMAT}'")
    elif fmt is not None and fmt != TESTS_FORMAT:
        diags.error(
            r.key_loc(top, "format"),
            "unknown-format",
            f"format '{fmt}' is not a test file; test files have 'format: {TESTS_FORMAT}'",
        )
        return None, diags.sorted()
    r.keys(top, TOP_KEYS, ("scenario", "cases"), "the test file")
    scenario_node = r.get(top, "scenario")
    sid = r.ident(scenario_node, "scenario", SCENARIO_ID)
    extra: list[Diagnostic] = []
    if sid is not None and scenario_node is not None:
        case_path = find_case_file(p, sid, content_dir)
        if case_path is None:
            known = _known_ids(p, content_dir)
            where = str(p.parent) + (f" or {content_dir / 'scenarios'}" if content_dir else "")
            diags.error(
                scenario_node.loc,
                "unknown-scenario",
                f"no scenario '{sid}' beside this file or in the content folder ({where})"
                f"{did_you_mean(sid, known)}",
            )
        else:
            key = case_path.resolve()
            if cache is None or key not in cache:
                loaded = load_scenario(case_path)
                if cache is not None:
                    cache[key] = loaded
            else:
                loaded = cache[key]
            loader.scenario, found = loaded
            if loader.scenario is None:
                extra = [d for d in found if d.severity == "error"]
                diags.error(
                    scenario_node.loc,
                    "scenario-errors",
                    f"scenario '{sid}' ({case_path}) has errors; fix them first",
                )
    cases: list[GoldenCase] = []
    case_nodes = r.seq(r.get(top, "cases"), "cases")
    if not case_nodes and isinstance(r.get(top, "cases"), yamltree.YSeq):
        diags.error(r.key_loc(top, "cases"), "missing-key", "a test file needs at least one case")
    for index, node in enumerate(case_nodes, start=1):
        case = loader.case(node, index)
        if case is not None:
            cases.append(case)
    out = diags.sorted() + extra
    if diags.has_errors or loader.scenario is None:
        return None, out
    return TestFile(str(path), loader.scenario, tuple(cases)), out


# ---------------------------------------------------------------------------- running


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One expectation that did not hold: what was expected and what came out."""

    key: str
    expected: str
    got: str

    def to_json(self) -> dict[str, str]:
        return {"key": self.key, "expected": self.expected, "got": self.got}


@dataclass
class CaseResult:
    case: GoldenCase
    failures: list[Mismatch] = field(default_factory=list)
    error: str | None = None
    """Why the path could not be played (a choice not offered, a bad draw...)."""
    result: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.failures

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.case.name,
            "line": self.case.loc.line,
            "ok": self.ok,
            "error": self.error,
            "failures": [f.to_json() for f in self.failures],
            "result": self.result,
        }


@dataclass
class FileResult:
    test_file: TestFile
    cases: list[CaseResult]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.cases)


def _result(play: Playthrough) -> dict[str, Any]:
    """What a case produced, in ``frontlijn run --json`` shape (rounded as printed there)."""
    score = play.score().to_json()
    ending = play.ending
    return {
        "status": "finished" if play.finished else "open",
        "scene": play.state.scene,
        "ending": play.state.scene if ending is not None else None,
        "ending_kind": ending.kind if ending is not None else None,
        "choices": list(play.state.chosen),
        "draws": list(play.state.draws),
        "decisions": play.state.decisions,
        **{k: score[k] for k in ("help", "sanction", "balance", "verdict", "balance_score")},
        **{k: score[k] for k in ("outcome", "process", "total")},
        "variables": dict(play.state.variables),
    }


def _shown(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number_text(value)
    return str(value)


def _check(case: GoldenCase, scenario: Scenario, got: dict[str, Any]) -> list[Mismatch]:
    exp = case.expect
    out: list[Mismatch] = []
    at = got["ending"] or f"{got['scene']} (open)"
    if exp.ending is not None and got["ending"] != exp.ending:
        out.append(Mismatch("ending", exp.ending, at))
    if exp.status is not None and got["status"] != exp.status:
        out.append(Mismatch("status", exp.status, f"{got['status']} in scene '{got['scene']}'"))
    if exp.ending_kind is not None and got["ending_kind"] != exp.ending_kind:
        out.append(Mismatch("ending_kind", exp.ending_kind, f"{_shown(got['ending_kind'])} ({at})"))
    if exp.verdict is not None and got["verdict"] != exp.verdict:
        out.append(Mismatch("verdict", exp.verdict, got["verdict"]))
    for key, bound in exp.bounds.items():
        value = got[key]
        if value is None or not bound.holds(Fraction(str(value))):
            out.append(Mismatch(key, bound.describe(), _shown(value)))
    for key, want in exp.variables.items():
        value = got["variables"][key]
        if isinstance(want, Bound):
            if isinstance(value, bool) or not isinstance(value, int | float):
                holds = False
            else:
                holds = want.holds(Fraction(str(value)))
            if not holds:
                out.append(Mismatch(f"variables.{key}", want.describe(), _shown(value)))
        elif value != want or type(value) is not type(want):
            out.append(Mismatch(f"variables.{key}", _shown(want), _shown(value)))
    used = len(got["draws"])
    if used < len(case.draws):
        left = ", ".join(case.draws[used:])
        out.append(
            Mismatch(
                "draws",
                f"{len(case.draws)} random goto(s) on the path",
                f"{used}; never used: {left}",
            )
        )
    return out


def run_case(scenario: Scenario, case: GoldenCase) -> CaseResult:
    """Replay one case through the engine and compare with what it expects.

    This is :meth:`Playthrough.replay` taken one step at a time, so that a path which
    breaks says at which step, in which scene and what was offered there.
    """
    outcome = CaseResult(case)
    try:
        play = Playthrough.start(scenario, case.seed, case.draws)
    except EngineError as exc:
        outcome.error = f"the case cannot start: {exc}"
        return outcome
    for step, cid in enumerate(case.choices, start=1):
        try:
            play.choose(cid)
        except ChoiceNotOffered as exc:
            scene = scenario.scenes[exc.scene]
            title = f' ("{scene.title}")' if scene.title else ""
            offered = ", ".join(exc.offered) or "(none)"
            outcome.error = (
                f"step {step}: choice '{cid}' is not offered in scene '{exc.scene}'{title}; "
                f"offered: {offered}"
            )
            break
        except AlreadyFinished as exc:
            outcome.error = (
                f"step {step}: choice '{cid}' comes after the ending '{exc.scene}'; "
                "the path is longer than the attempt"
            )
            break
        except EngineError as exc:
            outcome.error = f"step {step} ('{cid}'): {exc}"
            break
    outcome.result = _result(play)
    if outcome.error is None:
        outcome.failures = _check(case, scenario, outcome.result)
    return outcome


def run_file(test_file: TestFile) -> FileResult:
    return FileResult(test_file, [run_case(test_file.scenario, c) for c in test_file.cases])
