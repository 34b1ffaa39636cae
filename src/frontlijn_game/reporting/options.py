"""Option distribution: at each decision point of a case, what the cohort chose.

Per decision point (a scene with choices) and per option of it: how often it was chosen
(a choice taken twice in a loop counts twice) and its share of the decisions there; how
many attempts chose it; and the mean total of the *finished* attempts that chose it at
least once. Decisions of open and abandoned attempts count in the counts and shares, not
in the means. Options never chosen are listed with zero, so a point nobody reached shows
as such.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy.orm import Session

from frontlijn_game.reporting.common import (
    Sample,
    Selection,
    Version,
    load_sample,
    mean_of_tenths,
    round_half_up,
    tenths,
)
from frontlijn_game.scenario.model import Scenario

FORMAT = "frontlijn/option-distribution@1"


@dataclass(frozen=True)
class OptionStat:
    choice: str
    text: str
    help: int
    sanction: int
    count: int
    """Decisions at this point that took the option."""
    share: Fraction | None
    """``count`` / decisions at this point (None when nobody decided here)."""
    attempts: int
    """Attempts that took the option here at least once."""
    finished: int
    """Finished attempts among them: the ones ``mean_total`` averages."""
    mean_total: Fraction | None
    in_version: bool = True
    """False for an option that only an older version had (all-versions view)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "choice": self.choice,
            "text": self.text,
            "help": self.help,
            "sanction": self.sanction,
            "count": self.count,
            "share": round_half_up(self.share, 4),
            "attempts": self.attempts,
            "finished_attempts": self.finished,
            "mean_total": round_half_up(self.mean_total, 1),
            "in_newest_version": self.in_version,
        }


@dataclass(frozen=True)
class DecisionPoint:
    scene: str
    title: str | None
    decisions: int
    attempts: int
    """Attempts that decided here at least once."""
    options: tuple[OptionStat, ...]

    def option(self, choice: str) -> OptionStat:
        return next(o for o in self.options if o.choice == choice)

    def to_json(self) -> dict[str, Any]:
        return {
            "scene": self.scene,
            "title": self.title,
            "decisions": self.decisions,
            "attempts": self.attempts,
            "options": [o.to_json() for o in self.options],
        }


@dataclass(frozen=True)
class OptionDistribution:
    scenario_id: str
    title: str
    selection: Selection
    versions: tuple[Version, ...]
    available: tuple[Version, ...]
    attempts: int
    finished: int
    points: tuple[DecisionPoint, ...]

    def point(self, scene: str) -> DecisionPoint:
        return next(p for p in self.points if p.scene == scene)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "scenario": self.scenario_id,
            "title": self.title,
            "cohort": self.selection.cohort,
            "first_only": self.selection.first_only,
            "all_versions": self.selection.all_versions,
            "versions": [v.to_json() for v in self.versions],
            "available_versions": [v.to_json() for v in self.available],
            "attempts": self.attempts,
            "finished_attempts": self.finished,
            "decision_points": [p.to_json() for p in self.points],
        }


def option_distribution(session: Session, selection: Selection) -> OptionDistribution:
    """The option distribution of ``selection`` (see the module docstring)."""
    return distribution_of(load_sample(session, selection))


def _ordered_scenarios(sample: Sample) -> list[Scenario]:
    return [sample.scenarios[v.snapshot_id] for v in sample.versions]


