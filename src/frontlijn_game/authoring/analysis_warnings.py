"""Warnings that need the path analysis: what no static check of the file can prove.

``frontlijn validate`` calls :func:`analysis_warnings` for every valid scenario (unless
``--no-analysis``). The search is bounded by a time budget and a state bound:

* what *exists* (a dead end, a step that errors, a pure path that wins) is reported even
  when the search did not finish: the path it gives is real;
* what holds in *every* state (a guard never true, an ending or the target band never
  reached) is only reported when the search saw every state (for guards and endings the
  states without their scores suffice, a much smaller space); otherwise it is skipped
  silently, so ``--strict`` never fails on a case merely because it is large
  (``frontlijn paths`` tells how far the search got).

Codes (stable, documented in docs/trainers.md): ``no-choice-offered``, ``runtime-error``,
``pure-path-wins``, ``guard-never-true``, ``unreachable-ending``, ``band-unreachable``,
and from the exact assessment figures (:mod:`frontlijn_game.engine.assessment`, DESIGN.md
"Assessment integrity"): ``random-pass``, ``position-cue``, ``length-cue``,
``bad-ending-passes``, ``verdict-ending`` (each names a real path or a positive chance, so
they hold even when the search was cut short); ``pass-without-ending`` is the curriculum
check of :func:`curriculum_warnings`. All are warnings (errors under ``--strict``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from fractions import Fraction

from frontlijn_game.engine.assessment import Assessment, Figures, PassRuleFor, Witness, assess
from frontlijn_game.engine.machine import MAX_DECISIONS
from frontlijn_game.engine.paths import PathReport, RunSummary, analyse, static_reachable
from frontlijn_game.engine.scoring import round_half_up
from frontlijn_game.i18n import N_, _, decimals, grouped
from frontlijn_game.scenario.diagnostics import NOWHERE, Diagnostic, Loc
from frontlijn_game.scenario.model import Curriculum, Scenario, goto_targets

__all__ = [
    "CODES",
    "MAX_STATES",
    "PURE_LIMIT",
    "TIME_BUDGET",
    "analysis_warnings",
    "curriculum_warnings",
    "describe_path",
]

CODES = (
    "no-choice-offered",
    "runtime-error",
    "pure-path-wins",
    "guard-never-true",
    "unreachable-ending",
    "band-unreachable",
    "random-pass",
    "position-cue",
    "length-cue",
    "bad-ending-passes",
    "verdict-ending",
    "pass-without-ending",
)
"""Every code this module reports (all warnings), for the docs and their test."""

TIME_BUDGET = 1.0
"""Seconds of search per case."""
MAX_STATES = 100_000
ASSESSMENT_TIME_BUDGET = 10.0
ASSESSMENT_MAX_STATES = 1_000_000
"""The assessment figures get more room: cut short, its chances are only lower bounds, so
a case could pass ``--strict`` while random choosing passes it too often (the bundled
cases need 1–5 s of one core)."""
PURE_LIMIT = 60
"""A path without any help or without any sanction must stay below this total."""
RANDOM_PASS_LIMIT = Fraction(2, 100)
"""Random choosing may pass a rule with at most this chance."""
FREE_PLAY_BAD_LIMIT = Fraction(60)
"""A bad ending of a case in no curriculum must stay below this total."""
SHOWN_STEPS = 8

_TARGET_BALANCE = re.compile(r"^[^#\n]*?\b(target_balance)\s*:", re.MULTILINE)


def describe_path(choices: Sequence[str], draws: Sequence[str] = ()) -> str:
    """``a, b, c`` (long paths shortened), with the draws a random goto needs."""
    if not choices:
        text = _("(geen beslissingen)")
    elif len(choices) > SHOWN_STEPS:
        text = _("{first}, ... ({n} beslissingen)").format(
            first=", ".join(choices[:SHOWN_STEPS]), n=len(choices)
        )
    else:
        text = ", ".join(choices)
    if draws:
        shown = ", ".join(draws[:SHOWN_STEPS]) + (", ..." if len(draws) > SHOWN_STEPS else "")
        text += _(" (trekkingen: {draws})").format(draws=shown)
    return text


def _target_balance_loc(scenario: Scenario) -> Loc:
    match = _TARGET_BALANCE.search(scenario.source)
    if match is None:
        return NOWHERE
    start = match.start(1)
    line = scenario.source.count("\n", 0, start) + 1
    col = start - (scenario.source.rfind("\n", 0, start) + 1) + 1
    return Loc(line, col)


def _total(run: RunSummary) -> str:
    return decimals(f"{round_half_up(run.total, 1):.1f}")


def analysis_warnings(
    scenario: Scenario,
    time_budget: float = TIME_BUDGET,
    max_states: int = MAX_STATES,
    report: PathReport | None = None,
    curricula: Sequence[Curriculum] = (),
    assessment: Assessment | None = None,
) -> list[Diagnostic]:
    """Located warnings from a bounded path analysis of ``scenario`` (see module doc).

    ``curricula`` give the pass rules of the modules holding the case (none: free play).
    """
    if report is None:
        report = analyse(scenario, max_states=max_states, time_budget=time_budget)
    if assessment is None:
        # The defaults of the search give the assessment its own, larger room; bounds a
        # caller set on purpose hold for both.
        defaults = (time_budget, max_states) == (TIME_BUDGET, MAX_STATES)
        assessment = assess(
            scenario,
            curricula,
            max_states=ASSESSMENT_MAX_STATES if defaults else max_states,
            time_budget=ASSESSMENT_TIME_BUDGET if defaults else time_budget,
        )
    out: list[Diagnostic] = []
    file = scenario.path

    def warn(loc: Loc, code: str, message: str) -> None:
        out.append(Diagnostic(file, loc.line, loc.col, "warning", message, code))

    for dead in report.dead_ends:
        warn(
            scenario.scenes[dead.scene].loc,
            "no-choice-offered",
            _(
                "in scène '{scene}' wordt geen keuze aangeboden (elke voorwaarde is onwaar) "
                "na: {path}"
            ).format(scene=dead.scene, path=describe_path(dead.choices, dead.draws)),
        )
    for err in report.errors:
        loc = scenario.choices[err.choice].loc if err.choice else scenario.scenes[err.scene].loc
        warn(
            loc,
            "runtime-error",
            _("{error} (bij '{choice}' na: {path})").format(
                error=err.message, choice=err.choice, path=describe_path(err.choices, err.draws)
            )
            if err.choice
            else _("{error} (in de toestand waarin de casus begint)").format(error=err.message),
        )
    for side, best, good in (
        (_("sanctie"), report.only_help, report.good_only_help),
        (_("hulp"), report.only_sanction, report.good_only_sanction),
    ):
        if good is not None:
            warn(
                scenario.scenes[good.ending].loc,
                "pure-path-wins",
                _(
                    "goed einde '{ending}' is te bereiken zonder enige {side} "
                    "(totaal {total}): {path}"
                ).format(
                    ending=good.ending,
                    side=side,
                    total=_total(good),
                    path=describe_path(good.choices, good.draws),
                ),
            )
        elif best is not None and best.total >= PURE_LIMIT:
            warn(
                scenario.scenes[best.ending].loc,
                "pure-path-wins",
                _(
                    "een pad zonder enige {side} scoort {total} (onder {limit} verwacht): {path}"
                ).format(
                    side=side,
                    total=_total(best),
                    limit=PURE_LIMIT,
                    path=describe_path(best.choices, best.draws),
                ),
            )
    _assessment_warnings(scenario, assessment, warn)
    if report.reach_complete:
        _universal(scenario, report, warn)
    out.sort(key=lambda d: (d.line, d.col, d.code))
    return out


def _decisions_to(scenario: Scenario) -> dict[str, int]:
    """The fewest decisions to enter each scene, ignoring guards (breadth-first)."""
    distance = {scenario.start: 0}
    frontier = [scenario.start]
    while frontier:
        following: list[str] = []
        for sid in frontier:
            for choice in scenario.scenes[sid].choices:
                for target in goto_targets(choice.goto):
                    if target not in distance:
                        distance[target] = distance[sid] + 1
                        following.append(target)
        frontier = following
    return distance


def _universal(
    scenario: Scenario, report: PathReport, warn: Callable[[Loc, str, str], None]
) -> None:
    """The warnings that claim something about every reachable state."""
    reachable = static_reachable(scenario)
    for choice in scenario.choices.values():
        if (
            choice.when is not None
            and choice.scene in report.scenes_entered
            and choice.id not in report.offered_choices
        ):
            warn(
                choice.loc,
                "guard-never-true",
                _(
                    "keuze '{choice}' wordt nooit aangeboden: haar voorwaarde '{guard}' is "
                    "onwaar in elke bereikbare toestand van scène '{scene}'"
                ).format(choice=choice.id, guard=choice.when.text, scene=choice.scene),
            )
    distance: dict[str, int] | None = None
    for sid in report.unreachable_endings:
        if sid not in reachable:  # the loader already says unreachable-scene
            continue
        if distance is None:
            distance = _decisions_to(scenario)
        steps = distance.get(sid, 0)
        if steps > MAX_DECISIONS:  # no guard is to blame: the engine's cap is
            message = _(
                "einde '{ending}' is nooit te bereiken: de kortste weg erheen kost {steps} "
                "beslissingen, en de engine stopt elke poging na {limit}; verdeel de casus "
                "of maak de weg korter"
            ).format(ending=sid, steps=grouped(steps), limit=grouped(MAX_DECISIONS))
        else:
            message = _(
                "einde '{ending}' is nooit te bereiken: de voorwaarden op de weg erheen zijn "
                "nooit allemaal waar"
            ).format(ending=sid)
        warn(scenario.scenes[sid].loc, "unreachable-ending", message)
    if report.complete and report.in_band is None and report.reachable_endings:
        lo, hi = scenario.scoring.target_balance
        warn(
            _target_balance_loc(scenario),
            "band-unreachable",
            _(
                "geen pad eindigt met zijn balans binnen target_balance [{low}, {high}]: "
                "elke poging scoort onder 100 op balans"
            ).format(low=round_half_up(lo, 2), high=round_half_up(hi, 2)),
        )


# ---------------------------------------------------------------------------- assessment


def _pct(chance: Fraction) -> str:
    shown = round_half_up(chance * 100, 1)
    return decimals("<0.1%" if chance > 0 and shown == 0 else f"{shown:.1f}%")


def rule_text(rule: PassRuleFor) -> str:
    """``module 'jongeren' (70 or more, ending good/mixed)``, or free play's rule."""
    score = _("{score} of meer").format(score=decimals(f"{round_half_up(rule.min_score, 1):g}"))
    kinds = (
        _("elk einde")
        if rule.ending_kind is None
        else _("einde {kinds}").format(kinds="/".join(rule.ending_kind))
    )
    where = (
        _("vrij spel") if rule.module is None else _("module '{module}'").format(module=rule.module)
    )
    return f"{where} ({score}, {kinds})"


