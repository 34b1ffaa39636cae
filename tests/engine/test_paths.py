"""Path analysis agrees with a brute-force enumeration of every playthrough."""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

import pytest

from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.machine import MAX_DECISIONS, NoChoiceOffered
from frontlijn_game.engine.paths import (
    FutureKey,
    Futures,
    PathReport,
    RunSummary,
    analyse,
    best_continuation,
)
from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.scenario.model import GotoRandom, Scenario
from helpers import scenario_from_yaml

GUARDED = """
format: frontlijn/scenario@1
id: guarded
title: Guarded
variables:
  teller: {initial: 0, min: 0, max: 5}
  vertrouwen: {initial: 50, min: 0, max: 100}
  gemeld: {initial: false}
scoring:
  target_balance: [0.3, 0.5]
  competencies: {analyse: 2}
  order: [[analyse, sanction]]
start: intake
scenes:
  intake:
    text: Intake
    choices:
      - {id: praat, text: P, help: 1, tags: [analyse], when: "teller < 3",
         effects: {teller: +1, vertrouwen: +10}, goto: intake}
      - {id: dreig, text: D, sanction: 2, effects: {vertrouwen: -20, gemeld: true},
         goto: [{when: "vertrouwen < 40", goto: boos}, {goto: gesprek}]}
      - {id: wacht, text: W, when: 'not chose("wacht")',
         goto: {random: [{weight: 1, goto: gesprek}, {weight: 2, goto: boos}]}}
  gesprek:
    text: Gesprek
    choices:
      - {id: steun, text: S, help: 2, when: "vertrouwen >= 50",
         goto: [{when: 'visited("boos")', goto: matig}, {goto: goed}]}
      - {id: meld, text: M, sanction: 1, tags: [analyse],
         goto: {random: [{weight: 1, goto: goed}, {weight: 1, goto: slecht}]}}
      - {id: terug, text: T, when: "teller < 5", effects: {teller: +2}, goto: intake}
  boos:
    text: Boos
    choices:
      - {id: sussen, text: S, help: 1, goto: gesprek}
      - {id: escaleer, text: E, sanction: 3, goto: slecht}
  goed: {text: G, ending: {label: G, outcome: 90, kind: good}}
  matig: {text: M, ending: {label: M, outcome: 60, kind: mixed}}
  slecht: {text: S, ending: {label: S, outcome: 10, kind: bad}}
  nooit: {text: N, ending: {label: N, outcome: 100, kind: good}}
"""

TRAPS = """
format: frontlijn/scenario@1
id: traps
title: Traps
variables:
  open: {initial: false}
  n: {initial: 1, min: 0, max: 3}
scoring: {target_balance: [0.3, 0.5], weights: {balance: 0.5, outcome: 0.5, process: 0}}
start: a
scenes:
  a:
    text: A
    choices:
      - {id: ga, text: Ga, help: 1, goto: b}
      - {id: open_maken, text: O, sanction: 1, effects: {open: true}, goto: b}
      - {id: nul, text: N, effects: {n: -1}, goto: c}
  b:
    text: B
    choices: [{id: door, text: D, when: open, goto: eind}]
  c:
    text: C
    choices:
      - {id: deel, text: D, when: "3 / n > 1", goto: eind}
      - {id: anders, text: A, goto: eind}
  eind: {text: E, ending: {label: E, outcome: 50, kind: mixed}}
"""


@dataclass(frozen=True)
class Found:
    labels: tuple[tuple[str, str], ...]
    choices: tuple[str, ...]
    draws: tuple[str, ...]
    ending: str
    kind: str
    total: Fraction
    help: int
    sanction: int
    in_band: bool


@dataclass
class Brute:
    paths: list[Found]
    dead_ends: set[str]
    errors: int