def distribution_of(sample: Sample) -> OptionDistribution:
    counts: Counter[tuple[str, str]] = Counter()
    attempts: Counter[tuple[str, str]] = Counter()
    finished: Counter[tuple[str, str]] = Counter()
    sums: dict[tuple[str, str], int] = {}
    point_attempts: Counter[str] = Counter()
    by_snapshot: dict[int, list[Any]] = {}
    for row in sample.attempts:
        by_snapshot.setdefault(row.snapshot_id, []).append(row)
    for snapshot_id, rows in by_snapshot.items():
        scenario = sample.scenarios[snapshot_id]
        choices = scenario.choices
        local: Counter[str] = Counter()
        local_attempts: Counter[str] = Counter()
        local_finished: Counter[str] = Counter()
        local_sums: dict[str, int] = {}
        local_points: Counter[str] = Counter()
        for row in rows:
            chosen = row.chosen
            local.update(chosen)
            distinct = set(chosen)
            local_attempts.update(distinct)
            local_points.update({choices[c].scene for c in distinct if c in choices})
            if row.status == "finished" and row.total is not None:
                local_finished.update(distinct)
                t = tenths(row.total)
                for c in distinct:
                    local_sums[c] = local_sums.get(c, 0) + t
        for cid, n in local.items():
            choice = choices.get(cid)
            key = (choice.scene if choice is not None else "?", cid)
            counts[key] += n
            attempts[key] += local_attempts[cid]
            finished[key] += local_finished[cid]
            sums[key] = sums.get(key, 0) + local_sums.get(cid, 0)
        point_attempts.update(local_points)

    scenarios = _ordered_scenarios(sample)
    newest = scenarios[0]
    points: list[DecisionPoint] = []
    scene_order: list[str] = []
    for scenario in scenarios:
        scene_order.extend(
            s for s, scene in scenario.scenes.items() if scene.choices and s not in scene_order
        )
    recorded_scenes = {scene for scene, _ in counts}
    scene_order.extend(sorted(recorded_scenes - set(scene_order)))
    for scene_id in scene_order:
        option_ids: list[str] = []
        for scenario in scenarios:
            scene = scenario.scenes.get(scene_id)
            if scene is not None:
                option_ids.extend(c.id for c in scene.choices if c.id not in option_ids)
        option_ids.extend(sorted(c for s, c in counts if s == scene_id and c not in option_ids))
        total = sum(counts[(scene_id, c)] for c in option_ids)
        options = []
        for cid in option_ids:
            key = (scene_id, cid)
            choice = next((sc.choices[cid] for sc in scenarios if cid in sc.choices), None)
            n_fin = finished[key]
            options.append(
                OptionStat(
                    choice=cid,
                    text=choice.text if choice is not None else cid,
                    help=choice.help if choice is not None else 0,
                    sanction=choice.sanction if choice is not None else 0,
                    count=counts[key],
                    share=Fraction(counts[key], total) if total else None,
                    attempts=attempts[key],
                    finished=n_fin,
                    mean_total=mean_of_tenths(sums.get(key, 0), n_fin),
                    in_version=cid in newest.choices and newest.choices[cid].scene == scene_id,
                )
            )
        title = next((sc.scenes[scene_id].title for sc in scenarios if scene_id in sc.scenes), None)
        points.append(
            DecisionPoint(scene_id, title, total, point_attempts[scene_id], tuple(options))
        )
    return OptionDistribution(
        scenario_id=sample.selection.scenario_id,
        title=newest.title,
        selection=sample.selection,
        versions=sample.versions,
        available=sample.available,
        attempts=len(sample.attempts),
        finished=sum(1 for a in sample.attempts if a.finished),
        points=tuple(points),
    )


def format_text(dist: OptionDistribution) -> str:
    """The distribution as a plain-text table per decision point (``report options``)."""
    lines: list[str] = []
    sel = dist.selection
    scope = [f"cohort {sel.cohort}" if sel.cohort else "all trainees"]
    scope.append("first attempts only" if sel.first_only else "all attempts")
    if sel.all_versions:
        scope.append(f"all {len(dist.versions)} version(s)")
    else:
        v = dist.versions[0]
        newest = v.snapshot_id == dist.available[0].snapshot_id
        scope.append(f"version {v.content_hash[:12]}" + (" (newest)" if newest else ""))
    lines.append(f"{dist.title} ({dist.scenario_id})")
    lines.append(f"{', '.join(scope)}: {dist.attempts} attempt(s), {dist.finished} finished")
    if not sel.all_versions and len(dist.available) > 1:
        lines.append(f"{len(dist.available)} versions recorded; --all-versions pools them")
    for point in dist.points:
        lines.append("")
        title = f" — {point.title}" if point.title else ""
        lines.append(
            f"{point.scene}{title}: {point.decisions} decision(s) in {point.attempts} attempt(s)"
        )
        width = max((len(o.choice) for o in point.options), default=6)
        for o in point.options:
            share = "   -  " if o.share is None else f"{float(o.share) * 100:5.1f}%"
            mean = round_half_up(o.mean_total, 1)
            mean_text = "    -" if mean is None else f"{mean:5.1f}"
            bar = "#" * round(float(o.share or 0) * 20)
            mark = "" if o.in_version else "  (older version)"
            lines.append(
                f"  {o.choice.ljust(width)}  {o.count:6d}  {share}  mean {mean_text}"
                f" (n={o.finished})  h{o.help} s{o.sanction}  {bar.ljust(20)}{mark}"
            )
    return "\n".join(lines)


__all__ = [
    "DecisionPoint",
    "OptionDistribution",
    "OptionStat",
    "distribution_of",
    "format_text",
    "option_distribution",
]
