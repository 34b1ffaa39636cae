"""A cursusleider of cohort A gets nothing of cohort B through the service layer: cohorts,
matrix, trainee detail, replay, option distribution, item statistics, both exports, and
the cohort writes; a beheerder sees everything (``tests/scopehelp.py`` builds the world)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from leaderhelp import Recorded
from uihelp import CONTENT

from frontlijn_game.reporting.xapi import XapiSettings
from frontlijn_game.scenario.content import load_library
from frontlijn_game.service import accounts, reports
from frontlijn_game.service.errors import LeaderDataError
from frontlijn_game.service.leader import LeaderData
from frontlijn_game.service.scope import LeaderScope, NotAllowed
from frontlijn_game.store.errors import UnknownAttempt, UnknownCohort, UnknownTrainee
from frontlijn_game.store.service import Store
from scopehelp import A_CODES, B_CODE, LOOSE_CODE, SHARED_CODE, SplitCohorts, split_cohorts

GROEP_A = {"T1", "T2", "T3", *A_CODES, SHARED_CODE}
"""groep-a's members: leaderhelp's T1-T3 and the helper's three (one also in groep-b)."""


@pytest.fixture
def world(recorded: Recorded) -> SplitCohorts:
    return split_cohorts(recorded.url)


def data_as(world: SplitCohorts, store: Store, leader: str | None) -> LeaderData:
    scope = LeaderScope.owner() if leader is None else world.scope(leader)
    return LeaderData(store, load_library(CONTENT), scope)


def rows(data: LeaderData, cohort: str | None = None) -> set[str]:
    return {row.code for row in data.matrix(cohort).matrix.rows}


def test_a_cursusleider_sees_only_their_cohort(world: SplitCohorts) -> None:
    with Store.open(world.url) as store:
        a = data_as(world, store, world.leader_a)
        assert a.scope.role == "cursusleider" and a.scope.cohorts == ("groep-a",)
        assert [c.name for c in a.cohorts()] == ["groep-a"]
        assert a.trainee_count() == len(GROEP_A)
        everyone = a.matrix(None)
        assert {r.code for r in everyone.matrix.rows} == GROEP_A and everyone.limited
        assert rows(a, "groep-a") == GROEP_A
        with pytest.raises(UnknownCohort):
            a.matrix("groep-b")
        for code in (B_CODE, LOOSE_CODE, "T4"):  # B's, and trainees in no cohort
            with pytest.raises(UnknownTrainee):
                a.trainee(code)
        assert a.trainee("ZALFA1").attempts
        # A trainee of both cohorts: theirs, but B's name (and curricula) stay out of it.
        shared = a.trainee(SHARED_CODE)
        assert shared.trainee.cohorts == ("groep-a",)
        for attempt_id in world.attempts[B_CODE] + world.attempts[LOOSE_CODE]:
            with pytest.raises(UnknownAttempt):
                a.replay(attempt_id)
        assert a.replay(world.attempts["ZALFA1"][0]).steps

        b = data_as(world, store, world.leader_b)
        assert [c.name for c in b.cohorts()] == ["groep-b"]
        assert rows(b) == {B_CODE, SHARED_CODE} and b.trainee_count() == 2
        assert b.trainee(SHARED_CODE).trainee.cohorts == ("groep-b",)
        with pytest.raises(UnknownCohort):
            b.matrix("groep-a")


def test_a_beheerder_sees_everyone(world: SplitCohorts) -> None:
    with Store.open(world.url) as store:
        for data in (data_as(world, store, world.beheerder), data_as(world, store, None)):
            assert data.scope.sees_all
            assert [c.name for c in data.cohorts()] == ["groep-a", "groep-b"]
            assert rows(data) == GROEP_A | {B_CODE, LOOSE_CODE, "T4"}
            assert not data.matrix(None).limited
            assert data.trainee(B_CODE).attempts
            assert data.trainee(SHARED_CODE).trainee.cohorts == ("groep-a", "groep-b")


def _points(report: dict[str, Any]) -> Any:
    """A report's figures without its header (cohort name, versions' attempt counts)."""
    return {
        k: v for k, v in report.items() if k not in ("cohort", "versions", "available_versions")
    }


