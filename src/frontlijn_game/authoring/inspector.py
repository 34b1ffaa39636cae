"""``frontlijn inspect``: every place a name is declared, changed, read or shown.

In a case of sixty scenes a trainer cannot see by eye which choices move ``vertrouwen``,
which guards test it and which texts print it; a wrong ``+10`` three scenes away explains
a lot of strange playtests. This walks the located YAML tree of a loaded (valid) case and
lists every use with ``file:line:col`` and its scene and choice. It covers variables
(declared, set, changed, read in guards and conditional gotos, shown in text), facts
(declared, revealed), actors (declared, carried by choices), scenes (start, gone to,
``visited``), choices (declared, ``chose``) and tags (competencies, order rules, choices).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from frontlijn_game.i18n import _, ngettext
from frontlijn_game.scenario import yamltree
from frontlijn_game.scenario.diagnostics import Diagnostics, Loc
from frontlijn_game.scenario.expressions.language import kind_name
from frontlijn_game.scenario.interpolation import TemplateError, scan
from frontlijn_game.scenario.loader import did_you_mean, locate
from frontlijn_game.scenario.model import Scenario, Value
from frontlijn_game.scenario.yamltree import YMap, YNode, YScalar, YSeq

__all__ = ["Inspection", "Use", "inspect", "known_names", "suggest"]

Kind = Literal["variable", "fact", "actor", "scene", "choice", "tag"]
UseKind = Literal[
    "declared", "set", "add", "read", "shown", "revealed", "carried", "start", "goto", "tagged", "order",
]  # fmt: skip

USE_ORDER: tuple[UseKind, ...] = (
    "declared", "start", "set", "add", "read", "shown", "revealed", "carried", "goto", "tagged",
    "order",
)  # fmt: skip
_TOKEN = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[A-Za-z_][A-Za-z0-9_]*")
_TEMPLATE_KEYS = ("text", "consequence", "feedback")


@dataclass(frozen=True, slots=True)
class Use:
    use: UseKind
    loc: Loc
    scene: str | None = None
    choice: str | None = None
    where: str = ""
    """The key it sits in: ``guard``, ``goto condition``, ``effects``, ``text``..."""
    detail: str = ""

    def to_json(self, file: str) -> dict[str, Any]:
        return {
            "file": file,
            "line": self.loc.line,
            "col": self.loc.col,
            "use": self.use,
            "scene": self.scene,
            "choice": self.choice,
            "where": self.where,
            "detail": self.detail,
        }


@dataclass
class Inspection:
    """Everything about one name of one kind (a name can be, say, a scene and a tag)."""

    kind: Kind
    name: str
    summary: str
    uses: list[Use] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How often each kind of use occurs, in a fixed order (declared, set, add, ...)."""
        found = {kind: sum(1 for u in self.uses if u.use == kind) for kind in USE_ORDER}
        return {kind: n for kind, n in found.items() if n}


def known_names(scenario: Scenario) -> dict[str, list[Kind]]:
    """Every name ``inspect`` understands, with its kinds."""
    names: dict[str, list[Kind]] = {}

    def add(name: str, kind: Kind) -> None:
        kinds = names.setdefault(name, [])
        if kind not in kinds:
            kinds.append(kind)

    for vid in scenario.variables:
        add(vid, "variable")
    for fid in scenario.facts:
        add(fid, "fact")
    for aid in scenario.actors:
        add(aid, "actor")
    for sid in scenario.scenes:
        add(sid, "scene")
    for cid in scenario.choices:
        add(cid, "choice")
    tags = set(scenario.scoring.competencies)
    tags.update(t for c in scenario.choices.values() for t in c.tags)
    tags.update(side for rule in scenario.scoring.order for side in rule)
    tags.update(scenario.scoring.forbidden)
    for tag in sorted(tags):
        add(tag, "tag")
    return names


def suggest(scenario: Scenario, name: str) -> str:
    return did_you_mean(name, known_names(scenario))


