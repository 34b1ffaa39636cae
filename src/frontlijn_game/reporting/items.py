"""Item statistics: how hard each decision point is, and whether it tells good from weak.

Like quiz item statistics, over the *finished* attempts of a selection:

* The best option of one decision is the offered option whose best continuation (the
  engine's path analysis, from the trainee's own state at that moment, the luckiest draw
  of a random goto) reaches the highest total; options that tie are all best. The state is
  rebuilt by replaying the attempt on its own snapshot, choice by choice.
* *Facility* of a decision point = the share of decisions there that took a best option.
* *Discrimination* = the point-biserial correlation (Pearson's r between 0/1 and a
  number) between taking a best option and the attempt's total, over the decisions there;
  None when either side does not vary.

Per case: count, mean, median and sample standard deviation of the totals, a histogram in
bins of ten points (the last bin holds 90..100), and the shares of the four verdicts.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy.orm import Session

from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.machine import DrawFn, forced_draws, machine_for, offered
from frontlijn_game.engine.paths import best_continuation
from frontlijn_game.engine.scoring import VERDICTS
from frontlijn_game.engine.state import PlayState
from frontlijn_game.reporting.common import (
    AttemptRow,
    Sample,
    Selection,
    Version,
    exact,
    load_sample,
    report_header,
    round_half_up,
)
from frontlijn_game.scenario.model import GotoRandom, Scenario

FORMAT = "frontlijn/item-statistics@1"
BIN_WIDTH = 10


@dataclass(frozen=True)
class Bin:
    low: int
    high: int
    """Exclusive, except for the last bin (90..100 holds 100)."""
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"from": self.low, "to": self.high, "count": self.count}


@dataclass(frozen=True)
class CaseSummary:
    finished: int
    mean: Fraction | None
    median: Fraction | None
    stdev: float | None
    """Sample standard deviation (n - 1); None below two attempts."""
    minimum: float | None
    maximum: float | None
    histogram: tuple[Bin, ...]
    verdicts: dict[str, int]

    def verdict_share(self, verdict: str) -> Fraction | None:
        n = sum(self.verdicts.values())
        return None if n == 0 else Fraction(self.verdicts.get(verdict, 0), n)

    def to_json(self) -> dict[str, Any]:
        return {
            "finished_attempts": self.finished,
            "mean": round_half_up(self.mean, 2),
            "median": round_half_up(self.median, 2),
            "stdev": None if self.stdev is None else round(self.stdev, 2),
            "min": self.minimum,
            "max": self.maximum,
            "histogram": [b.to_json() for b in self.histogram],
            "verdicts": {
                v: {
                    "count": self.verdicts.get(v, 0),
                    "share": round_half_up(self.verdict_share(v), 4),
                }
                for v in VERDICTS
            },
        }


@dataclass(frozen=True)
class ItemStat:
    scene: str
    title: str | None
    decisions: int
    """Decisions at this point in finished attempts that could be replayed."""
    took_best: int
    facility: Fraction | None
    discrimination: float | None
    best: dict[str, int]
    """How often each option was (one of) the best at this point."""
    mean_total_best: Fraction | None
    """Mean total over the decisions that took a best option (an attempt per decision)."""
    mean_total_other: Fraction | None

    def to_json(self) -> dict[str, Any]:
        return {
            "scene": self.scene,
            "title": self.title,
            "decisions": self.decisions,
            "took_best": self.took_best,
            "facility": round_half_up(self.facility, 4),
            "discrimination": None
            if self.discrimination is None
            else round(self.discrimination, 4),
            "best_options": dict(self.best),
            "mean_total_best": round_half_up(self.mean_total_best, 1),
            "mean_total_other": round_half_up(self.mean_total_other, 1),
        }


@dataclass(frozen=True)
class ItemStatistics:
    scenario_id: str
    title: str
    selection: Selection
    versions: tuple[Version, ...]
    summary: CaseSummary
    items: tuple[ItemStat, ...]
    skipped: int
    """Finished attempts that could not be replayed on their snapshot (left out)."""

    def item(self, scene: str) -> ItemStat:
        return next(i for i in self.items if i.scene == scene)

    def to_json(self) -> dict[str, Any]:
        return {
            **report_header(FORMAT, self.title, self.selection, self.versions),
            "summary": self.summary.to_json(),
            "decision_points": [i.to_json() for i in self.items],
            "skipped_attempts": self.skipped,
        }


# -- per case --------------------------------------------------------------------------


def histogram(totals: Sequence[float], width: int = BIN_WIDTH) -> tuple[Bin, ...]:
    edges = list(range(0, 100, width))
    counts = [0] * len(edges)
    for t in totals:
        index = min(int(t // width), len(edges) - 1) if t >= 0 else 0
        counts[index] += 1
    return tuple(Bin(low, min(low + width, 100), n) for low, n in zip(edges, counts, strict=True))


def case_summary(attempts: Sequence[AttemptRow]) -> CaseSummary:
    """Totals and verdicts of the finished attempts among ``attempts``."""
    done = [a for a in attempts if a.finished and a.total is not None]
    totals = [a.total for a in done if a.total is not None]
    exacts = [exact(t) for t in totals]
    verdicts: Counter[str] = Counter(a.verdict or "niets gedaan" for a in done)
    return CaseSummary(
        finished=len(done),
        mean=sum(exacts, Fraction(0)) / len(exacts) if exacts else None,
        median=statistics.median(exacts) if exacts else None,
        stdev=statistics.stdev(totals) if len(totals) >= 2 else None,
        minimum=min(totals) if totals else None,
        maximum=max(totals) if totals else None,
        histogram=histogram(totals),
        verdicts={v: verdicts.get(v, 0) for v in VERDICTS},
    )


# -- per decision point ----------------------------------------------------------------


def point_biserial(flags: Sequence[bool], values: Sequence[float]) -> float | None:
    """Pearson's r between 0/1 flags and values; None when either does not vary."""
    n = len(flags)
    if n < 2:
        return None
    ones = [v for f, v in zip(flags, values, strict=True) if f]
    zeros = [v for f, v in zip(flags, values, strict=True) if not f]
    if not ones or not zeros:
        return None
    mean = math.fsum(values) / n
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / n)
    if sd == 0:
        return None
    m1 = math.fsum(ones) / len(ones)
    m0 = math.fsum(zeros) / len(zeros)
    p = len(ones) / n
    return (m1 - m0) / sd * math.sqrt(p * (1 - p))