def test_reports_count_only_the_cohort(world: SplitCohorts) -> None:
    with Store.open(world.url) as store:
        a = data_as(world, store, world.leader_a)
        owner = data_as(world, store, None)
        mine = a.options("ui-proef", None).to_json()
        cohort_a = owner.options("ui-proef", "groep-a").to_json()
        everyone = owner.options("ui-proef", None).to_json()
        assert _points(mine) == _points(cohort_a) != _points(everyone)
        # The versions' attempt counts, too, are of A's trainees only.
        assert sum(v["attempts"] for v in mine["versions"]) == mine["attempts"]
        assert a.options("ui-proef", "groep-a").to_json()["attempts"] == mine["attempts"]
        with pytest.raises(UnknownCohort):
            a.options("ui-proef", "groep-b")
        items = a.items("ui-proef", None).to_json()
        assert _points(items) == _points(owner.items("ui-proef", "groep-a").to_json())
        with pytest.raises(UnknownCohort):
            a.items("ui-proef", "groep-b")
        # first-only and all-versions go through the same limit.
        firsts = a.options("ui-proef", None, first_only=True, all_versions=True).to_json()
        assert firsts["attempts"] <= mine["attempts"]
        world.assert_nothing_of_b(json.dumps([mine, items, firsts]))


def test_csv_and_xapi_exports_hold_only_the_cohort(world: SplitCohorts, tmp_path: Path) -> None:
    with Store.open(world.url) as store:
        a = world.scope(world.leader_a)
        done = reports.export_csv(store, tmp_path / "a", a)
        full = reports.export_csv(store, tmp_path / "all", LeaderScope.owner())
        attempts = done.attempts.read_text(encoding="utf-8")
        decisions = done.decisions.read_text(encoding="utf-8")
        world.assert_nothing_of_b(attempts + decisions)
        codes = {line.split(",")[1] for line in attempts.splitlines()[1:]}
        assert codes == GROEP_A - {SHARED_CODE}  # every member with an attempt
        assert done.attempt_rows < full.attempt_rows
        ids = {line.split(",")[0] for line in attempts.splitlines()[1:]}
        assert {line.split(",")[0] for line in decisions.splitlines()[1:]} <= ids
        assert done.decision_rows < full.decision_rows
        excel = reports.export_csv(store, tmp_path / "x", a, excel=True)
        world.assert_nothing_of_b(excel.attempts.read_text(encoding="utf-8-sig"))

        settings = XapiSettings(home_page="https://example.org")
        with reports.xapi_statements(store, settings, None, None, a) as statements:
            mine = list(statements)
        with reports.xapi_statements(store, settings, None, None, LeaderScope.owner()) as rest:
            every = list(rest)
        assert mine and len(mine) < len(every)
        world.assert_nothing_of_b(json.dumps(mine))
        assert B_CODE in json.dumps(every)  # the markers would show if they leaked
        with (
            pytest.raises(UnknownCohort),
            reports.xapi_statements(store, settings, "groep-b", None, a) as statements,
        ):
            list(statements)


def test_cohort_writes_stay_in_scope(world: SplitCohorts) -> None:
    with Store.open(world.url) as store:
        a = data_as(world, store, world.leader_a)
        with pytest.raises(NotAllowed, match="beheerder"):
            a.create_cohort("groep-c", None)
        with pytest.raises(UnknownCohort):
            a.enrol("groep-b", ["NIEUW1"])
        # Another cohort's trainee (or one in none) would bring their history along.
        for code in (B_CODE, LOOSE_CODE):
            with pytest.raises(LeaderDataError, match="alleen een beheerder"):
                a.enrol("groep-a", [code])
        done = a.enrol("groep-a", ["NIEUW1", "ZALFA1"])
        assert done.created == ("NIEUW1",) and done.added == ("NIEUW1",) and done.already == 1
        assert "NIEUW1" in rows(a)
        assert {t.code for t in store.list_trainees("groep-b")} == {B_CODE, SHARED_CODE}
        boss = data_as(world, store, world.beheerder)
        assert boss.create_cohort("groep-c", None).name == "groep-c"
        assert boss.enrol("groep-c", [B_CODE]).added == (B_CODE,)


def test_taking_a_cohort_away_works_at_the_next_view(world: SplitCohorts) -> None:
    with Store.open(world.url) as store:
        a = data_as(world, store, world.leader_a)  # signed in before the change
        assert rows(a) == GROEP_A
        owner = LeaderScope.owner()
        accounts.unassign(store, owner, world.leader_a, "groep-a")
        assert a.cohorts() == [] and rows(a) == set() and a.trainee_count() == 0
        with pytest.raises(UnknownTrainee):
            a.trainee("ZALFA1")
        accounts.assign(store, owner, world.leader_a, "groep-b")
        assert rows(a) == {B_CODE, SHARED_CODE}
        # A removed account sees nothing at all, whatever its old session says.
        accounts.remove(store, owner, world.leader_a)
        assert rows(a) == set() and a.cohorts() == []