_HABIT_TEXT = {
    "first": N_("de eerste optie"),
    "second": N_("de tweede optie"),
    "third": N_("de derde optie (of de laatste, als er minder zijn)"),
    "last": N_("de laatste optie"),
    "longest": N_("de optie met de langste tekst"),
    "shortest": N_("de optie met de kortste tekst"),
}


def _assessment_warnings(
    scenario: Scenario, assessment: Assessment, warn: Callable[[Loc, str, str], None]
) -> None:
    """random-pass, position-cue, length-cue, bad-ending-passes and verdict-ending."""
    for rule, chance in zip(assessment.rules, assessment.random.passes, strict=True):
        if chance > RANDOM_PASS_LIMIT:
            warn(
                _target_balance_loc(scenario),
                "random-pass",
                _(
                    "willekeurig kiezen haalt {rule} met een kans van {chance} (hoogstens "
                    "{limit} verwacht): laat de zwakke opties meer kosten (outcome, balans, "
                    "proces), zodat alleen een doordacht pad slaagt"
                ).format(rule=rule_text(rule), chance=_pct(chance), limit=_pct(RANDOM_PASS_LIMIT)),
            )
    for code, names in (
        ("position-cue", ("first", "second", "third", "last")),
        ("length-cue", ("longest", "shortest")),
    ):
        shown: set[tuple[str, ...]] = set()
        for name in names:
            figures = assessment.habits[name]
            witness = figures.witness
            if witness is None or witness.choices in shown:
                continue  # the same path as a habit already named (e.g. third = last)
            shown.add(witness.choices)
            fix = (
                _(
                    "wissel de plaats van de sterkste optie af (en zet alleen een optie als "
                    "'geen van deze' vast met position: last)"
                )
                if code == "position-cue"
                else _("schrijf opties van vergelijkbare lengte en toon")
            )
            cue = witness.first_choice if code == "position-cue" else _length_cue(scenario, witness)
            if cue is None:
                continue  # the lengths never differ where it chose: file order decided
            loc = scenario.choices[cue].loc
            warn(
                loc,
                code,
                _(
                    "altijd {habit} kiezen bereikt '{ending}' (totaal {total}; {chances}): "
                    "{fix}: {path}"
                ).format(
                    habit=_(_HABIT_TEXT[name]),
                    ending=witness.ending,
                    total=decimals(f"{round_half_up(witness.total, 1):.1f}"),
                    chances=_habit_chances(assessment, figures),
                    fix=fix,
                    path=describe_path(witness.choices, witness.draws),
                ),
            )
    modules = [r for r in assessment.rules if r.module is not None]
    limit = min((r.min_score for r in modules), default=FREE_PLAY_BAD_LIMIT)
    for sid, best in assessment.best_bad.items():
        if round_half_up(best, 1) >= limit:
            why = (
                _("de laagste slaaggrens van een module met deze casus")
                if modules
                else _("vrij spel")
            )
            warn(
                scenario.scenes[sid].loc,
                "bad-ending-passes",
                _(
                    "slecht einde '{ending}' kan {total} scoren (minstens {limit}, {why}): "
                    "een verhaal dat misgaat mag niet slagen; verlaag zijn outcome of laat de "
                    "weg erheen balans- en procespunten kosten"
                ).format(
                    ending=sid,
                    total=decimals(f"{round_half_up(best, 1):.1f}"),
                    limit=decimals(f"{round_half_up(limit, 1):g}"),
                    why=why,
                ),
            )
    good = assessment.random.good
    for sid, verdicts in assessment.off_balance_good.items():
        named = ", ".join(
            _("'{verdict}' ({share} van de goede eindes bij willekeurig kiezen)").format(
                verdict=v, share=_pct(chance / good)
            )
            for v, chance in sorted(verdicts.items())
        )
        warn(
            scenario.scenes[sid].loc,
            "verdict-ending",
            _(
                "goed einde '{ending}' is te bereiken met het oordeel {verdicts}: een goed "
                "einde hoort een balans binnen target_balance te vragen; laat de weg erheen "
                "van zowel hulp als sanctie afhangen"
            ).format(ending=sid, verdicts=named),
        )


