"""Scenario format ``frontlijn/scenario@1``: YAML -> checked, typed :class:`Scenario`.

Everything wrong with a file is collected as located diagnostics before giving up, so a
trainer fixes a file in one pass. The checks follow DESIGN.md's key table exactly; codes
are stable and documented in docs/trainers.md.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

from frontlijn_game.scenario import optional_keys as extra
from frontlijn_game.scenario import yamltree
from frontlijn_game.scenario.diagnostics import (
    MAX_NUMBER_CHARS,
    ContentError,
    Diagnostic,
    Diagnostics,
    Loc,
)
from frontlijn_game.scenario.diagnostics import did_you_mean as did_you_mean
from frontlijn_game.scenario.expressions import RESERVED as RESERVED_WORDS
from frontlijn_game.scenario.expressions import Expr, ExprError, check, parse
from frontlijn_game.scenario.interpolation import TemplateError, scan, split
from frontlijn_game.scenario.model import (
    ENDING_KINDS,
    Actor,
    Choice,
    Effect,
    Ending,
    EndingKind,
    Fact,
    Goto,
    GotoBranch,
    GotoCond,
    GotoRandom,
    GotoScene,
    RandomOption,
    Role,
    Scenario,
    Scene,
    Scoring,
    Value,
    Variable,
    Weights,
    goto_targets,
    value_kind,
)
from frontlijn_game.scenario.yamltree import YMap, YNode, YScalar, YSeq, describe

SCENARIO_FORMAT = "frontlijn/scenario@1"
SCENARIO_ID = re.compile(r"[a-z0-9-]+\Z")
ID = re.compile(r"[a-z][a-z0-9_]*\Z")
RESERVED_TAGS = frozenset({"help", "sanction"})
SIGNED_NUMBER = re.compile(r"[+-]\s*(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")

TOP_KEYS = (
    "format", "id", "title", "language", "role", "summary", "estimated_minutes", "tags",
    "actors", "facts", "variables", "scoring", "start", "scenes", "sources", "roles",
)  # fmt: skip
SCORING_KEYS = ("target_balance", "tolerance", "weights", "competencies", "order", "forbidden")
WEIGHT_KEYS = ("balance", "outcome", "process")
SCENE_KEYS = ("title", "text", "reveal", "choices", "ending", "decided_by")
CHOICE_KEYS = (
    "id", "text", "goto", "help", "sanction", "actor", "tags", "when", "effects",
    "consequence", "feedback", "basis", "position", "share",
)  # fmt: skip
ENDING_KEYS = ("label", "outcome", "kind")
VARIABLE_KEYS = ("initial", "min", "max", "label", "visible")
ACTOR_KEYS = ("name", "age", "description")
FACT_KEYS = ("text", "known_by")


def range_text(lo: float | None, hi: float | None) -> str:
    """``0..100``, ``>= 0`` or ``<= 100``: the allowed range of a number variable."""
    if lo is not None and hi is not None:
        return f"{lo}..{hi}"
    return f">= {lo}" if lo is not None else f"<= {hi}"


def _non_finite(value: object) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def locate(lines: list[str], node: YScalar, offset: int) -> Loc:
    """Where character ``offset`` of a scalar's value sits in the file (best effort).

    ``lines`` are the file's lines. Exact for one-line scalars without escapes and for
    literal blocks (``|``); for folded or escaped text the fragment at ``offset`` is
    searched for from the scalar's start. Falls back to the scalar's own position.
    """
    value = node.text
    base = node.loc
    if not value or not lines or base.line > len(lines):
        return base
    offset = max(0, min(offset, len(value)))
    if offset == len(value):  # "unexpected end": just after the last character
        last = locate(lines, node, len(value) - 1)
        return last if last == base else Loc(last.line, last.col + 1)
    first = lines[base.line - 1]
    start = base.col - 1 + (0 if node.plain else 1)
    if "\n" not in value and first[start : start + len(value)] == value:
        return Loc(base.line, start + 1 + offset)
    # Folding turns line breaks into spaces, so the text can span that many lines more.
    last_line = min(len(lines), base.line + value.count("\n") + value.count(" ") + 2)
    fragment = value[offset:].split(None, 1)[0] if not value[offset].isspace() else ""
    found = _find(lines, base, last_line, value, offset, fragment[:20])
    if found is None:  # escapes (\") change the text: look for the word after them
        word = re.search(r"\w+", fragment)
        if word is not None:
            found = _find(lines, base, last_line, value, offset + word.start(), word.group())
            if found is not None:
                found = Loc(found.line, max(1, found.col - word.start()))
    return found or base


def _find(
    lines: list[str], base: Loc, last_line: int, value: str, offset: int, fragment: str
) -> Loc | None:
    """The position of the occurrence of ``fragment`` that starts at ``offset`` of ``value``."""
    if not fragment:
        return None
    skip = value[:offset].count(fragment)
    col = base.col - 1
    for index in range(base.line - 1, last_line):
        line = lines[index]
        at = line.find(fragment, col)
        while at >= 0:
            if skip == 0:
                return Loc(index + 1, at + 1)
            skip -= 1
            at = line.find(fragment, at + len(fragment))
        col = 0
    return None


class Reader:
    """Typed access to a located YAML tree that records what is wrong and where.

    Shared by the scenario, curriculum and test-file loaders so that every format
    reports the same kinds of problems with the same codes and wording.
    """

    def __init__(self, diags: Diagnostics) -> None:
        self.d = diags

    # -- structure -------------------------------------------------------------------
    def mapping(self, node: YNode | None, what: str, loc: Loc | None = None) -> YMap | None:
        if isinstance(node, YMap):
            return node
        if node is not None:
            self.d.error(node.loc, "wrong-type", f"{what} must be a mapping, got {describe(node)}")
        elif loc is not None:
            self.d.error(loc, "wrong-type", f"{what} must be a mapping")
        return None

    def keys(
        self,
        ymap: YMap,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
        what: str,
    ) -> None:
        for key, (key_loc, _) in ymap.items.items():
            if key not in allowed:
                self.d.error(
                    key_loc,
                    "unknown-key",
                    f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}",
                )
        for key in required:
            if key not in ymap.items:
                self.d.error(ymap.loc, "missing-key", f"{what} needs '{key}'")

    def get(self, ymap: YMap, key: str) -> YNode | None:
        item = ymap.items.get(key)
        return None if item is None else item[1]

    def key_loc(self, ymap: YMap, key: str) -> Loc:
        item = ymap.items.get(key)
        return ymap.loc if item is None else item[0]

    def seq(self, node: YNode | None, what: str) -> list[YNode]:
        if node is None:
            return []
        if isinstance(node, YSeq):
            return node.items
        self.d.error(node.loc, "wrong-type", f"{what} must be a list, got {describe(node)}")
        return []

    # -- scalars ---------------------------------------------------------------------
    def string(self, node: YNode | None, what: str) -> str | None:
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, str):
            return node.value
        self.d.error(node.loc, "wrong-type", f"{what} must be text, got {describe(node)}")
        return None

    def integer(self, node: YNode | None, what: str, lo: int | None, hi: int | None) -> int | None:
        if node is None:
            return None
        if (
            not isinstance(node, YScalar)
            or isinstance(node.value, bool)
            or not isinstance(node.value, int)
        ):
            self.d.error(
                node.loc, "wrong-type", f"{what} must be a whole number, got {describe(node)}"
            )
            return None
        value = node.value
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            bounds = f"{lo}..{hi}" if hi is not None else f">= {lo}"
            self.d.error(node.loc, "out-of-range", f"{what} must be {bounds}, got {value}")
            return None
        return value

    def number(self, node: YNode | None, what: str) -> Fraction | None:
        """An int or float as an exact Fraction of its written text (0.3 is 3/10)."""
        if node is None:
            return None
        if (
            isinstance(node, YScalar)
            and not isinstance(node.value, bool)
            and isinstance(node.value, int | float)
        ):
            if isinstance(node.value, float) and not math.isfinite(node.value):
                self.d.error(
                    node.loc, "wrong-type", f"{what} must be a finite number, got {describe(node)}"
                )
                return None
            try:
                return Fraction(node.text.replace("_", ""))
            except (ValueError, ZeroDivisionError):
                return Fraction(node.value)
        self.d.error(node.loc, "wrong-type", f"{what} must be a number, got {describe(node)}")
        return None

    def boolean(self, node: YNode | None, what: str) -> bool | None:
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        self.d.error(node.loc, "wrong-type", f"{what} must be true or false, got {describe(node)}")
        return None

    def ident(self, node: YNode | None, what: str, pattern: re.Pattern[str] = ID) -> str | None:
        value = self.string(node, what)
        if value is None or node is None:
            return None
        if not pattern.match(value):
            rule = (
                "[a-z0-9-]+"
                if pattern is SCENARIO_ID
                else "[a-z][a-z0-9_]* (lower case, digits, _)"
            )
            self.d.error(node.loc, "bad-id", f"{what} '{value}' is not a valid id: use {rule}")
            return None
        return value

    def key_ident(self, key: str, loc: Loc, what: str) -> bool:
        if ID.match(key):
            return True
        self.d.error(loc, "bad-id", f"{what} '{key}' is not a valid id: use [a-z][a-z0-9_]*")
        return False

    def ident_list(
        self, node: YNode | None, what: str, key: str | None = None
    ) -> list[tuple[str, Loc]]:
        """A list of ids; ``what`` names one item, ``key`` the list (for 'must be a list')."""
        out: list[tuple[str, Loc]] = []
        for item in self.seq(node, key or what):
            value = self.ident(item, what)
            if value is not None:
                out.append((value, item.loc))
        return out


class _ScenarioLoader:
    def __init__(self, path: str, data: bytes, diags: Diagnostics) -> None:
        self.path = path
        self.data = data
        self.d = diags
        self.r = Reader(diags)
        self.variables: dict[str, Variable] = {}
        self.facts: dict[str, Fact] = {}
        self.actors: dict[str, Actor] = {}
        self.scene_ids: dict[str, Loc] = {}
        self.choice_ids: dict[str, Loc] = {}
        self.language = "nl"
        # Checks that need every id first run after the first pass.
        self.deferred: list[Callable[[], None]] = []
        self.used_vars: set[str] = set()
        self.broken_vars: set[str] = set()
        """Declared variables with an error of their own: uses of them are not reported again."""
        self.text = ""
        self._lines: list[str] | None = None
        self.competency_locs: dict[str, Loc] = {}
        self.order_locs: list[tuple[Loc, Loc]] = []
        self.forbidden_locs: dict[str, Loc] = {}
        self.roles: dict[str, Role] = {}

    def at(self, node: YScalar, offset: int) -> Loc:
        """The position of character ``offset`` of a scalar's value (see :func:`locate`)."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        return locate(self._lines, node, offset)

    # -- top level -------------------------------------------------------------------
    def load(self, text: str, root: YNode) -> Scenario | None:
        r = self.r
        self.text = text
        top = r.mapping(root, "a scenario file", Loc(1, 1))
        if top is None:
            return None
        fmt = r.string(r.get(top, "format"), "format")
        if "format" not in top.items:
            self.d.error(top.loc, "missing-key", f"the file needs 'format: {SCENARIO_FORMAT}'")
        elif fmt is not None and fmt != SCENARIO_FORMAT:
            self.d.error(
                r.key_loc(top, "format"),
                "unknown-format",
                f"format '{fmt}' is not supported; this version reads '{SCENARIO_FORMAT}'",
            )
            return None
        r.keys(top, TOP_KEYS, ("id", "title", "scoring", "start", "scenes"), "the scenario")

        sid = r.ident(r.get(top, "id"), "scenario id", SCENARIO_ID)
        title = r.string(r.get(top, "title"), "title")
        language = r.string(r.get(top, "language"), "language")
        if language is not None and language not in ("nl", "en"):
            self.d.error(
                self._value_loc(top, "language"),
                "out-of-range",
                f"language must be nl or en, got '{language}'",
            )
            language = None
        self.language = language or "nl"
        role = r.string(r.get(top, "role"), "role")
        summary = r.string(r.get(top, "summary"), "summary")
        minutes = r.integer(r.get(top, "estimated_minutes"), "estimated_minutes", 1, None)
        tags = tuple(t for t, _ in r.ident_list(r.get(top, "tags"), "tag", "tags"))

        self.actors = self._actors(r.get(top, "actors"))
        sources = extra.sources(r, r.get(top, "sources"))
        self.roles = extra.roles(r, r.get(top, "roles"))
        self.facts = self._facts(r.get(top, "facts"))
        self.variables = self._variables(r.get(top, "variables"))
        scenes_node = r.mapping(r.get(top, "scenes"), "scenes")
        if scenes_node is not None:
            for key, (key_loc, _) in scenes_node.items.items():
                if r.key_ident(key, key_loc, "scene id"):
                    self.scene_ids[key] = key_loc
            if not scenes_node.items:
                self.d.error(scenes_node.loc, "missing-key", "scenes must hold at least one scene")
        # Choice ids first, so expressions can name any choice of any scene.
        if scenes_node is not None:
            self._collect_choice_ids(scenes_node)
        scoring = self._scoring(r.get(top, "scoring"), r.key_loc(top, "scoring"))
        start = r.ident(r.get(top, "start"), "start")
        if start is not None and start not in self.scene_ids:
            self.d.error(
                self._value_loc(top, "start"),
                "unknown-scene",
                f"start scene '{start}' does not exist{did_you_mean(start, self.scene_ids)}",
            )
        scenes: dict[str, Scene] = {}
        if scenes_node is not None:
            for key, (key_loc, node) in scenes_node.items.items():
                if key in self.scene_ids:
                    scene = self._scene(key, key_loc, node)
                    if scene is not None:
                        scenes[key] = scene
        for check_later in self.deferred:
            check_later()
        if self.d.has_errors or sid is None or title is None or scoring is None or start is None:
            return None
        scenario = Scenario(
            id=sid,
            title=title,
            language="en" if self.language == "en" else "nl",
            role=role,
            summary=summary,
            estimated_minutes=minutes,
            tags=tags,
            actors=self.actors,
            facts=self.facts,
            variables=self.variables,
            scoring=scoring,
            start=start,
            scenes=scenes,
            path=self.path,
            source=text,
            content_hash=content_hash(self.data),
            sources=sources,
            roles=self.roles,
        )
        self._warnings(scenario)
        extra.check_forbidden(self.d, scenario, self.forbidden_locs)
        return scenario

    def _value_loc(self, ymap: YMap, key: str) -> Loc:
        node = self.r.get(ymap, key)
        return node.loc if node is not None else self.r.key_loc(ymap, key)

    # -- declarations ----------------------------------------------------------------
    def _actors(self, node: YNode | None) -> dict[str, Actor]:
        out: dict[str, Actor] = {}
        ymap = self.r.mapping(node, "actors")
        if ymap is None:
            return out
        for key, (key_loc, item) in ymap.items.items():
            if not self.r.key_ident(key, key_loc, "actor id"):
                continue
            m = self.r.mapping(item, f"actor '{key}'", key_loc)
            if m is None:
                continue
            self.r.keys(m, ACTOR_KEYS, ("name",), f"actor '{key}'")
            name = self.r.string(self.r.get(m, "name"), "name")
            age = self.r.integer(self.r.get(m, "age"), "age", 0, 130)
            description = self.r.string(self.r.get(m, "description"), "description") or ""
            out[key] = Actor(key, name or key, age, description, key_loc)
        return out

    def _facts(self, node: YNode | None) -> dict[str, Fact]:
        out: dict[str, Fact] = {}
        ymap = self.r.mapping(node, "facts")
        if ymap is None:
            return out
        for key, (key_loc, item) in ymap.items.items():
            if not self.r.key_ident(key, key_loc, "fact id"):
                continue
            m = self.r.mapping(item, f"fact '{key}'", key_loc)
            if m is None:
                continue
            self.r.keys(m, FACT_KEYS, ("text",), f"fact '{key}'")
            text = self.r.string(self.r.get(m, "text"), "the text of a fact")
            if text is not None:
                self._template(text, self.r.get(m, "text"))
            known_by = extra.role_ids(
                self.r, self.r.get(m, "known_by"), self.roles, "role", "known_by"
            )
            out[key] = Fact(key, text or "", key_loc, known_by)
        return out

    def _variables(self, node: YNode | None) -> dict[str, Variable]:
        out: dict[str, Variable] = {}
        ymap = self.r.mapping(node, "variables")
        if ymap is None:
            return out
        for key, (key_loc, item) in ymap.items.items():
            self.broken_vars.add(key)  # until it turns out fine
            if not self.r.key_ident(key, key_loc, "variable id"):
                continue
            if key in RESERVED_WORDS:
                self.d.error(
                    key_loc,
                    "bad-id",
                    f"'{key}' is a reserved word of expressions and cannot name a variable",
                )
                continue
            m = self.r.mapping(item, f"variable '{key}'", key_loc)
            if m is None:
                continue
            self.r.keys(m, VARIABLE_KEYS, ("initial",), f"variable '{key}'")
            initial_node = self.r.get(m, "initial")
            initial: Value | None = None
            if initial_node is not None:
                if _non_finite(getattr(initial_node, "value", None)):
                    self.d.error(
                        initial_node.loc,
                        "wrong-type",
                        f"initial value of '{key}' must be a finite number, "
                        f"got {describe(initial_node)}",
                    )
                elif isinstance(initial_node, YScalar) and isinstance(
                    initial_node.value, bool | int | float | str
                ):
                    initial = initial_node.value
                else:
                    self.d.error(
                        initial_node.loc,
                        "wrong-type",
                        f"initial value of '{key}' must be a number, true/false or text, "
                        f"got {describe(initial_node)}",
                    )
            lo = self._bound(m, "min", key, initial)
            hi = self._bound(m, "max", key, initial)
            if lo is not None and hi is not None and lo > hi:
                self.d.error(
                    self.r.key_loc(m, "min"), "out-of-range", f"min of '{key}' is above its max"
                )
            if (
                isinstance(initial, int | float)
                and not isinstance(initial, bool)
                and initial_node is not None
                and ((lo is not None and initial < lo) or (hi is not None and initial > hi))
            ):
                self.d.error(
                    initial_node.loc,
                    "out-of-range",
                    f"initial value {initial} of '{key}' is outside its range {range_text(lo, hi)}",
                )
            label = self.r.string(self.r.get(m, "label"), "label") or key
            visible = self.r.boolean(self.r.get(m, "visible"), "visible") or False
            if initial is not None:
                out[key] = Variable(key, initial, lo, hi, label, visible, key_loc)
                self.broken_vars.discard(key)
        return out

    def _bound(self, m: YMap, which: str, key: str, initial: Value | None) -> int | float | None:
        node = self.r.get(m, which)
        if node is None:
            return None
        if initial is not None and value_kind(initial) != "number":
            self.d.error(
                node.loc,
                "wrong-type",
                f"'{which}' is only for number variables; '{key}' is {value_kind(initial)}",
            )
            return None
        if (
            isinstance(node, YScalar)
            and not isinstance(node.value, bool)
            and isinstance(node.value, int | float)
            and not _non_finite(node.value)
        ):
            return node.value
        self.d.error(
            node.loc,
            "wrong-type",
            f"{which} of '{key}' must be a finite number, got {describe(node)}",
        )
        return None

    def _collect_choice_ids(self, scenes: YMap) -> None:
        for _, (_, node) in scenes.items.items():
            if not isinstance(node, YMap):
                continue
            choices = self.r.get(node, "choices")
            if not isinstance(choices, YSeq):
                continue
            for item in choices.items:
                if not isinstance(item, YMap):
                    continue
                id_node = self.r.get(item, "id")
                if isinstance(id_node, YScalar) and isinstance(id_node.value, str):
                    cid = id_node.value
                    if cid in self.choice_ids:
                        first = self.choice_ids[cid]
                        self.d.error(
                            id_node.loc,
                            "duplicate-id",
                            f"choice id '{cid}' is already used at line {first.line}; "
                            "choice ids are unique in a scenario",
                        )
                    elif ID.match(cid):
                        self.choice_ids[cid] = id_node.loc

    # -- scoring ---------------------------------------------------------------------
    def _scoring(self, node: YNode | None, key_loc: Loc) -> Scoring | None:
        r = self.r
        m = r.mapping(node, "scoring")
        if m is None:
            return None
        r.keys(m, SCORING_KEYS, ("target_balance",), "scoring")
        ok = True
        band_node = r.get(m, "target_balance")
        band: tuple[Fraction, Fraction] | None = None
        if band_node is not None:
            items = r.seq(band_node, "target_balance")
            values = [r.number(i, "target_balance") for i in items]
            if len(items) != 2 or any(v is None for v in values):
                if isinstance(band_node, YSeq) and all(v is not None for v in values):
                    self.d.error(
                        band_node.loc,
                        "bad-target-balance",
                        "target_balance must be two numbers [low, high]",
                    )
                ok = False
            else:
                lo, hi = values[0], values[1]
                assert lo is not None and hi is not None
                if not (0 <= lo <= hi <= 1):
                    self.d.error(
                        band_node.loc,
                        "bad-target-balance",
                        "target_balance needs 0 <= low <= high <= 1",
                    )
                    ok = False
                else:
                    band = (lo, hi)
        tolerance = Fraction(1, 4)
        tol_node = r.get(m, "tolerance")
        if tol_node is not None:
            tol = r.number(tol_node, "tolerance")
            if tol is None:
                ok = False
            elif not (0 < tol <= 1):
                self.d.error(
                    tol_node.loc,
                    "out-of-range",
                    f"tolerance must be above 0 and at most 1, got {float(tol):g}",
                )
                ok = False
            else:
                tolerance = tol
        weights = Weights(Fraction(2, 5), Fraction(2, 5), Fraction(1, 5))
        w_node = r.get(m, "weights")
        w_map = r.mapping(w_node, "weights") if w_node is not None else None
        if w_node is not None and w_map is None:
            ok = False
        if w_map is not None:
            r.keys(w_map, WEIGHT_KEYS, WEIGHT_KEYS, "weights")
            parts = [r.number(r.get(w_map, k), f"weight '{k}'") for k in WEIGHT_KEYS]
            if all(p is not None for p in parts):
                b, o, p = (x for x in parts if x is not None)
                if min(b, o, p) < 0:
                    self.d.error(w_map.loc, "bad-weights", "weights may not be negative")
                    ok = False
                elif abs(float(b + o + p) - 1) > 1e-9:
                    self.d.error(
                        w_map.loc,
                        "bad-weights",
                        f"weights must sum to 1, they sum to {float(b + o + p):g}",
                    )
                    ok = False
                else:
                    weights = Weights(b, o, p)
            else:
                ok = False
        competencies: dict[str, int] = {}
        c_map = r.mapping(r.get(m, "competencies"), "competencies")
        if c_map is not None:
            for key, (key_loc, item) in c_map.items.items():
                if not r.key_ident(key, key_loc, "competency"):
                    continue
                if key in RESERVED_TAGS:
                    self.d.error(
                        key_loc,
                        "reserved-tag",
                        f"'{key}' is reserved and cannot be a competency tag",
                    )
                    continue
                count = r.integer(item, f"competency '{key}'", 1, None)
                if count is not None:
                    competencies[key] = count
                    self.competency_locs[key] = key_loc
        order: list[tuple[str, str]] = []
        for rule in r.seq(r.get(m, "order"), "order"):
            if not isinstance(rule, YSeq) or len(rule.items) != 2:
                self.d.error(
                    rule.loc,
                    "wrong-type",
                    f"an order rule is a pair [first, then], got {describe(rule)}; "
                    "write order as a list of pairs: [[situatieanalyse, sanction]]",
                )
                continue
            sides = rule.items
            names = [r.ident(s, "order rule side") for s in sides]
            if len(names) == 2 and names[0] is not None and names[1] is not None:
                order.append((names[0], names[1]))
                self.order_locs.append((sides[0].loc, sides[1].loc))
        forbidden, self.forbidden_locs, forbidden_ok = extra.forbidden(
            r, r.get(m, "forbidden"), competencies
        )
        ok = ok and forbidden_ok
        if not competencies and not order and not forbidden and weights.process != 0:
            self._process_without_rules(w_map, key_loc, weights.process)
            ok = False
        if not ok or band is None:
            return None
        return Scoring(band, tolerance, weights, competencies, tuple(order), forbidden)

    def _process_without_rules(self, w_map: YMap | None, key_loc: Loc, weight: Fraction) -> None:
        """DESIGN: no competencies, order or forbidden rules means no process score, so its
        weight must be 0. Say what to add, at the weight written or (defaults) at 'scoring'."""
        where = key_loc if w_map is None else self._value_loc(w_map, "process")
        given = "weights.process is" if w_map is not None else "the default weights give process"
        self.d.error(
            where,
            "process-weight-without-rules",
            f"this case has no competencies, order or forbidden rules, so there is no process "
            f"score, but {given} {float(weight):g}: add competencies, order "
            "or forbidden under 'scoring', or write "
            "'weights: {balance: 0.5, outcome: 0.5, process: 0}'",
        )

    # -- scenes ----------------------------------------------------------------------
    def _scene(self, sid: str, key_loc: Loc, node: YNode) -> Scene | None:
        r = self.r
        m = r.mapping(node, f"scene '{sid}'", key_loc)
        if m is None:
            return None
        r.keys(m, SCENE_KEYS, ("text",), f"scene '{sid}'")
        title = r.string(r.get(m, "title"), "title")
        text_node = r.get(m, "text")
        text = r.string(text_node, "the scene text")
        if text is not None:
            self._template(text, text_node)
        reveal: list[str] = []
        for fid, loc in r.ident_list(r.get(m, "reveal"), "fact", "reveal"):
            if fid not in self.facts:
                self.d.error(
                    loc,
                    "unknown-fact",
                    f"fact '{fid}' is not declared{did_you_mean(fid, self.facts)}",
                )
            else:
                reveal.append(fid)
        has_choices = "choices" in m.items
        has_ending = "ending" in m.items
        if has_choices and has_ending:
            self.d.error(
                key_loc, "scene-shape", f"scene '{sid}' has both choices and an ending; keep one"
            )
        elif not has_choices and not has_ending:
            self.d.error(key_loc, "scene-shape", f"scene '{sid}' needs choices or an ending")
        choices: list[Choice] = []
        if has_choices:
            items = r.seq(r.get(m, "choices"), "choices")
            if not items and isinstance(r.get(m, "choices"), YSeq):
                self.d.error(
                    r.key_loc(m, "choices"),
                    "scene-shape",
                    f"scene '{sid}' has an empty choice list",
                )
            for item in items:
                choice = self._choice(sid, item)
                if choice is not None:
                    choices.append(choice)
        ending: Ending | None = None
        if has_ending and not has_choices:
            ending = self._ending(sid, r.get(m, "ending"), r.key_loc(m, "ending"))
        decided_by = extra.decided_by(r, m, self.roles, sid, has_choices and not has_ending)
        if text is None:
            return None
        return Scene(
            sid,
            title,
            text,
            tuple(dict.fromkeys(reveal)),
            tuple(choices),
            ending,
            key_loc,
            decided_by,
        )

    def _ending(self, sid: str, node: YNode | None, loc: Loc) -> Ending | None:
        r = self.r
        m = r.mapping(node, f"ending of '{sid}'", loc)
        if m is None:
            return None
        r.keys(m, ENDING_KEYS, ENDING_KEYS, f"ending of '{sid}'")
        label_node = r.get(m, "label")
        label = r.string(label_node, "label")
        if label is not None:
            self._template(label, label_node)
        outcome = r.integer(r.get(m, "outcome"), "outcome", 0, 100)
        kind = r.string(r.get(m, "kind"), "kind")
        if kind is not None and kind not in ENDING_KINDS:
            self.d.error(
                self._value_loc(m, "kind"),
                "bad-ending-kind",
                f"ending kind '{kind}' is unknown: use good, mixed or bad{did_you_mean(kind, ENDING_KINDS)}",
            )
            kind = None
        if label is None or outcome is None or kind is None:
            return None
        ending_kind: EndingKind = (
            "good" if kind == "good" else "mixed" if kind == "mixed" else "bad"
        )
        return Ending(label, outcome, ending_kind, m.loc)

    def _choice(self, sid: str, node: YNode) -> Choice | None:
        r = self.r
        m = r.mapping(node, f"a choice in scene '{sid}'")
        if m is None:
            return None
        cid = r.ident(r.get(m, "id"), "choice id")
        what = f"choice '{cid}'" if cid else f"a choice in scene '{sid}'"
        r.keys(m, CHOICE_KEYS, ("id", "text", "goto"), what)
        text = r.string(r.get(m, "text"), "the choice text")
        help_ = r.integer(r.get(m, "help"), "help", 0, 3)
        sanction = r.integer(r.get(m, "sanction"), "sanction", 0, 3)
        actor_node = r.get(m, "actor")
        actor = r.ident(actor_node, "actor")
        if actor is not None and actor not in self.actors and actor_node is not None:
            self.d.error(
                actor_node.loc,
                "unknown-actor",
                f"actor '{actor}' is not declared{did_you_mean(actor, self.actors)}",
            )
        tags: list[str] = []
        for tag, loc in r.ident_list(r.get(m, "tags"), "tag", "tags"):
            if tag in RESERVED_TAGS:
                self.d.error(
                    loc,
                    "reserved-tag",
                    f"'{tag}' is reserved (it means any choice with that weight) and cannot be a tag",
                )
            else:
                tags.append(tag)
        when = self._expression(r.get(m, "when"), f"guard of {what}", want_bool=True)
        effects = self._effects(r.get(m, "effects"))
        consequence_node = r.get(m, "consequence")
        consequence = r.string(consequence_node, "consequence")
        if consequence is not None:
            self._template(consequence, consequence_node)
        feedback_node = r.get(m, "feedback")
        feedback = r.string(feedback_node, "feedback")
        if feedback is not None:
            self._template(feedback, feedback_node)
        goto = self._goto(r.get(m, "goto"), r.key_loc(m, "goto"), what)
        basis = extra.basis(r, m)
        position = extra.position(r, m)
        share = extra.share(r, m, self.facts)
        if cid is None or text is None or goto is None:
            return None
        if ("when" in m.items and when is None) or effects is None:  # errors already reported
            return None
        return Choice(
            id=cid,
            scene=sid,
            text=text,
            goto=goto,
            help=help_ or 0,
            sanction=sanction or 0,
            actor=actor if actor in self.actors else None,
            tags=tuple(tags),
            when=when,
            effects=tuple(effects),
            consequence=consequence,
            feedback=feedback,
            loc=m.loc,
            basis=basis,
            position=position,
            share=share,
        )

    def _scene_ref(self, node: YNode | None, what: str) -> str | None:
        target = self.r.ident(node, what)
        if target is None or node is None:
            return None
        if target not in self.scene_ids:
            self.d.error(
                node.loc,
                "unknown-scene",
                f"{what} '{target}' does not exist{did_you_mean(target, self.scene_ids)}",
            )
            return None
        return target

    def _goto(self, node: YNode | None, loc: Loc, what: str) -> Goto | None:
        r = self.r
        if node is None:
            return None
        if isinstance(node, YScalar):
            target = self._scene_ref(node, "goto scene")
            return GotoScene(target, node.loc) if target else None
        if isinstance(node, YSeq):
            branches: list[GotoBranch] = []
            ok = True
            if not node.items:
                self.d.error(node.loc, "bad-goto", f"the goto list of {what} is empty")
                return None
            for index, item in enumerate(node.items):
                m = r.mapping(item, "a conditional goto entry")
                if m is None:
                    ok = False
                    continue
                r.keys(m, ("when", "goto"), ("goto",), "a conditional goto entry")
                last = index == len(node.items) - 1
                when_node = r.get(m, "when")
                when = None
                if when_node is not None:
                    if last:
                        self.d.error(
                            when_node.loc,
                            "goto-no-default",
                            f"the last goto entry of {what} has a 'when'; end with an entry without one (the default)",
                        )
                        ok = False
                    when = self._expression(when_node, f"goto condition of {what}", want_bool=True)
                    if when is None:
                        ok = False
                elif not last:
                    self.d.error(
                        m.loc,
                        "bad-goto",
                        "only the last goto entry may omit 'when'; entries after it could never be taken",
                    )
                    ok = False
                target_node = r.get(m, "goto")
                if target_node is not None and not isinstance(target_node, YScalar):
                    self.d.error(
                        target_node.loc,
                        "bad-goto",
                        "a conditional goto entry leads to one scene id (no nesting)",
                    )
                    ok = False
                    continue
                target = self._scene_ref(target_node, "goto scene")
                if target is None:
                    ok = False
                    continue
                branches.append(GotoBranch(when, target, m.loc))
            return GotoCond(tuple(branches)) if ok and branches else None
        assert isinstance(node, YMap)
        r.keys(node, ("random",), ("random",), "a random goto")
        options: list[RandomOption] = []
        ok = "random" in node.items
        items = r.seq(r.get(node, "random"), "random")
        if not items and ok:
            self.d.error(node.loc, "bad-goto", "a random goto needs at least one option")
            ok = False
        for item in items:
            m = r.mapping(item, "a random option")
            if m is None:
                ok = False
                continue
            r.keys(m, ("weight", "goto"), ("weight", "goto"), "a random option")
            weight = r.integer(r.get(m, "weight"), "weight", 1, None)
            target_node = r.get(m, "goto")
            if target_node is not None and not isinstance(target_node, YScalar):
                self.d.error(
                    target_node.loc,
                    "bad-goto",
                    "a random option leads to one scene id (no nesting)",
                )
                ok = False
                continue
            target = self._scene_ref(target_node, "goto scene")
            if weight is None or target is None:
                ok = False
                continue
            options.append(RandomOption(weight, target, m.loc))
        return GotoRandom(tuple(options)) if ok and options else None

    def _effects(self, node: YNode | None) -> list[Effect] | None:
        r = self.r
        if node is None:
            return []
        m = r.mapping(node, "effects")
        if m is None:
            return None
        out: list[Effect] = []
        ok = True
        for key, (key_loc, value_node) in m.items.items():
            var = self.variables.get(key)
            if var is None and key in self.broken_vars:
                ok = False
                continue
            if var is None:
                self.d.error(
                    key_loc,
                    "unknown-variable",
                    f"effect on variable '{key}', which is not declared under 'variables'"
                    f"{did_you_mean(key, self.variables)}",
                )
                ok = False
                continue
            self.used_vars.add(key)
            effect = self._effect(var, value_node)
            if effect is None:
                ok = False
            else:
                out.append(effect)
        return out if ok else None

    def _effect(self, var: Variable, node: YNode) -> Effect | None:
        kind = var.kind
        if not isinstance(node, YScalar) or node.value is None:
            self.d.error(
                node.loc,
                "bad-effect",
                f"effect on '{var.id}' must be a value, got {describe(node)}",
            )
            return None
        value = node.value
        stripped = node.text.strip()
        if kind == "number":
            signed = stripped[:1] in ("+", "-")
            if signed and (isinstance(value, str) or node.plain):
                if not SIGNED_NUMBER.match(stripped):
                    self.d.error(
                        node.loc,
                        "bad-effect",
                        f"effect '{stripped}' on '{var.id}' is not a signed number such as \"+10\" or \"-5\"",
                    )
                    return None
                number_text = stripped.replace(" ", "")
                if len(number_text) > MAX_NUMBER_CHARS:
                    self.d.error(
                        node.loc,
                        "number-too-long",
                        f"effect on '{var.id}' is a number of {len(number_text):,} characters; "
                        f"numbers in a case are at most {MAX_NUMBER_CHARS} characters long",
                    )
                    return None
                amount: int | float = (
                    int(number_text)
                    if re.fullmatch(r"[+-]\d+", number_text)
                    else float(number_text)
                )
                if _non_finite(amount):
                    self.d.error(node.loc, "bad-effect", f"effect '{stripped}' is too large")
                    return None
                return Effect(var.id, "add", amount, node.loc)
            if isinstance(value, bool) or not isinstance(value, int | float) or _non_finite(value):
                self.d.error(
                    node.loc,
                    "bad-effect",
                    f"'{var.id}' is a number, but the effect is {describe(node)}; "
                    f'write a number to set it (5) or "+N"/"-N" to change it ("+10")',
                )
                return None
            if (var.min is not None and value < var.min) or (
                var.max is not None and value > var.max
            ):
                self.d.error(
                    node.loc,
                    "out-of-range",
                    f"setting '{var.id}' to {value} is outside its range "
                    f'{range_text(var.min, var.max)}; to change it by {value}, write "+{value}"',
                )
                return None
            return Effect(var.id, "set", value, node.loc)
        if kind == "bool":
            if not isinstance(value, bool):
                self.d.error(
                    node.loc, "bad-effect", f"'{var.id}' is true/false; got {describe(node)}"
                )
                return None
            return Effect(var.id, "set", value, node.loc)
        if not isinstance(value, str):
            self.d.error(node.loc, "bad-effect", f"'{var.id}' holds text; got {describe(node)}")
            return None
        return Effect(var.id, "set", value, node.loc)

    # -- expressions and text ----------------------------------------------------------
    def _expression(self, node: YNode | None, what: str, want_bool: bool) -> Expr | None:
        if node is None:
            return None
        if not isinstance(node, YScalar):
            self.d.error(
                node.loc,
                "wrong-type",
                f"{what} must be an expression in text, got {describe(node)}",
            )
            return None
        source = node.text
        try:
            expr = parse(source)
        except ExprError as exc:
            self.d.error(
                self.at(node, exc.offset),
                "bad-expression",
                f"{what}: {exc.message}",
            )
            return None
        self.used_vars.update(expr.variables)

        def later() -> None:
            kinds = {vid: v.kind for vid, v in self.variables.items()}
            problems = check(expr, kinds, self.scene_ids, self.choice_ids)
            for problem in problems:
                code = "expression-type"
                low = problem.message.lower()
                if "unknown variable" in low:
                    code = "unknown-variable"
                    if any(f"unknown variable '{b}'" in problem.message for b in self.broken_vars):
                        continue
                elif "unknown scene" in low or "unknown choice" in low:
                    code = "unknown-reference"
                self.d.error(
                    self.at(node, problem.offset),
                    code,
                    f"{what}: {problem.message}",
                )
            if not problems and want_bool and expr.kind != "bool":
                self.d.error(
                    node.loc,
                    "expression-type",
                    f"{what} must be true or false, but '{source}' is a {expr.kind}",
                )

        self.deferred.append(later)
        return expr

    def _template(self, text: str, node: YNode | None) -> None:
        def where(offset: int) -> Loc:
            if isinstance(node, YScalar):
                return self.at(node, offset)
            return node.loc if node is not None else Loc(1, 1)

        try:
            parts = split(text)
        except TemplateError as exc:
            self.d.error(where(exc.offset), "interpolation", exc.message)
            return
        for name in dict.fromkeys(part for is_name, part in parts if is_name):
            self.used_vars.add(name)

            def later(name: str = name) -> None:
                if name in self.variables or name in self.broken_vars:
                    return
                for is_name, part, offset in scan(text):
                    if is_name and part == name:
                        self.d.error(
                            where(offset),
                            "interpolation",
                            f"'{{{name}}}' names no variable{did_you_mean(name, self.variables)}; "
                            "declare it under 'variables' or write '{{' and '}}' for braces",
                        )

            self.deferred.append(later)

    # -- warnings --------------------------------------------------------------------
    def _warnings(self, scenario: Scenario) -> None:
        d = self.d
        reachable: set[str] = set()
        stack = [scenario.start]
        while stack:
            sid = stack.pop()
            if sid in reachable:
                continue
            reachable.add(sid)
            for choice in scenario.scenes[sid].choices:
                stack.extend(goto_targets(choice.goto))
        for sid, scene in scenario.scenes.items():
            if sid not in reachable:
                d.warning(
                    scene.loc,
                    "unreachable-scene",
                    f"scene '{sid}' cannot be reached from '{scenario.start}'",
                )
        # Scenes that can reach an ending: walk edges backwards from every ending.
        incoming: dict[str, set[str]] = {sid: set() for sid in scenario.scenes}
        for choice in scenario.choices.values():
            for target in goto_targets(choice.goto):
                incoming[target].add(choice.scene)
        can_end: set[str] = set()
        stack = [sid for sid, s in scenario.scenes.items() if s.ending is not None]
        while stack:
            sid = stack.pop()
            if sid in can_end:
                continue
            can_end.add(sid)
            stack.extend(incoming[sid])
        for sid, scene in scenario.scenes.items():
            if sid in reachable and sid not in can_end:
                d.warning(
                    scene.loc, "no-ending", f"no ending can be reached from scene '{sid}' (a trap)"
                )
        revealed = {f for s in scenario.scenes.values() for f in s.reveal}
        for fid, fact in scenario.facts.items():
            if fid not in revealed:
                d.warning(fact.loc, "unused-fact", f"fact '{fid}' is never revealed")
        actors = {c.actor for c in scenario.choices.values()}
        for aid, actor in scenario.actors.items():
            if aid not in actors:
                d.warning(actor.loc, "unused-actor", f"actor '{aid}' is on no choice")
        for vid, var in scenario.variables.items():
            if vid not in self.used_vars:
                d.warning(
                    var.loc,
                    "unused-variable",
                    f"variable '{vid}' is never changed, tested or shown in text",
                )
        carried = {t for c in scenario.choices.values() for t in c.tags}
        for comp in scenario.scoring.competencies:
            if comp not in carried:
                d.warning(
                    self.competency_locs.get(comp, Loc(1, 1)),
                    "unused-competency",
                    f"competency '{comp}' is in the tags of no choice, so nobody can earn it",
                )
        for (first, then), locs in zip(scenario.scoring.order, self.order_locs, strict=False):
            for side, loc in zip((first, then), locs, strict=True):
                if side not in RESERVED_TAGS and side not in carried:
                    d.warning(
                        loc,
                        "unused-competency",
                        f"order rule tag '{side}' is in the tags of no choice",
                    )


