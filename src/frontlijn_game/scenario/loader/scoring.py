"""``scoring``: the target balance, the weights, competencies and the process rules.

Numbers are read as exact fractions of their written text, so the scoring module computes
with the very 0.3 the trainer wrote.
"""

from __future__ import annotations

from fractions import Fraction

from frontlijn_game.i18n import _, decimals
from frontlijn_game.scenario.diagnostics import Loc
from frontlijn_game.scenario.loader import optional_keys as extra
from frontlijn_game.scenario.loader.context import LoadContext
from frontlijn_game.scenario.loader.keys import RESERVED_TAGS, SCORING_KEYS, WEIGHT_KEYS
from frontlijn_game.scenario.model import Scoring, Weights
from frontlijn_game.scenario.yamltree import YMap, YNode, YSeq, describe


def read_scoring(ctx: LoadContext, node: YNode | None, key_loc: Loc) -> Scoring | None:
    r = ctx.r
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
                ctx.d.error(
                    band_node.loc,
                    "bad-target-balance",
                    _("target_balance moet twee getallen zijn [laag, hoog]"),
                )
            ok = False
        else:
            lo, hi = values[0], values[1]
            assert lo is not None and hi is not None
            if not (0 <= lo <= hi <= 1):
                ctx.d.error(
                    band_node.loc,
                    "bad-target-balance",
                    _("target_balance heeft 0 <= laag <= hoog <= 1 nodig"),
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
            ctx.d.error(
                tol_node.loc,
                "out-of-range",
                _("tolerance moet boven 0 en hoogstens 1 zijn, maar is {value}").format(
                    value=f"{float(tol):g}"
                ),
            )
            ok = False
        else:
            tolerance = tol
    weights = Weights(Fraction(2, 5), Fraction(2, 5), Fraction(1, 5))
    w_node = r.get(m, "weights")
    weights_read = w_node is None
    """False while written weights are wrong: the defaults then say nothing about them."""
    w_map = r.mapping(w_node, "weights") if w_node is not None else None
    if w_node is not None and w_map is None:
        ok = False
    if w_map is not None:
        r.keys(w_map, WEIGHT_KEYS, WEIGHT_KEYS, "weights")
        parts = [r.number(r.get(w_map, k), _("gewicht '{key}'").format(key=k)) for k in WEIGHT_KEYS]
        if all(p is not None for p in parts):
            b, o, p = (x for x in parts if x is not None)
            if min(b, o, p) < 0:
                ctx.d.error(w_map.loc, "bad-weights", _("gewichten mogen niet negatief zijn"))
                ok = False
            elif abs(float(b + o + p) - 1) > 1e-9:
                ctx.d.error(
                    w_map.loc,
                    "bad-weights",
                    _("de gewichten moeten samen 1 zijn, ze zijn samen {total}").format(
                        total=decimals(f"{float(b + o + p):g}")
                    ),
                )
                ok = False
            else:
                weights = Weights(b, o, p)
                weights_read = True
        else:
            ok = False
    competencies: dict[str, int] = {}
    c_map = r.mapping(r.get(m, "competencies"), "competencies")
    if c_map is not None:
        for key, (key_loc, item) in c_map.items.items():
            if not r.key_ident(key, key_loc, _("competentie")):
                continue
            if key in RESERVED_TAGS:
                ctx.d.error(
                    key_loc,
                    "reserved-tag",
                    _("'{tag}' is gereserveerd en kan geen competentie-tag zijn").format(tag=key),
                )
                continue
            count = r.integer(item, _("competentie '{tag}'").format(tag=key), 1, None)
            if count is not None:
                competencies[key] = count
                ctx.competency_locs[key] = key_loc
    order: list[tuple[str, str]] = []
    for rule in r.seq(r.get(m, "order"), "order"):
        if not isinstance(rule, YSeq) or len(rule.items) != 2:
            ctx.d.error(
                rule.loc,
                "wrong-type",
                _(
                    "een volgorderegel is een paar [eerst, dan], maar dit is {got}; schrijf "
                    "order als een lijst van paren: [[situatieanalyse, sanction]]"
                ).format(got=describe(rule)),
            )
            continue
        sides = rule.items
        names = [r.ident(s, _("kant van een volgorderegel")) for s in sides]
        if len(names) == 2 and names[0] is not None and names[1] is not None:
            order.append((names[0], names[1]))
            ctx.order_locs.append((sides[0].loc, sides[1].loc))
    forbidden, ctx.forbidden_locs, forbidden_ok = extra.forbidden(
        r, r.get(m, "forbidden"), competencies
    )
    ok = ok and forbidden_ok
    no_rules = not competencies and not order and not forbidden
    if no_rules and weights_read and weights.process != 0:
        process_without_rules(ctx, w_map, key_loc, weights.process)
        ok = False
    if not ok or band is None:
        return None
    return Scoring(band, tolerance, weights, competencies, tuple(order), forbidden)


def process_without_rules(
    ctx: LoadContext, w_map: YMap | None, key_loc: Loc, weight: Fraction
) -> None:
    """DESIGN: no competencies, order or forbidden rules means no process score, so its
    weight must be 0. Say what to add, at the weight written or (defaults) at 'scoring'."""
    where = key_loc if w_map is None else ctx.value_loc(w_map, "process")
    given = (
        _("weights.process is {weight}")
        if w_map is not None
        else _("de standaardgewichten geven process {weight}")
    ).format(weight=f"{float(weight):g}")
    ctx.d.error(
        where,
        "process-weight-without-rules",
        _(
            "deze casus heeft geen competencies, order of forbidden, dus er is geen "
            "score voor het proces, maar {given}: zet competencies, order of forbidden onder "
            "'scoring', of schrijf 'weights: {{balance: 0.5, outcome: 0.5, process: 0}}'"
        ).format(given=given),
    )
