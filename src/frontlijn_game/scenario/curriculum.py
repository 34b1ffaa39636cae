"""Curriculum format ``frontlijn/curriculum@1`` and the pass rules the store and screens call."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from frontlijn_game.i18n import _
from frontlijn_game.scenario import yamltree
from frontlijn_game.scenario.diagnostics import Diagnostic, Diagnostics, Loc
from frontlijn_game.scenario.loader import SCENARIO_ID, Reader, did_you_mean
from frontlijn_game.scenario.model import (
    ENDING_KINDS,
    REVEAL_BEST,
    Curriculum,
    EndingKind,
    Module,
    PassRule,
    RevealBest,
    Scenario,
)
from frontlijn_game.scenario.yamltree import YMap, YSeq

CURRICULUM_FORMAT = "frontlijn/curriculum@1"
TOP_KEYS = ("format", "id", "title", "description", "modules")
MODULE_KEYS = ("id", "title", "requires", "scenarios", "pass", "reveal_best")
PASS_KEYS = ("min_score", "ending_kind")


def load_curriculum_bytes(path: str, data: bytes) -> tuple[Curriculum | None, list[Diagnostic]]:
    diags = Diagnostics(path)
    _text, root = yamltree.read(data, diags)
    if root is None:
        return None, diags.sorted()
    r = Reader(diags)
    top = r.mapping(root, "a curriculum file", Loc(1, 1))
    if top is None:
        return None, diags.sorted()
    fmt = r.string(r.get(top, "format"), "format")
    if "format" not in top.items:
        diags.error(
            top.loc,
            "missing-key",
            _("het bestand heeft 'format: {format}' nodig").format(format=CURRICULUM_FORMAT),
        )
    elif fmt is not None and fmt != CURRICULUM_FORMAT:
        diags.error(
            r.key_loc(top, "format"),
            "unknown-format",
            _("formaat '{format}' wordt niet ondersteund; deze versie leest '{known}'").format(
                format=fmt, known=CURRICULUM_FORMAT
            ),
        )
        return None, diags.sorted()
    r.keys(top, TOP_KEYS, ("id", "title", "modules"), _("het curriculum"))
    cid = r.ident(r.get(top, "id"), _("curriculum-id"), SCENARIO_ID)
    title = r.string(r.get(top, "title"), "title")
    description = r.string(r.get(top, "description"), "description")
    modules: list[Module] = []
    seen: dict[str, Loc] = {}
    requires_at: dict[str, list[Loc]] = {}
    module_nodes = r.seq(r.get(top, "modules"), "modules")
    if not module_nodes and "modules" in top.items:
        diags.error(
            r.key_loc(top, "modules"),
            "missing-key",
            _("een curriculum heeft minstens één module nodig"),
        )
    for node in module_nodes:
        m = r.mapping(node, _("een module"))
        if m is None:
            continue
        found = _module(r, m, diags)
        if found is None:
            continue
        module, req_locs = found
        if module.id in seen:
            id_node = r.get(m, "id")
            diags.error(
                id_node.loc if id_node is not None else module.loc,
                "duplicate-id",
                _(
                    "module-id '{id}' is al gebruikt op regel {line}; module-ids zijn uniek in "
                    "een curriculum"
                ).format(id=module.id, line=seen[module.id].line),
            )
            continue
        seen[module.id] = module.loc
        requires_at[module.id] = req_locs
        modules.append(module)
    for module in modules:
        for req, loc in zip(module.requires, requires_at[module.id], strict=True):
            if req not in seen:
                diags.error(
                    loc,
                    "unknown-module",
                    _(
                        "module '{module}' vereist module '{required}', die dit curriculum niet "
                        "heeft{hint}"
                    ).format(module=module.id, required=req, hint=did_you_mean(req, seen)),
                )
    for cycle in _find_cycles(modules):
        first = next(m for m in modules if m.id == cycle[-2])
        where = requires_at[first.id][first.requires.index(cycle[-1])]
        message = (
            _("module '{module}' vereist zichzelf").format(module=first.id)
            if len(cycle) == 2
            else _(
                "modules vereisen elkaar in een kring, dus geen van hen kan ooit opengaan: {cycle}"
            ).format(cycle=" -> ".join(cycle))
        )
        diags.error(where, "requires-cycle", message)
    if diags.has_errors or cid is None or title is None:
        return None, diags.sorted()
    return Curriculum(cid, title, tuple(modules), path, description), diags.sorted()


def _module(r: Reader, m: YMap, diags: Diagnostics) -> tuple[Module, list[Loc]] | None:
    """The module and the position of each of its ``requires``."""
    mid = r.ident(r.get(m, "id"), _("module-id"))
    r.keys(
        m,
        MODULE_KEYS,
        ("id", "scenarios"),
        _("module '{module}'").format(module=mid) if mid else _("een module"),
    )
    title = r.string(r.get(m, "title"), "title")
    required = r.ident_list(r.get(m, "requires"), _("vereiste module"), "requires")
    requires = tuple(x for x, _loc in required)
    scenarios: list[str] = []
    for item in r.seq(r.get(m, "scenarios"), "scenarios"):
        sid = r.ident(item, _("scenario-id"), SCENARIO_ID)
        if sid is not None:
            scenarios.append(sid)
    scenarios_node = r.get(m, "scenarios")
    if isinstance(scenarios_node, YSeq) and not scenarios_node.items:
        diags.error(
            r.key_loc(m, "scenarios"),
            "missing-key",
            _("een module heeft minstens één scenario nodig"),
        )
    min_score = Fraction(0)
    kinds: tuple[EndingKind, ...] | None = None
    pass_node = r.get(m, "pass")
    p = r.mapping(pass_node, "pass") if pass_node is not None else None
    if p is not None:
        r.keys(p, PASS_KEYS, (), "pass")
        score_node = r.get(p, "min_score")
        if score_node is not None:
            value = r.number(score_node, "min_score")
            if value is not None and not 0 <= value <= 100:
                diags.error(
                    score_node.loc,
                    "out-of-range",
                    _("min_score moet 0..100 zijn, maar is {value}").format(
                        value=f"{float(value):g}"
                    ),
                )
            elif value is not None:
                min_score = value
        kind_node = r.get(p, "ending_kind")
        if kind_node is not None:
            found: list[EndingKind] = []
            for item in r.seq(kind_node, "ending_kind"):
                kind = r.string(item, _("soort einde"))
                if kind is None:
                    continue
                if kind not in ENDING_KINDS:
                    diags.error(
                        item.loc,
                        "bad-ending-kind",
                        _(
                            "soort einde '{kind}' is onbekend: gebruik good, mixed of bad{hint}"
                        ).format(kind=kind, hint=did_you_mean(kind, ENDING_KINDS)),
                    )
                    continue
                found.append("good" if kind == "good" else "mixed" if kind == "mixed" else "bad")
            if isinstance(kind_node, YSeq) and not kind_node.items:
                diags.error(
                    kind_node.loc,
                    "bad-ending-kind",
                    _(
                        "ending_kind is leeg, dus geen poging kan slagen: noem good, mixed of "
                        "bad, of laat ending_kind weg"
                    ),
                )
            kinds = tuple(found)
    reveal = _reveal_best(r, m, diags)
    if mid is None:
        return None
    rule = PassRule(min_score, kinds)
    module = Module(mid, title, requires, tuple(scenarios), rule, m.loc, reveal)
    return module, [loc for _id, loc in required]


def _reveal_best(r: Reader, m: YMap, diags: Diagnostics) -> RevealBest:
    """``reveal_best``: whether the debrief names the best option before a pass."""
    node = r.get(m, "reveal_best")
    value = r.string(node, "reveal_best")
    if value is None or node is None:
        return "after_pass"
    for allowed in REVEAL_BEST:
        if value == allowed:
            return allowed
    diags.error(
        node.loc,
        "out-of-range",
        _("reveal_best moet after_pass, always of never zijn, maar is '{value}'{hint}").format(
            value=value, hint=did_you_mean(value, REVEAL_BEST)
        ),
    )
    return "after_pass"


def _find_cycles(modules: list[Module]) -> list[list[str]]:
    """Every circle of ``requires`` found by one depth-first walk, as ``[a, b, ..., a]``."""
    graph = {m.id: list(dict.fromkeys(m.requires)) for m in modules}
    state: dict[str, int] = {}
    path: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, []):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif state.get(nxt) is None:
                visit(nxt)
        path.pop()
        state[node] = 2

    for module in modules:
        if state.get(module.id) is None:
            visit(module.id)
    return cycles


def load_curriculum(path: str | Path) -> tuple[Curriculum | None, list[Diagnostic]]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        diags = Diagnostics(str(path))
        diags.error(
            Loc(1, 1),
            "unreadable",
            _("kan het bestand niet lezen: {error}").format(error=exc.strerror or exc),
        )
        return None, diags.items
    return load_curriculum_bytes(str(path), data)


def check_curriculum(curriculum: Curriculum, scenarios: Mapping[str, Scenario]) -> list[Diagnostic]:
    """Cross-file check: every scenario a module names must exist in the content folder."""
    diags = Diagnostics(curriculum.path)
    for module in curriculum.modules:
        for sid in module.scenarios:
            if sid not in scenarios:
                diags.error(
                    module.loc,
                    "unknown-scenario",
                    _("module '{module}' noemt een onbekend scenario '{id}'{hint}").format(
                        module=module.id, id=sid, hint=did_you_mean(sid, scenarios)
                    ),
                )
    return diags.sorted()


# -- pass rules -----------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptResult:
    """What the pass rules need of one finished attempt."""

    scenario_id: str
    total: Fraction | float
    ending_kind: str | None


def attempt_passes(rule: PassRule, attempt: AttemptResult) -> bool:
    if Fraction(attempt.total) < rule.min_score:
        return False
    return rule.ending_kind is None or attempt.ending_kind in rule.ending_kind


def module_passed(module: Module, finished: Iterable[AttemptResult]) -> bool:
    """Passed when every scenario has at least one finished attempt that meets the rule."""
    passed = {a.scenario_id for a in finished if attempt_passes(module.pass_rule, a)}
    return all(sid in passed for sid in module.scenarios)


@dataclass(frozen=True)
class ModuleStatus:
    module: Module
    open: bool
    passed: bool


def curriculum_status(
    curriculum: Curriculum, finished: Iterable[AttemptResult]
) -> list[ModuleStatus]:
    """Per module: open (all ``requires`` passed) and passed, in curriculum order."""
    attempts = list(finished)
    passed = {m.id: module_passed(m, attempts) for m in curriculum.modules}
    return [
        ModuleStatus(m, all(passed.get(r, False) for r in m.requires), passed[m.id])
        for m in curriculum.modules
    ]


FREE_PLAY_RULE = PassRule(Fraction(70), None)
"""The pass rule of a case in no curriculum module (free play): 70 with any ending."""


def best_may_be_named(
    scenario_id: str, curricula: Iterable[Curriculum], finished: Iterable[AttemptResult]
) -> bool:
    """May the debrief name the option the best continuation takes (and the rest of its path)?

    The one place this is decided, for every door, so that a debrief is not an answer key
    a second attempt can copy. Each module of ``curricula`` that holds the case has its
    say through ``reveal_best``: ``always`` allows it, ``never`` forbids it, ``after_pass``
    (the default) allows it once one of ``finished`` (this trainee's finished attempts,
    the current one included) meets that module's pass rule. A case in several modules is
    named only when every one of them allows it (the strictest wins). A case in none is
    free play: ``after_pass`` under :data:`FREE_PLAY_RULE`.
    """
    mine = [a for a in finished if a.scenario_id == scenario_id]
    says: list[tuple[RevealBest, PassRule]] = [
        (m.reveal_best, m.pass_rule)
        for c in curricula
        for m in c.modules
        if scenario_id in m.scenarios
    ] or [("after_pass", FREE_PLAY_RULE)]
    for reveal, rule in says:
        if reveal == "never":
            return False
        if reveal == "after_pass" and not any(attempt_passes(rule, a) for a in mine):
            return False
    return True