def _summary(scenario: Scenario, kind: Kind, name: str) -> str:
    if kind == "variable":
        var = scenario.variables[name]
        initial = repr(var.initial) if var.kind == "string" else str(var.initial)
        if var.kind == "bool":
            initial = initial.lower()
        parts = [kind_name(var.kind), _("begin {value}").format(value=initial)]
        if var.min is not None or var.max is not None:
            lo = "" if var.min is None else str(var.min)
            hi = "" if var.max is None else str(var.max)
            parts.append(_("bereik {low}..{high}").format(low=lo, high=hi))
        if var.label != name:
            parts.append(_('label "{label}"').format(label=var.label))
        parts.append(_("zichtbaar") if var.visible else _("verborgen"))
        return ", ".join(parts)
    if kind == "fact":
        return _short(scenario.facts[name].text)
    if kind == "actor":
        actor = scenario.actors[name]
        return actor.name + (f", {actor.age}" if actor.age is not None else "")
    if kind == "scene":
        scene = scenario.scenes[name]
        title = scene.title or name
        if scene.ending is not None:
            return _('"{title}", einde {kind} (outcome {outcome})').format(
                title=title, kind=scene.ending.kind, outcome=scene.ending.outcome
            )
        return ngettext('"{title}", {n} keuze', '"{title}", {n} keuzes', len(scene.choices)).format(
            title=title, n=len(scene.choices)
        )
    if kind == "choice":
        choice = scenario.choices[name]
        return _('"{text}" in scène {scene}, hulp {help}, sanctie {sanction}').format(
            text=_short(choice.text), scene=choice.scene, help=choice.help, sanction=choice.sanction
        )
    if name in ("help", "sanction"):
        return _("gereserveerde kant van een volgorderegel: elke keuze met {name} > 0").format(
            name=name
        )
    if name in scenario.scoring.forbidden:
        return _("verboden: een regel die elke keuze met deze tag breekt")
    required = scenario.scoring.competencies.get(name)
    if required:
        return ngettext(
            "competentie, {n} punt nodig", "competentie, {n} punten nodig", required
        ).format(n=required)
    return _("tag (geen competentie)")


def _effect(op: str, value: Value) -> str:
    if op == "add":
        return f"+{value}" if isinstance(value, int | float) and value >= 0 else str(value)
    if isinstance(value, bool):
        return "= " + ("true" if value else "false")
    return f'= "{value}"' if isinstance(value, str) else f"= {value}"