def brute_force(scenario: Scenario, limit: int = 40) -> Brute:
    """Every playthrough, by replaying each prefix from the start: slow, obviously right."""
    out = Brute([], set(), 0)
    lo, hi = scenario.scoring.target_balance

    def walk(labels: tuple[tuple[str, str], ...]) -> None:
        assert len(labels) <= limit, "fixture must have finite paths"
        choices = [c for c, _ in labels]
        draws = [d for _, d in labels if d]
        play = Playthrough.replay(scenario, 0, choices, draws)
        if play.finished:
            s = play.score()
            assert s.total is not None and play.ending is not None
            out.paths.append(
                Found(
                    labels,
                    tuple(choices),
                    tuple(draws),
                    play.state.scene,
                    play.ending.kind,
                    s.total,
                    s.help,
                    s.sanction,
                    s.balance is not None and lo <= s.balance <= hi,
                )
            )
            return
        for choice in play.offered():
            goto = choice.goto
            outcomes = (
                sorted({o.scene for o in goto.options}) if isinstance(goto, GotoRandom) else [""]
            )
            for draw in outcomes:
                try:
                    Playthrough.replay(
                        scenario, 0, [*choices, choice.id], [*draws, draw] if draw else draws
                    )
                except NoChoiceOffered as exc:
                    out.dead_ends.add(exc.scene)
                    continue
                except EngineError:
                    out.errors += 1
                    continue
                walk((*labels, (choice.id, draw)))

    walk(())
    return out


def expected(paths: list[Found], best: bool) -> Found | None:
    if not paths:
        return None
    sign = -1 if best else 1
    return min(paths, key=lambda p: (sign * p.total, len(p.labels), p.labels))


def same(run: RunSummary | None, found: Found | None) -> bool:
    if run is None or found is None:
        return run is None and found is None
    return (run.choices, run.draws, run.ending, run.total, run.help, run.sanction) == (
        found.choices,
        found.draws,
        found.ending,
        found.total,
        found.help,
        found.sanction,
    )


def check_agrees(scenario: Scenario) -> PathReport:
    brute = brute_force(scenario)
    report = analyse(scenario)
    paths = brute.paths
    assert report.complete
    assert same(report.best, expected(paths, True))
    assert same(report.worst, expected(paths, False))
    assert same(report.only_help, expected([p for p in paths if p.sanction == 0], True))
    assert same(report.only_sanction, expected([p for p in paths if p.help == 0], True))
    pure_good = [p for p in paths if p.kind == "good" and (p.help == 0 or p.sanction == 0)]
    assert same(report.pure_good, expected(pure_good, True))
    assert same(report.in_band, expected([p for p in paths if p.in_band], True))
    assert set(report.reachable_endings) == {p.ending for p in paths}
    assert set(report.unreachable_endings) == set(scenario.endings) - {p.ending for p in paths}
    assert {d.scene for d in report.dead_ends} == brute.dead_ends
    assert bool(report.errors) == bool(brute.errors)
    # Every reported path replays to what the report says.
    for run in (report.best, report.worst, report.only_help, report.only_sanction):
        if run is not None:
            play = Playthrough.replay(scenario, run.seed, run.choices, run.draws)
            assert play.finished and play.state.scene == run.ending
            assert play.score().total == run.total
    for dead in report.dead_ends:
        with pytest.raises(NoChoiceOffered):
            Playthrough.replay(scenario, 0, dead.choices, dead.draws)
    return report


def test_guards_loops_random_and_conditional_gotos_agree_with_brute_force() -> None:
    scenario = scenario_from_yaml(GUARDED)
    report = check_agrees(scenario)
    assert report.unreachable_endings == ("nooit",)
    assert report.best is not None and report.best.draws  # the luckiest draw is listed
    assert report.pure_good is not None  # praat..., steun -> goed is all help


def test_dead_ends_and_runtime_errors_are_found_with_their_path() -> None:
    scenario = scenario_from_yaml(TRAPS)
    report = check_agrees(scenario)
    assert [(d.scene, d.choices) for d in report.dead_ends] == [("b", ("ga",))]
    assert len(report.errors) == 1
    assert report.errors[0].scene == "a" and report.errors[0].choice == "nul"
    assert "division by zero" in report.errors[0].message


