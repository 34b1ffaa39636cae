"""Reading a test file with the scenario loader's :class:`Reader`: located errors, ids checked.

Ids the scenario does not have (choices, scenes, variables) are errors at load time,
before anything runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from frontlijn_game.authoring.golden.case_files import find_case_file, known_ids
from frontlijn_game.authoring.golden.model import (
    BOUND_KEYS,
    CASE_KEYS,
    EXPECT_KEYS,
    STATUSES,
    TESTS_FORMAT,
    TOP_KEYS,
    Bound,
    Expect,
    GoldenCase,
    ScenarioCache,
    TestFile,
)
from frontlijn_game.engine.scoring import VERDICTS
from frontlijn_game.i18n import _
from frontlijn_game.scenario import yamltree
from frontlijn_game.scenario.diagnostics import Diagnostic, Diagnostics, Loc
from frontlijn_game.scenario.loader import SCENARIO_ID, Reader, did_you_mean, load_scenario
from frontlijn_game.scenario.model import ENDING_KINDS, GotoRandom, Scenario, Value, goto_targets
from frontlijn_game.scenario.yamltree import YMap, YNode, YScalar, describe


class _TestsLoader:
    def __init__(self, diags: Diagnostics) -> None:
        self.d = diags
        self.r = Reader(diags)
        self.scenario: Scenario | None = None

    def case(self, node: YNode, index: int) -> GoldenCase | None:
        r = self.r
        what = _("geval {n}").format(n=index)
        m = r.mapping(node, what)
        if m is None:
            return None
        r.keys(m, CASE_KEYS, ("choices",), what)
        name = r.string(r.get(m, "name"), "name") or what
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
            cid = self.r.ident(item, _("keuze-id"))
            if cid is None:
                ok = False
                continue
            sc = self.scenario
            if sc is not None and cid not in sc.choices:
                self.d.error(
                    item.loc,
                    "unknown-choice",
                    _("scenario '{scenario}' heeft geen keuze '{choice}'{hint}").format(
                        scenario=sc.id, choice=cid, hint=did_you_mean(cid, sc.choices)
                    ),
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
            sid = self.r.ident(item, _("trekking"))
            if sid is None:
                ok = False
                continue
            if sc is not None and sid not in sc.scenes:
                self.d.error(
                    item.loc,
                    "unknown-scene",
                    _("trekking '{draw}' is geen scène van '{scenario}'{hint}").format(
                        draw=sid, scenario=sc.id, hint=did_you_mean(sid, outcomes or sc.scenes)
                    ),
                )
                ok = False
            elif sc is not None and sid not in outcomes:
                shown = ", ".join(sorted(outcomes)) or _("(de casus heeft geen willekeurige goto)")
                self.d.error(
                    item.loc,
                    "bad-draw",
                    _(
                        "geen willekeurige goto van '{scenario}' kan naar '{draw}' leiden; "
                        "mogelijke trekkingen: {shown}"
                    ).format(scenario=sc.id, draw=sid, shown=shown),
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
                    _("'{scenario}' heeft geen scène '{scene}'{hint}").format(
                        scenario=sc.id, scene=ending, hint=did_you_mean(ending, endings)
                    ),
                )
            elif ending not in endings:
                self.d.error(
                    ending_node.loc,
                    "not-an-ending",
                    _("scène '{scene}' is geen einde; eindes: {endings}").format(
                        scene=ending, endings=", ".join(endings)
                    ),
                )
        status = self.choice_of(m, "status", STATUSES, "out-of-range")
        if status == "open" and ending is not None:
            self.d.error(
                r.key_loc(m, "status"),
                "contradiction",
                _(
                    "expect noemt een einde én 'status: open'; een poging die bij een einde is, "
                    "is af"
                ),
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
                _("{key} '{value}' is onbekend: gebruik {allowed}{hint}").format(
                    key=key,
                    value=value,
                    allowed=", ".join(allowed),
                    hint=did_you_mean(value, allowed),
                ),
            )
            return None
        return value

    def bound(self, node: YNode, what: str) -> Bound | None:
        """A number (exact) or ``{min, max}`` (either or both, inclusive)."""
        r = self.r
        if isinstance(node, YScalar):
            exact = r.number(node, what)
            return None if exact is None else Bound(exact, exact, node.loc)
        m = r.mapping(
            node, _("de grenzen van {what} ({{min: ..., max: ...}} of een getal)").format(what=what)
        )
        if m is None:
            return None
        r.keys(m, ("min", "max"), (), _("de grenzen van {what}").format(what=what))
        lo = r.number(r.get(m, "min"), _("min van {what}").format(what=what))
        hi = r.number(r.get(m, "max"), _("max van {what}").format(what=what))
        if "min" not in m.items and "max" not in m.items:
            self.d.error(
                m.loc,
                "missing-key",
                _("de grenzen van {what} hebben 'min' of 'max' nodig").format(what=what),
            )
            return None
        if lo is not None and hi is not None and lo > hi:
            self.d.error(
                m.loc, "out-of-range", _("min van {what} ligt boven zijn max").format(what=what)
            )
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
                    _("'{scenario}' declareert geen variabele '{variable}'{hint}").format(
                        scenario=sc.id, variable=key, hint=did_you_mean(key, sc.variables)
                    ),
                )
                continue
            kind = var.kind if var is not None else None
            if kind == "number" or (kind is None and isinstance(value_node, YMap)):
                bound = self.bound(value_node, _("variabele '{variable}'").format(variable=key))
                if bound is not None:
                    out[key] = bound
            elif kind == "bool":
                flag = self.r.boolean(value_node, _("variabele '{variable}'").format(variable=key))
                if flag is not None:
                    out[key] = flag
            elif kind == "string":
                text = self.r.string(value_node, _("variabele '{variable}'").format(variable=key))
                if text is not None:
                    out[key] = text
            elif isinstance(value_node, YScalar) and value_node.value is not None:
                out[key] = value_node.value
            else:
                self.d.error(
                    value_node.loc,
                    "wrong-type",
                    _(
                        "variabele '{variable}' moet een waarde of grenzen zijn, maar is {got}"
                    ).format(variable=key, got=describe(value_node)),
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
        diags.error(
            Loc(1, 1),
            "unreadable",
            _("kan het bestand niet lezen: {error}").format(error=exc.strerror or exc),
        )
        return None, diags.items
    _text, root = yamltree.read(data, diags)
    if root is None:
        return None, diags.sorted()
    loader = _TestsLoader(diags)
    r = loader.r
    top = r.mapping(root, _("een testbestand"), Loc(1, 1))
    if top is None:
        return None, diags.sorted()
    fmt = r.string(r.get(top, "format"), "format")
    if "format" not in top.items:
        diags.error(
            top.loc,
            "missing-key",
            _("het bestand heeft 'format: {format}' nodig").format(format=TESTS_FORMAT),
        )
    elif fmt is not None and fmt != TESTS_FORMAT:
        diags.error(
            r.key_loc(top, "format"),
            "unknown-format",
            _(
                "formaat '{format}' is geen testbestand; testbestanden hebben 'format: {known}'"
            ).format(format=fmt, known=TESTS_FORMAT),
        )
        return None, diags.sorted()
    r.keys(top, TOP_KEYS, ("scenario", "cases"), _("het testbestand"))
    scenario_node = r.get(top, "scenario")
    sid = r.ident(scenario_node, "scenario", SCENARIO_ID)
    extra: list[Diagnostic] = []
    if sid is not None and scenario_node is not None:
        case_path = find_case_file(p, sid, content_dir)
        if case_path is None:
            known = known_ids(p, content_dir)
            where = str(p.parent) + (
                _(" of {folder}").format(folder=content_dir / "scenarios") if content_dir else ""
            )
            diags.error(
                scenario_node.loc,
                "unknown-scenario",
                _(
                    "geen scenario '{scenario}' naast dit bestand of in de inhoudsmap ({where}){hint}"
                ).format(scenario=sid, where=where, hint=did_you_mean(sid, known)),
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
                    _("scenario '{scenario}' ({path}) heeft fouten; los die eerst op").format(
                        scenario=sid, path=case_path
                    ),
                )
    cases: list[GoldenCase] = []
    case_nodes = r.seq(r.get(top, "cases"), "cases")
    if not case_nodes and isinstance(r.get(top, "cases"), yamltree.YSeq):
        diags.error(
            r.key_loc(top, "cases"),
            "missing-key",
            _("een testbestand heeft minstens één geval nodig"),
        )
    for index, node in enumerate(case_nodes, start=1):
        case = loader.case(node, index)
        if case is not None:
            cases.append(case)
    out = diags.sorted() + extra
    if diags.has_errors or loader.scenario is None:
        return None, out
    return TestFile(str(path), loader.scenario, tuple(cases)), out
