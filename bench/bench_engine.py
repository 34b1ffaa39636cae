"""Benchmark: `playtest` decision steps per second against raw `transitions` triggers.

Target (DESIGN.md): >= 20,000 decision steps/s on one core (raw `transitions` triggers:
~65,000/s there). Stretch: more runs/s than ChoiceScript's randomtest (~3,400 runs/s of
its 233-line sample game, quoted in the toolkit issue; not measured here).

    python bench/bench_engine.py [--runs 5000] [--repeat 3] [--decisions 20]

The case is generated: DECISIONS scenes in a row, three choices each (one guarded, one
with a conditional goto, one with a random goto), effects on every choice, two endings,
competencies and an order rule, so every run is exactly DECISIONS decisions. The baseline
is a bare `transitions.Machine` with the same states and the same triggers (one
transition per choice, no conditions, no callbacks), walked at random by `trigger`,
measured in this run, interleaved with the playtest rounds. Both count CPU time (not
wall time, so other processes on the machine do not skew the ratio) and print the
median of --repeat rounds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from transitions import Machine

from frontlijn_game.authoring.playtest import playtest
from frontlijn_game.scenario.content import bundled_content_dir, is_test_file
from frontlijn_game.scenario.loader import load_scenario, load_scenario_bytes
from frontlijn_game.scenario.model import Scenario, goto_targets


def case_yaml(decisions: int = 20) -> str:
    """A case in which every playthrough takes exactly ``decisions`` decisions."""
    lines = [
        "format: frontlijn/scenario@1",
        "id: bench-engine",
        "title: Bench",
        "actors:",
        "  a: {name: A}",
        "variables:",
        "  vertrouwen: {initial: 50, min: 0, max: 100}",
        "  druk: {initial: 0, min: 0, max: 10}",
        "  gemeld: {initial: false}",
        "scoring:",
        "  target_balance: [0.3, 0.5]",
        "  competencies: {analyse: 3, opvolging: 2}",
        "  order: [[analyse, sanction]]",
        "start: s0",
        "scenes:",
    ]
    for i in range(decisions):
        nxt = f"s{i + 1}" if i + 1 < decisions else "goed"
        lines += [
            f"  s{i}:",
            f"    text: 'Scene {i}: vertrouwen {{vertrouwen}}.'",
            "    choices:",
            f"      - {{id: c{i}_hulp, text: Help, help: 1, actor: a, tags: [analyse], "
            f"effects: {{vertrouwen: +5}}, goto: {nxt}}}",
            f"      - {{id: c{i}_sanctie, text: Sanctie, sanction: 1, tags: [opvolging], "
            f"when: 'vertrouwen >= 20', effects: {{vertrouwen: -10, druk: +1}}, "
            f"goto: [{{when: 'druk >= 8', goto: slecht}}, {{goto: {nxt}}}]}}"
            if i + 1 < decisions
            else f"      - {{id: c{i}_sanctie, text: Sanctie, sanction: 1, tags: [opvolging], "
            f"effects: {{vertrouwen: -10}}, goto: slecht}}",
            f"      - {{id: c{i}_mix, text: Mix, help: 1, sanction: 1, effects: {{gemeld: true}}, "
            f"goto: {{random: [{{weight: 3, goto: {nxt}}}, {{weight: 1, goto: {nxt}}}]}}}}",
        ]
    lines += [
        "  goed: {text: Goed, ending: {label: Goed, outcome: 90, kind: good}}",
        "  slecht: {text: Slecht, ending: {label: Slecht, outcome: 20, kind: bad}}",
    ]
    return "\n".join(lines) + "\n"


def load_case(decisions: int) -> Scenario:
    scenario, diagnostics = load_scenario_bytes("bench-engine.yaml", case_yaml(decisions).encode())
    errors = [d.format() for d in diagnostics if d.severity == "error"]
    assert scenario is not None, errors
    return scenario


class _Model:
    state: str


def raw_triggers(scenario: Scenario, triggers_wanted: int, seed: int) -> float:
    """Triggers per CPU second of a bare ``transitions`` machine shaped like the case."""
    model = _Model()
    machine = Machine(
        model=model,
        states=list(scenario.scenes),
        initial=scenario.start,
        auto_transitions=False,
    )
    triggers: dict[str, list[str]] = {sid: [] for sid in scenario.scenes}
    for choice in scenario.choices.values():
        machine.add_transition(choice.id, choice.scene, goto_targets(choice.goto)[0])
        triggers[choice.scene].append(choice.id)
    rng = random.Random(seed)
    began = time.process_time()
    for _ in range(triggers_wanted):
        options = triggers[model.state]
        if not options:
            machine.set_state(scenario.start, model)
            options = triggers[model.state]
        model.trigger(rng.choice(options))  # type: ignore[attr-defined]
    return triggers_wanted / (time.process_time() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--decisions", type=int, default=20)
    args = parser.parse_args()
    scenario = load_case(args.decisions)
    playtest(scenario, runs=200, seed=0)  # warm up: machine, parsed guards, score cache

    steps, runs, raw = [], [], []
    for round_ in range(args.repeat):  # interleaved, CPU time: fair on a busy machine
        began = time.process_time()
        result = playtest(scenario, runs=args.runs, seed=round_)
        cpu = time.process_time() - began
        assert result.failed == 0 and result.finished == args.runs
        steps.append(result.steps / cpu)
        runs.append(result.runs / cpu)
        raw.append(raw_triggers(scenario, result.steps, round_))
    s, r, b = statistics.median(steps), statistics.median(runs), statistics.median(raw)
    print(
        f"case: {args.decisions} decisions per run, 3 choices per scene; "
        f"{args.runs} runs x {args.repeat} rounds (CPU time, medians)"
    )
    print(f"playtest:              {s:10,.0f} decision steps/s   (target >= 20,000)")
    print(f"playtest:              {r:10,.0f} runs/s             (ChoiceScript randomtest ~3,400)")
    print(f"raw transitions:       {b:10,.0f} triggers/s         (baseline, same run)")
    print(f"ratio playtest / raw:  {s / b:10.2f}")
    bundled(args.runs)


def bundled(runs: int) -> None:
    """Runs/s of playtest on each bundled case (for the ChoiceScript comparison)."""
    folder = bundled_content_dir() / "scenarios"
    paths = sorted(p for p in folder.glob("*.yaml") if not is_test_file(p))
    if not paths:
        return
    print("bundled cases (CPU time):")
    for path in paths:
        scenario, _ = load_scenario(path)
        if scenario is None:
            continue
        playtest(scenario, runs=100, seed=0)
        began = time.process_time()
        result = playtest(scenario, runs=runs, seed=1)
        cpu = time.process_time() - began
        print(
            f"  {scenario.id:<26} {result.runs / cpu:8,.0f} runs/s {result.steps / cpu:10,.0f} "
            f"steps/s  ({result.steps / max(result.runs, 1):.1f} decisions/run)"
        )


if __name__ == "__main__":
    main()