def _length_cue(scenario: Scenario, witness: Witness) -> str | None:
    """The first choice on the path that is strictly the longest or shortest offered."""
    for cid, offered in zip(witness.choices, witness.offered, strict=True):
        lengths = sorted(len(scenario.choices[c].text) for c in offered)
        own = len(scenario.choices[cid].text)
        if len(offered) > 1 and (
            (own == lengths[-1] and lengths[-2] < own) or (own == lengths[0] and lengths[1] > own)
        ):
            return cid
    return None


def _habit_chances(assessment: Assessment, figures: Figures) -> str:
    best = max(range(len(assessment.rules)), key=lambda i: figures.passes[i])
    return _("kans op een goed einde {good}, op het halen van {rule} {passes}").format(
        good=_pct(figures.good),
        rule=rule_text(assessment.rules[best]),
        passes=_pct(figures.passes[best]),
    )


def curriculum_warnings(curriculum: Curriculum) -> list[Diagnostic]:
    """``pass-without-ending``: a module's pass rule that any ending, a bad one too, meets."""
    out = []
    for module in curriculum.modules:
        if module.pass_rule.ending_kind is None:
            out.append(
                Diagnostic(
                    curriculum.path,
                    module.loc.line,
                    module.loc.col,
                    "warning",
                    _(
                        "module '{module}' slaagt op min_score alleen, dus een slecht einde met "
                        "een hoog totaal slaagt ook: noem de eindes die tellen, bijv. "
                        "pass: {{min_score: 70, ending_kind: [good, mixed]}}"
                    ).format(module=module.id),
                    "pass-without-ending",
                )
            )
    return out