class OptionValues:
    """The best total reachable through each offered option of a state (memoised)."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.machine = machine_for(scenario)
        self.memo: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, Fraction | None]] = {}

    def __call__(self, state: PlayState) -> dict[str, Fraction | None]:
        key = (tuple(state.chosen), tuple(state.draws))
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._values(state)
        return found

    def _values(self, state: PlayState) -> dict[str, Fraction | None]:
        values: dict[str, Fraction | None] = {}
        for choice in offered(self.scenario, state):
            goto = choice.goto
            outcomes = (
                sorted({o.scene for o in goto.options}) if isinstance(goto, GotoRandom) else [None]
            )
            best: Fraction | None = None
            for outcome in outcomes:
                try:
                    after = self.machine.step(state, choice.id, _fixed(outcome))
                except EngineError:
                    continue
                run = best_continuation(self.scenario, after)
                if run is not None and (best is None or run.total > best):
                    best = run.total
            values[choice.id] = best
        return values


def _fixed(outcome: str | None) -> DrawFn:
    """A draw function that always lands on ``outcome`` (a random goto's target)."""

    def draw(state: PlayState, goto: GotoRandom) -> str:
        assert outcome is not None
        return outcome

    return draw


def best_options(values: dict[str, Fraction | None]) -> set[str]:
    known = [v for v in values.values() if v is not None]
    if not known:
        return set()
    top = max(known)
    return {c for c, v in values.items() if v == top}


def item_statistics(session: Session, selection: Selection) -> ItemStatistics:
    """Item statistics of ``selection`` (see the module docstring)."""
    return statistics_of(load_sample(session, selection, replay=True))


def statistics_of(sample: Sample) -> ItemStatistics:
    finished = [a for a in sample.attempts if a.finished and a.total is not None]
    valuers = {sid: OptionValues(sc) for sid, sc in sample.scenarios.items()}
    flags: dict[str, list[bool]] = {}
    totals: dict[str, list[float]] = {}
    bests: dict[str, Counter[str]] = {}
    skipped = 0
    for row in finished:
        valuer = valuers[row.snapshot_id]
        machine = valuer.machine
        draw = forced_draws(row.draws)
        assert row.total is not None
        seen: list[tuple[str, bool, set[str]]] = []
        try:
            state = machine.start(row.seed)
            for cid in row.chosen:
                best = best_options(valuer(state))
                seen.append((state.scene, cid in best, best))
                state = machine.step(state, cid, draw)
        except (EngineError, KeyError):
            skipped += 1
            continue
        for scene, took, best in seen:
            flags.setdefault(scene, []).append(took)
            totals.setdefault(scene, []).append(row.total)
            bests.setdefault(scene, Counter()).update(best)
    newest = sample.scenarios[sample.versions[0].snapshot_id]
    order = [s for s, scene in newest.scenes.items() if scene.choices]
    order.extend(sorted(set(flags) - set(order)))
    items = []
    for scene_id in order:
        f = flags.get(scene_id, [])
        t = totals.get(scene_id, [])
        n_best = sum(f)
        best_t = [exact(v) for v, x in zip(t, f, strict=True) if x]
        other_t = [exact(v) for v, x in zip(t, f, strict=True) if not x]
        title = next(
            (
                sc.scenes[scene_id].title
                for sc in sample.scenarios.values()
                if scene_id in sc.scenes
            ),
            None,
        )
        items.append(
            ItemStat(
                scene=scene_id,
                title=title,
                decisions=len(f),
                took_best=n_best,
                facility=Fraction(n_best, len(f)) if f else None,
                discrimination=point_biserial(f, t),
                best=dict(sorted(bests.get(scene_id, Counter()).items())),
                mean_total_best=sum(best_t, Fraction(0)) / len(best_t) if best_t else None,
                mean_total_other=sum(other_t, Fraction(0)) / len(other_t) if other_t else None,
            )
        )
    return ItemStatistics(
        scenario_id=sample.selection.scenario_id,
        title=newest.title,
        selection=sample.selection,
        versions=sample.versions,
        summary=case_summary(sample.attempts),
        items=tuple(items),
        skipped=skipped,
    )


def format_text(stats: ItemStatistics) -> str:
    """Item statistics and the case summary as plain text (``report items``)."""
    s = stats.summary
    lines = [f"{stats.title} ({stats.scenario_id}): {s.finished} finished attempt(s)"]
    if s.finished:
        stdev = "-" if s.stdev is None else f"{s.stdev:.2f}"
        lines.append(
            f"total: mean {round_half_up(s.mean, 1)}, median {round_half_up(s.median, 1)}, "
            f"stdev {stdev}, min {s.minimum}, max {s.maximum}"
        )
        top = max(b.count for b in s.histogram) or 1
        for b in s.histogram:
            bar = "#" * round(b.count / top * 30)
            high = f"{b.high}]" if b.high == 100 else f"{b.high})"
            lines.append(f"  [{b.low:3d}-{high:>4} {b.count:6d}  {bar}")
        for verdict in VERDICTS:
            share = s.verdict_share(verdict) or Fraction(0)
            bar = "#" * round(float(share) * 30)
            lines.append(
                f"  {verdict:<13}{s.verdicts.get(verdict, 0):6d}  {float(share) * 100:5.1f}%  {bar}"
            )
    lines.append("")
    lines.append("decision point        n   facility  discrimination  best option(s)")
    for item in stats.items:
        facility = "-" if item.facility is None else f"{float(item.facility):.2f}"
        disc = "-" if item.discrimination is None else f"{item.discrimination:+.2f}"
        best = ", ".join(f"{c} ({n})" for c, n in item.best.items()) or "-"
        lines.append(f"{item.scene:<18}{item.decisions:6d}   {facility:>8}  {disc:>14}  {best}")
    if stats.skipped:
        lines.append(f"({stats.skipped} attempt(s) could not be replayed and were left out)")
    return "\n".join(lines)


__all__ = [
    "Bin",
    "CaseSummary",
    "ItemStat",
    "ItemStatistics",
    "OptionValues",
    "best_options",
    "case_summary",
    "format_text",
    "histogram",
    "item_statistics",
    "point_biserial",
    "statistics_of",
]