def _generated(seed: int) -> str:
    """A small random case whose loops end: every choice counts ``c`` up and needs c < 5.

    Odd seeds also forbid a tag that some choices carry (one more rule to keep or break).
    """
    rng = random.Random(seed)
    forbid = seed % 2 == 1
    tag_sets = ["[]", "[analyse]", "[opvolging]", "[analyse, opvolging]"]
    if forbid:
        tag_sets += ["[fout]", "[opvolging, fout]"]
    scenes = [f"s{i}" for i in range(rng.randint(2, 5))]
    endings = ["e_goed", "e_mix", "e_slecht"]
    guards = ["x >= 1", "flag", "not flag", 'visited("s1")', "x < 2", "x * 2 > 1"]
    lines = [
        "format: frontlijn/scenario@1",
        f"id: gen-{seed}",
        "title: Gen",
        "variables:",
        "  c: {initial: 0, min: 0, max: 9}",
        "  x: {initial: 0, min: 0, max: 3}",
        "  flag: {initial: false}",
        "scoring:",
        f"  target_balance: [{rng.choice(['0.2', '0.3'])}, {rng.choice(['0.5', '0.6'])}]",
        "  competencies: {analyse: 2, opvolging: 1}",
        "  order: [[analyse, sanction], [help, opvolging]]",
        *(["  forbidden: [fout, ongebruikt_maar_geteld]"] if forbid else []),
        "start: s0",
        "scenes:",
    ]
    counter = 0
    for sid in scenes:
        lines += [f"  {sid}:", "    text: T", "    choices:"]
        for _ in range(rng.randint(2, 4)):
            cid = f"k{counter}"
            counter += 1
            guard = "c < 5"
            if rng.random() < 0.5:
                extra = rng.choice([*guards, f'chose("k{rng.randrange(max(counter - 1, 1))}")'])
                guard += f" and {extra}"
            effects = ["c: +1"]
            if rng.random() < 0.6:
                effects.append(rng.choice(["x: +1", "x: -1", "flag: true", "flag: false", "x: 2"]))
            kind = rng.random()
            if kind < 0.4:
                goto = rng.choice(scenes + endings)
            elif kind < 0.7:
                a, b = rng.choice(scenes), rng.choice(scenes + endings)
                goto = f"[{{when: '{rng.choice(guards)}', goto: {a}}}, {{goto: {b}}}]"
            else:
                a, b = rng.choice(scenes + endings), rng.choice(scenes + endings)
                goto = f"{{random: [{{weight: 1, goto: {a}}}, {{weight: 2, goto: {b}}}]}}"
            tags = rng.choice(tag_sets)
            lines.append(
                f"      - {{id: {cid}, text: T, help: {rng.randint(0, 2)}, "
                f"sanction: {rng.randint(0, 2)}, tags: {tags}, when: '{guard}', "
                f"effects: {{{', '.join(effects)}}}, goto: {goto}}}"
            )
        if sid == "s0" or rng.random() < 0.7:  # without a way out, c == 5 is a dead end
            lines.append(
                f"      - {{id: uit_{sid}, text: U, help: {rng.randint(0, 1)}, "
                f"sanction: {rng.randint(0, 1)}, goto: {rng.choice(endings)}}}"
            )
    lines += [
        "  e_goed: {text: G, ending: {label: G, outcome: 90, kind: good}}",
        "  e_mix: {text: M, ending: {label: M, outcome: 55, kind: mixed}}",
        "  e_slecht: {text: S, ending: {label: S, outcome: 5, kind: bad}}",
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(60))
def test_generated_cases_agree_with_brute_force(seed: int) -> None:
    check_agrees(scenario_from_yaml(_generated(seed)))


FORBIDDEN = """
format: frontlijn/scenario@1
id: verboden
title: Verboden
scoring:
  target_balance: [0.3, 0.5]
  weights: {balance: 0.2, outcome: 0.4, process: 0.4}
  order: [[analyse, sanction]]
  forbidden: [tip_off, zonder_grondslag]
start: a
scenes:
  a:
    text: A
    choices:
      - {id: analyseer, text: A, help: 1, tags: [analyse], goto: b}
      - {id: tip, text: T, help: 2, tags: [tip_off], goto: b}
      - {id: straf, text: S, sanction: 1, goto: b}
  b:
    text: B
    choices:
      - {id: deel, text: D, sanction: 1, tags: [zonder_grondslag, analyse],
         goto: {random: [{weight: 1, goto: goed}, {weight: 1, goto: matig}]}}
      - {id: meld, text: M, sanction: 1, goto: goed}
  goed: {text: G, ending: {label: G, outcome: 90, kind: good}}
  matig: {text: M, ending: {label: M, outcome: 60, kind: mixed}}
"""