def load_scenario_bytes(path: str, data: bytes) -> tuple[Scenario | None, list[Diagnostic]]:
    """Load one scenario; returns the model (None on errors) and every diagnostic."""
    diags = Diagnostics(path)
    text, root = yamltree.read(data, diags)
    scenario = None
    if text is not None and root is not None:
        # Even after YAML-level problems (duplicate keys, tags) the full check runs.
        scenario = _ScenarioLoader(path, data, diags).load(text, root)
    return (scenario if not diags.has_errors else None), diags.sorted()


def load_scenario(path: str | Path) -> tuple[Scenario | None, list[Diagnostic]]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        diags = Diagnostics(str(path))
        diags.error(Loc(1, 1), "unreadable", f"cannot read file: {exc.strerror or exc}")
        return None, diags.items
    return load_scenario_bytes(str(path), data)


def load_scenario_or_raise(path: str | Path) -> Scenario:
    scenario, diagnostics = load_scenario(path)
    if scenario is None:
        raise ContentError([d for d in diagnostics if d.severity == "error"])
    return scenario


def scenario_from_text(source: str, path: str = "<snapshot>") -> Scenario:
    """Rebuild a scenario from stored YAML text (attempt snapshots)."""
    scenario, diagnostics = load_scenario_bytes(path, source.encode("utf-8"))
    if scenario is None:
        raise ContentError([d for d in diagnostics if d.severity == "error"])
    return scenario


def peek_format(node: Any) -> str | None:
    """The ``format`` value of a parsed file, to route it to the right loader."""
    if isinstance(node, YMap):
        fmt = node.items.get("format")
        if fmt is not None and isinstance(fmt[1], YScalar) and isinstance(fmt[1].value, str):
            return fmt[1].value
    return None
