"""Item statistics: how hard each decision point is, and whether it tells good from weak.

Like quiz item statistics, over the *finished* attempts of a selection:

* The best option of one decision is the offered option whose best continuation (the
  engine's path analysis, from the trainee's own state at that moment, the luckiest draw
  of a random goto) reaches the highest total; options that tie are all best. The state is
  rebuilt by replaying the attempt on its own snapshot, choice by choice; the values are
  computed once per *future* (``option_values``), not once per path.
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
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from sqlalchemy.orm import Session

from frontlijn_game.engine.errors import EngineError
from frontlijn_game.engine.scoring import VERDICTS
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
from frontlijn_game.reporting.option_values import (
    OptionValues,
    Unusual,
    replay_quick,
    replay_states,
)
from frontlijn_game.reporting.positions import (
    Positions,
    add_rows,
    as_row,
    positions_of_attempts,
)

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
    by_position: tuple[int, ...] = ()
    """Decisions here (finished attempts) whose chosen option was shown at place 1, 2..."""
    texts: dict[str, str] = field(default_factory=dict)
    """The text of each option in ``best``, for people (the newest version's wording)."""

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
            "chosen_by_position": list(self.by_position),
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
    verdicts: Counter[str] = Counter(a.verdict or "niets gedaan" for a in done)
    return CaseSummary(
        finished=len(done),
        mean=exact_mean(totals),
        median=exact_median(totals),
        stdev=statistics.stdev(totals) if len(totals) >= 2 else None,
        minimum=min(totals) if totals else None,
        maximum=max(totals) if totals else None,
        histogram=histogram(totals),
        verdicts={v: verdicts.get(v, 0) for v in VERDICTS},
    )


def exact_mean(totals: Sequence[float]) -> Fraction | None:
    """The mean of ``totals`` as the decimals the trainees saw (:func:`exact`), exactly.

    Each distinct total is converted once: a case has far fewer distinct totals than
    attempts, and the sum of exact fractions does not depend on the order.
    """
    if not totals:
        return None
    counts = Counter(totals)
    return sum((exact(t) * n for t, n in counts.items()), Fraction(0)) / len(totals)


def exact_median(totals: Sequence[float]) -> Fraction | None:
    """``statistics.median`` of the exact totals (:func:`exact` keeps the floats' order)."""
    if not totals:
        return None
    ordered = sorted(totals)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return exact(ordered[mid])
    return (exact(ordered[mid - 1]) + exact(ordered[mid])) / 2


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


def item_statistics(session: Session, selection: Selection) -> ItemStatistics:
    """Item statistics of ``selection`` (see the module docstring), with the places the
    chosen options were shown at, from the finished attempts' decision rows."""
    sample = load_sample(session, selection, replay=True)
    done = [a.id for a in sample.attempts if a.finished and a.total is not None]
    return statistics_of(sample, positions_of_attempts(session, done))


def _choice_text(sample: Sample, choice_id: str) -> str:
    """A choice's text in the newest version that has it (versions are newest first)."""
    for version in sample.versions:
        scenario = sample.scenarios[version.snapshot_id]
        for scene in scenario.scenes.values():
            for choice in scene.choices:
                if choice.id == choice_id:
                    return choice.text
    return choice_id


def statistics_of(sample: Sample, positions: Positions | None = None) -> ItemStatistics:
    finished = [a for a in sample.attempts if a.finished and a.total is not None]
    valuers = {sid: OptionValues(sc) for sid, sc in sample.scenarios.items()}
    flags: dict[str, list[bool]] = {}
    totals: dict[str, list[float]] = {}
    bests: dict[str, Counter[str]] = {}
    skipped = 0
    best_counts: dict[str, Counter[frozenset[str]]] = {}
    for row in finished:
        valuer = valuers[row.snapshot_id]
        assert row.total is not None
        try:
            try:
                seen = replay_quick(valuer, row)
            except Unusual:
                seen = replay_states(valuer, row)
        except (EngineError, KeyError):
            skipped += 1
            continue
        for scene, cid, best in seen:
            flags.setdefault(scene, []).append(cid in best)
            totals.setdefault(scene, []).append(row.total)
            counts = best_counts.get(scene)
            if counts is None:
                counts = best_counts[scene] = Counter()
            counts[best] += 1
    for scene, counts in best_counts.items():
        tally = bests[scene] = Counter()
        for best, n in counts.items():
            for cid in best:
                tally[cid] += n
    newest = sample.scenarios[sample.versions[0].snapshot_id]
    order = [s for s, scene in newest.scenes.items() if scene.choices]
    order.extend(sorted(set(flags) - set(order)))
    items = []
    for scene_id in order:
        f = flags.get(scene_id, [])
        t = totals.get(scene_id, [])
        n_best = sum(f)
        best_t = [v for v, x in zip(t, f, strict=True) if x]
        other_t = [v for v, x in zip(t, f, strict=True) if not x]
        title = next(
            (
                sc.scenes[scene_id].title
                for sc in sample.scenarios.values()
                if scene_id in sc.scenes
            ),
            None,
        )
        best_of = dict(sorted(bests.get(scene_id, Counter()).items()))
        items.append(
            ItemStat(
                scene=scene_id,
                title=title,
                decisions=len(f),
                took_best=n_best,
                facility=Fraction(n_best, len(f)) if f else None,
                discrimination=point_biserial(f, t),
                best=best_of,
                texts={cid: _choice_text(sample, cid) for cid in best_of},
                mean_total_best=exact_mean(best_t),
                mean_total_other=exact_mean(other_t),
                by_position=add_rows(
                    as_row(counts, 0)
                    for (s, _), counts in (positions or {}).items()
                    if s == scene_id
                ),
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


__all__ = [
    "Bin",
    "CaseSummary",
    "ItemStat",
    "ItemStatistics",
    "case_summary",
    "histogram",
    "item_statistics",
    "point_biserial",
    "statistics_of",
]