def test_forbidden_tags_score_the_same_in_the_search_as_in_score() -> None:
    scenario = scenario_from_yaml(FORBIDDEN)
    report = check_agrees(scenario)
    assert report.best is not None and report.worst is not None
    # analyseer, meld: balance 1/2 (100), outcome 90, all three rules kept (100)
    assert report.best.choices == ("analyseer", "meld")
    assert report.best.total == Fraction(2, 10) * 100 + Fraction(4, 10) * 90 + Fraction(4, 10) * 100
    # straf, deel -> matig: balance 2/2 (0), outcome 60; sanction before any analyse breaks
    # the order rule, deel breaks zonder_grondslag, tip_off is kept: 1 of 3 rules (100/3)
    assert report.worst.choices == ("straf", "deel") and report.worst.draws == ("matig",)
    assert report.worst.total == Fraction(4, 10) * 60 + Fraction(4, 10) * Fraction(100, 3)
    # tip, deel -> matig would keep the order rule (deel carries analyse) but break both
    # forbidden tags: also 1 of 3, with balance 1/3 in the band
    play = Playthrough.replay(scenario, 0, ["tip", "deel"], ["matig"])
    assert play.score().process == Fraction(100, 3)
    assert play.score().total == 20 + Fraction(4, 10) * 60 + Fraction(40, 3)


def test_best_continuation_matches_a_search_from_that_state() -> None:
    scenario = scenario_from_yaml(GUARDED)
    report = analyse(scenario)
    start = Playthrough.start(scenario, seed=3)
    found = best_continuation(scenario, start.state)
    assert found is not None and report.best is not None
    assert (found.choices, found.draws, found.total) == (
        report.best.choices,
        report.best.draws,
        report.best.total,
    )
    rng = random.Random(5)
    for _ in range(30):
        play = Playthrough.start(scenario, seed=rng.randrange(1000))
        while not play.finished:
            local = analyse(scenario, play.state).best
            cont = best_continuation(scenario, play.state)
            assert local is not None and cont is not None
            assert (cont.choices, cont.draws, cont.total) == (
                local.choices,
                local.draws,
                local.total,
            )
            assert cont.choices[: play.state.decisions] == tuple(play.state.chosen)
            play.choose(rng.choice(play.offered()).id)
        done = best_continuation(scenario, play.state)
        assert done is not None and done.continuation == ()
        assert done.total == play.score().total


def test_loops_up_to_the_decision_cap_and_the_state_bound(mini: Scenario) -> None:
    report = analyse(mini)
    assert report.complete and report.best is not None
    # Repeating meld/opnieuw pulls the balance towards the band: the best path is long.
    play = Playthrough.replay(mini, 0, report.best.choices, report.best.draws)
    assert play.finished and play.score().total == report.best.total
    assert report.worst is not None and report.worst.total < report.best.total
    small = analyse(mini, max_states=10)
    assert not small.complete and small.stopped == "max-states" and small.states == 10
    for run in (small.best, small.worst):
        assert run is not None
        assert Playthrough.replay(mini, 0, run.choices, run.draws).score().total == run.total


def test_analysis_from_a_restored_state_with_reordered_variables(mini: Scenario) -> None:
    play = Playthrough.start(mini, seed=1, draws=["vast"])
    play.choose("meld")
    state = play.state.copy()
    state.variables = dict(reversed(list(state.variables.items())))
    a = best_continuation(mini, state)
    b = best_continuation(mini, play.state)
    assert a is not None and b is not None and a.choices == b.choices


@pytest.mark.parametrize(
    "text", [GUARDED, _generated(3), _generated(11)], ids=["guarded", "g3", "g11"]
)
def test_states_with_one_future_key_have_one_future(text: str) -> None:
    """Different paths to one key: the same offered choices and best total, and a search
    from each state itself agrees (the key holds everything the future depends on)."""
    scenario = scenario_from_yaml(text)
    futures = Futures(scenario)
    assert 0 < futures.depth_free <= MAX_DECISIONS
    first: dict[FutureKey, tuple[tuple[str, ...], list[str], Fraction | None]] = {}
    shared = 0
    rng = random.Random(7)
    for _ in range(200):
        play = Playthrough.start(scenario, seed=rng.randrange(1000))
        part = futures.zero
        while True:
            state = play.state
            assert part == futures.part(state.chosen)
            key = futures.key(state, part)
            assert key == futures.key(state)
            offered = sorted(c.id for c in play.offered())
            run = best_continuation(scenario, state)
            total = None if run is None else run.total
            seen = first.setdefault(key, (tuple(state.chosen), offered, total))
            if seen[0] != tuple(state.chosen):
                shared += 1
                assert (seen[1], seen[2]) == (offered, total)
                if shared <= 40:
                    local = analyse(scenario, state).best
                    assert (None if local is None else local.total) == total
            if play.finished:
                break
            cid = rng.choice(offered)
            part = futures.advance(part, cid)
            try:
                play.choose(cid)
            except EngineError:  # a dead end or a failing expression: the walk stops
                break
    assert shared > 40