def _short(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class _Walker:
    """Walks the YAML tree once and yields the uses of one name of one kind."""

    def __init__(self, scenario: Scenario, root: YMap) -> None:
        self.scenario = scenario
        self.root = root
        self.lines = scenario.source.splitlines()

    def at(self, node: YScalar, offset: int) -> Loc:
        return locate(self.lines, node, offset)

    # -- helpers -------------------------------------------------------------------
    @staticmethod
    def get(m: YMap, key: str) -> YNode | None:
        item = m.items.get(key)
        return None if item is None else item[1]

    def names_in_expression(self, node: YNode | None, name: str) -> Iterator[Loc]:
        if not isinstance(node, YScalar):
            return
        for match in _TOKEN.finditer(node.text):
            if match.group() == name:
                yield self.at(node, match.start())

    def calls_in_expression(self, node: YNode | None, func: str, arg: str) -> Iterator[Loc]:
        if not isinstance(node, YScalar):
            return
        pattern = re.compile(rf"\b{func}\s*\(\s*([\"']){re.escape(arg)}\1\s*\)")
        for match in pattern.finditer(node.text):
            yield self.at(node, match.start())

    def names_in_template(self, node: YNode | None, name: str) -> Iterator[Loc]:
        if not isinstance(node, YScalar) or not isinstance(node.value, str):
            return
        try:
            parts = scan(node.value)
        except TemplateError:  # pragma: no cover - a loaded case has valid templates
            return
        for is_name, text, offset in parts:
            if is_name and text == name:
                yield self.at(node, offset)

    def scenes(self) -> Iterator[tuple[str, Loc, YMap]]:
        scenes = self.get(self.root, "scenes")
        if isinstance(scenes, YMap):
            for sid, (key_loc, node) in scenes.items.items():
                if isinstance(node, YMap):
                    yield sid, key_loc, node

    def choices(self, scene: YMap) -> Iterator[tuple[str, YMap]]:
        items = self.get(scene, "choices")
        if isinstance(items, YSeq):
            for item in items.items:
                if isinstance(item, YMap):
                    cid = self.get(item, "id")
                    if isinstance(cid, YScalar) and isinstance(cid.value, str):
                        yield cid.value, item

    def declared(self, section: str, name: str) -> Iterator[Use]:
        m = self.get(self.root, section)
        if isinstance(m, YMap) and name in m.items:
            yield Use("declared", m.items[name][0], where=section)

    def gotos(self, choice: YMap) -> Iterator[tuple[str, YScalar, YNode | None, str]]:
        """(target, target node, condition node, branch description) per goto target."""
        goto = self.get(choice, "goto")
        if isinstance(goto, YScalar):
            yield str(goto.value), goto, None, ""
        elif isinstance(goto, YSeq):
            for entry in goto.items:
                if isinstance(entry, YMap):
                    target = self.get(entry, "goto")
                    when = self.get(entry, "when")
                    if isinstance(target, YScalar):
                        branch = (
                            _("als {condition}").format(condition=when.text)
                            if isinstance(when, YScalar)
                            else _("anders")
                        )
                        yield str(target.value), target, when, branch
        elif isinstance(goto, YMap):
            options = self.get(goto, "random")
            for option in options.items if isinstance(options, YSeq) else []:
                if isinstance(option, YMap):
                    target = self.get(option, "goto")
                    weight = self.get(option, "weight")
                    if isinstance(target, YScalar):
                        w = weight.text if isinstance(weight, YScalar) else "?"
                        yield (
                            str(target.value),
                            target,
                            None,
                            _("willekeurig, gewicht {weight}").format(weight=w),
                        )

    # -- kinds ---------------------------------------------------------------------
    def variable(self, name: str) -> Iterator[Use]:
        yield from self.declared("variables", name)
        facts = self.get(self.root, "facts")
        if isinstance(facts, YMap):
            for fid, (_loc, fact) in facts.items.items():
                if isinstance(fact, YMap):
                    for loc in self.names_in_template(self.get(fact, "text"), name):
                        yield Use("shown", loc, where=f"text of fact {fid}")
        for sid, _loc, scene in self.scenes():
            for loc in self.names_in_template(self.get(scene, "text"), name):
                yield Use("shown", loc, sid, where="text")
            ending = self.get(scene, "ending")
            if isinstance(ending, YMap):
                for loc in self.names_in_template(self.get(ending, "label"), name):
                    yield Use("shown", loc, sid, where="ending label")
            for cid, choice in self.choices(scene):
                when = self.get(choice, "when")
                for loc in self.names_in_expression(when, name):
                    detail = when.text if isinstance(when, YScalar) else ""
                    yield Use("read", loc, sid, cid, "guard", detail)
                effects = self.get(choice, "effects")
                if isinstance(effects, YMap) and name in effects.items:
                    key_loc = effects.items[name][0]
                    model = self.scenario.choices.get(cid)
                    for effect in model.effects if model is not None else ():
                        if effect.variable == name:
                            yield Use(
                                effect.op,
                                key_loc,
                                sid,
                                cid,
                                "effects",
                                _effect(effect.op, effect.value),
                            )
                for _target, _node, cond, _branch in self.gotos(choice):
                    for loc in self.names_in_expression(cond, name):
                        detail = cond.text if isinstance(cond, YScalar) else ""
                        yield Use("read", loc, sid, cid, "goto condition", detail)
                for key in ("consequence", "feedback"):
                    for loc in self.names_in_template(self.get(choice, key), name):
                        yield Use("shown", loc, sid, cid, key)

    def fact(self, name: str) -> Iterator[Use]:
        yield from self.declared("facts", name)
        for sid, _loc, scene in self.scenes():
            reveal = self.get(scene, "reveal")
            for item in reveal.items if isinstance(reveal, YSeq) else []:
                if isinstance(item, YScalar) and item.value == name:
                    title = self.scenario.scenes[sid].title or ""
                    yield Use("revealed", item.loc, sid, where="reveal", detail=title)

    def actor(self, name: str) -> Iterator[Use]:
        yield from self.declared("actors", name)
        for sid, _loc, scene in self.scenes():
            for cid, choice in self.choices(scene):
                node = self.get(choice, "actor")
                if isinstance(node, YScalar) and node.value == name:
                    model = self.scenario.choices[cid]
                    detail = (
                        f"help {model.help}, sanction {model.sanction}: {_short(model.text, 50)}"
                    )
                    yield Use("carried", node.loc, sid, cid, "actor", detail)

    def scene(self, name: str) -> Iterator[Use]:
        start = self.get(self.root, "start")
        for sid, key_loc, scene in self.scenes():
            if sid == name:
                yield Use("declared", key_loc, sid, where="scenes")
            for cid, choice in self.choices(scene):
                for target, node, _cond, branch in self.gotos(choice):
                    if target == name:
                        yield Use("goto", node.loc, sid, cid, "goto", branch)
                when = self.get(choice, "when")
                for loc in self.calls_in_expression(when, "visited", name):
                    detail = when.text if isinstance(when, YScalar) else ""
                    yield Use("read", loc, sid, cid, "guard", detail)
                for _target, _node, cond, _branch in self.gotos(choice):
                    for loc in self.calls_in_expression(cond, "visited", name):
                        detail = cond.text if isinstance(cond, YScalar) else ""
                        yield Use("read", loc, sid, cid, "goto condition", detail)
        if isinstance(start, YScalar) and start.value == name:
            yield Use("start", start.loc, where="start")

    def choice(self, name: str) -> Iterator[Use]:
        for sid, _loc, scene in self.scenes():
            for cid, choice in self.choices(scene):
                if cid == name:
                    id_node = self.get(choice, "id")
                    loc = id_node.loc if id_node is not None else choice.loc
                    yield Use("declared", loc, sid, cid, "id")
                when = self.get(choice, "when")
                for loc in self.calls_in_expression(when, "chose", name):
                    detail = when.text if isinstance(when, YScalar) else ""
                    yield Use("read", loc, sid, cid, "guard", detail)
                for _target, _node, cond, _branch in self.gotos(choice):
                    for loc in self.calls_in_expression(cond, "chose", name):
                        detail = cond.text if isinstance(cond, YScalar) else ""
                        yield Use("read", loc, sid, cid, "goto condition", detail)

    def tag(self, name: str) -> Iterator[Use]:
        scoring = self.get(self.root, "scoring")
        if isinstance(scoring, YMap):
            comps = self.get(scoring, "competencies")
            if isinstance(comps, YMap) and name in comps.items:
                yield Use("declared", comps.items[name][0], where="scoring.competencies")
            forbidden = self.get(scoring, "forbidden")
            for item in forbidden.items if isinstance(forbidden, YSeq) else []:
                if isinstance(item, YScalar) and item.value == name:
                    yield Use("declared", item.loc, where="scoring.forbidden")
            order = self.get(scoring, "order")
            for rule in order.items if isinstance(order, YSeq) else []:
                if not isinstance(rule, YSeq):
                    continue
                sides = [s for s in rule.items if isinstance(s, YScalar)]
                for index, side in enumerate(sides):
                    if side.value == name:
                        text = _(" vóór ").join(str(s.value) for s in sides)
                        which = _("eerst") if index == 0 else _("dan")
                        yield Use(
                            "order", side.loc, where="scoring.order", detail=f"{text} ({which})"
                        )
        for sid, _loc, scene in self.scenes():
            for cid, choice in self.choices(scene):
                tags = self.get(choice, "tags")
                for item in tags.items if isinstance(tags, YSeq) else []:
                    if isinstance(item, YScalar) and item.value == name:
                        yield Use(
                            "tagged",
                            item.loc,
                            sid,
                            cid,
                            "tags",
                            _short(self.scenario.choices[cid].text, 50),
                        )


def inspect(scenario: Scenario, name: str) -> list[Inspection]:
    """Every kind ``name`` has in ``scenario`` with its uses in file order; [] if unknown."""
    kinds = known_names(scenario).get(name, [])
    if not kinds:
        return []
    root = yamltree.parse(scenario.source, Diagnostics(scenario.path))
    if not isinstance(root, YMap):  # pragma: no cover - a loaded case is a mapping
        return []
    walker = _Walker(scenario, root)
    out = []
    for kind in kinds:
        uses = sorted(set(getattr(walker, kind)(name)), key=lambda u: (u.loc, u.use))
        out.append(Inspection(kind, name, _summary(scenario, kind, name), uses))
    return out
