"""Option distribution: at each decision point of a case, what the cohort chose.

Per decision point (a scene with choices) and per option of it: how often it was chosen
(a choice taken twice in a loop counts twice) and its share of the decisions there; how
many attempts chose it; and the mean total of the *finished* attempts that chose it at
least once. Decisions of open and abandoned attempts count in the counts and shares, not
in the means. Options never chosen are listed with zero, so a point nobody reached shows
as such. Each option and point also counts the decisions by the place the chosen option
was shown at (``reporting.positions``: "chosen by position shown").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from frontlijn_game.reporting.common import (
    AttemptRow,
    Sample,
    Selection,
    Version,
    load_sample,
    mean_of_tenths,
    pick_versions,
    report_header,
    round_half_up,
    scenarios_of,
    versions_of,
)
from frontlijn_game.reporting.positions import (
    Positions,
    add_rows,
    as_row,
    positions_from_tallies,
    positions_of_attempts,
)
from frontlijn_game.scenario.model import Scenario, goto_targets
from frontlijn_game.store.models import Attempt, OptionTally

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
    attempts: int | None
    """Attempts that took the option here at least once (None: counted without them)."""
    finished: int | None
    """Finished attempts among them: the ones ``mean_total`` averages."""
    mean_total: Fraction | None
    in_version: bool = True
    """False for an option that only an older version had (all-versions view)."""
    by_position: tuple[int, ...] = ()
    """Decisions that took the option when it was shown at place 1, 2, 3..."""

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
            "chosen_by_position": list(self.by_position),
        }


@dataclass(frozen=True)
class DecisionPoint:
    scene: str
    title: str | None
    decisions: int
    attempts: int | None
    """Attempts that decided here at least once (None: counted without them)."""
    options: tuple[OptionStat, ...]
    by_position: tuple[int, ...] = ()
    """Decisions here whose chosen option was shown at place 1, 2, 3..."""

    def option(self, choice: str) -> OptionStat:
        return next(o for o in self.options if o.choice == choice)

    def to_json(self) -> dict[str, Any]:
        return {
            "scene": self.scene,
            "title": self.title,
            "decisions": self.decisions,
            "attempts": self.attempts,
            "chosen_by_position": list(self.by_position),
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
            **report_header(FORMAT, self.title, self.selection, self.versions),
            "available_versions": [v.to_json() for v in self.available],
            "attempts": self.attempts,
            "finished_attempts": self.finished,
            "decision_points": [p.to_json() for p in self.points],
        }


def option_distribution(session: Session, selection: Selection) -> OptionDistribution:
    """The option distribution of ``selection`` (see the module docstring).

    Without a cohort it is read from the option tallies the store keeps per version and
    per first/later attempt (a few hundred rows, whatever the number of attempts); a
    cohort's attempts (or a cursusleider's, ``selection.within``) are read and counted one
    by one (:func:`distribution_of`).
    """
    available = versions_of(session, selection.scenario_id, selection.within)
    versions = pick_versions(available, selection)
    if selection.cohort is not None or selection.within is not None:
        sample = load_sample(session, selection, available)
        return distribution_of(
            sample, positions_of_attempts(session, [a.id for a in sample.attempts])
        )
    ids = sorted(v.snapshot_id for v in versions)
    t = OptionTally
    query = (
        select(
            t.scene, t.choice, func.sum(t.decisions), func.sum(t.attempts),
            func.sum(t.scene_firsts), func.sum(t.finished), func.sum(t.total_tenths),
        )
        .where(t.snapshot_id.in_(ids))
        .group_by(t.scene, t.choice)
    )  # fmt: skip
    if selection.first_only:
        query = query.where(t.first_attempt == true())
    counts: Counter[tuple[str, str]] = Counter()
    attempts: Counter[tuple[str, str]] = Counter()
    finished: Counter[tuple[str, str]] = Counter()
    sums: dict[tuple[str, str], int] = {}
    points: Counter[str] = Counter()
    for scene, choice, n, took, firsts, done, tenths in session.execute(query):
        key = (scene, choice)
        counts[key], attempts[key], finished[key] = int(n), int(took), int(done)
        sums[key] = int(tenths)
        points[scene] += int(firsts)
    tally = _Tally(counts, attempts, finished, sums, points)
    tally.positions = positions_from_tallies(session, ids, selection.first_only)
    n_attempts, n_finished = _attempt_counts(session, selection, versions, available)
    scenarios = scenarios_of(session, versions)
    return _build(
        selection, tuple(versions), tuple(available), [scenarios[v.snapshot_id] for v in versions],
        tally, n_attempts, n_finished,
    )  # fmt: skip


def _attempt_counts(
    session: Session, selection: Selection, versions: list[Version], available: list[Version]
) -> tuple[int, int]:
    """Attempts and finished attempts of the selection (no cohort), from an index alone."""
    a = Attempt
    query = select(a.status, func.count()).where(a.scenario_id == selection.scenario_id)
    if len(versions) < len(available):
        query = query.where(a.snapshot_id.in_(sorted(v.snapshot_id for v in versions)))
    if selection.first_only:
        query = query.where(a.first_attempt == true())
    counts = {status: int(n) for status, n in session.execute(query.group_by(a.status))}
    return sum(counts.values()), counts.get("finished", 0)


@dataclass
class _Tally:
    counts: Counter[tuple[str, str]]
    attempts: Counter[tuple[str, str]] | None
    finished: Counter[tuple[str, str]] | None
    sums: dict[tuple[str, str], int]
    points: Counter[str] | None
    positions: Positions | None = None


def repeats_possible(scenario: Scenario) -> bool:
    """True when some scene can be entered twice (the scene graph has a cycle).

    Without a cycle no attempt takes a choice or decides at a scene twice, so the counts
    of decisions are the counts of attempts and one pass over the choices is enough.
    """
    state: dict[str, int] = {}
    for root in scenario.scenes:
        if root in state:
            continue
        stack: list[tuple[str, list[str]]] = [(root, _targets(scenario, root))]
        state[root] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                state[node] = 2
                stack.pop()
                continue
            nxt = todo.pop()
            mark = state.get(nxt)
            if mark == 1:
                return True
            if mark is None:
                state[nxt] = 1
                stack.append((nxt, _targets(scenario, nxt)))
    return False


def _targets(scenario: Scenario, scene: str) -> list[str]:
    return sorted({t for c in scenario.scenes[scene].choices for t in goto_targets(c.goto)})


def distribution_of(sample: Sample, positions: Positions | None = None) -> OptionDistribution:
    """Count a loaded sample with C-level counters over each attempt's choices
    (``positions``: its decisions by place shown, read from their rows).

    Attempts are grouped by version and by total (totals are tenths, so there are few
    groups); one ``Counter`` per group counts its choices, and the groups' counts add up
    to the decisions, the finished attempts and the sums of totals per option.
    """
    counts: Counter[tuple[str, str]] = Counter()
    attempts: Counter[tuple[str, str]] = Counter()
    finished: Counter[tuple[str, str]] = Counter()
    sums: dict[tuple[str, str], int] = {}
    points: Counter[str] = Counter()
    groups: dict[int, list[AttemptRow]] = {}
    for row in sample.attempts:
        groups.setdefault(row.snapshot_id, []).append(row)
    for snapshot_id, rows in groups.items():
        scenario = sample.scenarios[snapshot_id]
        scene_of = {cid: c.scene for cid, c in scenario.choices.items()}
        repeats = repeats_possible(scenario)
        # Bucket -1 holds the attempts that are not finished.
        buckets: dict[int, list[Collection[str]]] = {}
        for row in rows:
            total = row.total
            bucket = round(total * 10) if row.status == "finished" and total is not None else -1
            chosen: Collection[str] = set(row.chosen) if repeats else row.chosen
            buckets.setdefault(bucket, []).append(chosen)
        local_attempts: Counter[str] = Counter()
        local_finished: Counter[str] = Counter()
        local_sums: Counter[str] = Counter()
        for t, lists in buckets.items():
            tally_t = Counter(chain.from_iterable(lists))
            local_attempts.update(tally_t)
            if t >= 0:
                local_finished.update(tally_t)
                for cid, k in tally_t.items():
                    local_sums[cid] += t * k
        if repeats:
            local = Counter(chain.from_iterable(row.chosen for row in rows))
        else:
            local = local_attempts
        unknown = set(local) - set(scene_of)
        if unknown:  # cannot happen for a state written by the engine; keep them visible
            scene_of.update(dict.fromkeys(unknown, "?"))
        if repeats:
            get = scene_of.__getitem__
            points.update(chain.from_iterable(set(map(get, row.chosen)) for row in rows))
        for cid, n in local.items():
            key = (scene_of[cid], cid)
            counts[key] += n
            attempts[key] += local_attempts[cid]
            finished[key] += local_finished[cid]
            sums[key] = sums.get(key, 0) + local_sums[cid]
            if not repeats:
                points[key[0]] += local_attempts[cid]
    tally = _Tally(counts, attempts, finished, sums, points, positions)
    return _build(
        sample.selection, sample.versions, sample.available,
        [sample.scenarios[v.snapshot_id] for v in sample.versions], tally,
        len(sample.attempts), sum(1 for a in sample.attempts if a.finished),
    )  # fmt: skip


def _build(
    selection: Selection,
    versions: tuple[Version, ...],
    available: tuple[Version, ...],
    scenarios: list[Scenario],
    tally: _Tally,
    n_attempts: int,
    n_finished: int,
) -> OptionDistribution:
    newest = scenarios[0]
    counts = tally.counts
    scene_order: list[str] = []
    for scenario in scenarios:
        scene_order.extend(
            s for s, scene in scenario.scenes.items() if scene.choices and s not in scene_order
        )
    scene_order.extend(sorted({scene for scene, _ in counts} - set(scene_order)))
    points: list[DecisionPoint] = []
    for scene_id in scene_order:
        option_ids: list[str] = []
        for scenario in scenarios:
            scene = scenario.scenes.get(scene_id)
            if scene is not None:
                option_ids.extend(c.id for c in scene.choices if c.id not in option_ids)
        option_ids.extend(sorted(c for s, c in counts if s == scene_id and c not in option_ids))
        total = sum(counts[(scene_id, c)] for c in option_ids)
        places = max(
            (len(sc.scenes[scene_id].choices) for sc in scenarios if scene_id in sc.scenes),
            default=0,
        )
        got = tally.positions or {}
        options = []
        for cid in option_ids:
            key = (scene_id, cid)
            choice = next((sc.choices[cid] for sc in scenarios if cid in sc.choices), None)
            n_fin = None if tally.finished is None else tally.finished[key]
            options.append(
                OptionStat(
                    choice=cid,
                    text=choice.text if choice is not None else cid,
                    help=choice.help if choice is not None else 0,
                    sanction=choice.sanction if choice is not None else 0,
                    count=counts[key],
                    share=Fraction(counts[key], total) if total else None,
                    attempts=None if tally.attempts is None else tally.attempts[key],
                    finished=n_fin,
                    mean_total=None if not n_fin else mean_of_tenths(tally.sums.get(key, 0), n_fin),
                    in_version=cid in newest.choices and newest.choices[cid].scene == scene_id,
                    by_position=as_row(got.get(key), places),
                )
            )
        title = next((sc.scenes[scene_id].title for sc in scenarios if scene_id in sc.scenes), None)
        n_points = None if tally.points is None else tally.points[scene_id]
        by_place = add_rows(o.by_position for o in options)
        points.append(DecisionPoint(scene_id, title, total, n_points, tuple(options), by_place))
    return OptionDistribution(
        scenario_id=selection.scenario_id,
        title=newest.title,
        selection=selection,
        versions=versions,
        available=available,
        attempts=n_attempts,
        finished=n_finished,
        points=tuple(points),
    )


__all__ = [
    "DecisionPoint",
    "OptionDistribution",
    "OptionStat",
    "distribution_of",
    "option_distribution",
]
