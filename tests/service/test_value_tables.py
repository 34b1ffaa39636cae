"""Value tables are built once per case version, out of process, and shared by file."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlijn_game.engine.paths import analyse, best_continuation
from frontlijn_game.engine.paths.continuations import CONTINUATIONS, has_table
from frontlijn_game.engine.playthrough import Playthrough
from frontlijn_game.scenario.content import bundled_content_dir
from frontlijn_game.scenario.loader import load_scenario
from frontlijn_game.scenario.model import Scenario
from frontlijn_game.service import value_tables
from frontlijn_game.service.value_tables import CACHE_ENV, ensure_table, table_path


def bundled(name: str) -> Scenario:
    scenario, diagnostics = load_scenario(bundled_content_dir() / f"scenarios/{name}.yaml")
    assert scenario is not None, diagnostics
    return scenario


def test_a_big_case_is_built_in_a_child_once_and_read_from_the_file_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    scenario = bundled("winkel-witwassen")  # ~110,000 states: over the in-process bound
    CONTINUATIONS.pop(scenario, None)
    builds: list[str] = []
    child = value_tables._build_out_of_process

    def counted(s: Scenario) -> bytes:
        builds.append(s.id)
        return child(s)

    monkeypatch.setattr(value_tables, "_build_out_of_process", counted)

    def no_build_here(s: Scenario) -> None:
        raise AssertionError("built in process")

    monkeypatch.setattr(value_tables, "_build_here", no_build_here)
    ensure_table(scenario)
    assert builds == ["winkel-witwassen"] and has_table(scenario)
    path = table_path(scenario)
    assert path.is_file() and path.stat().st_mode & 0o777 == 0o600
    start = Playthrough.start(scenario, seed=4)
    found = best_continuation(scenario, start.state)
    exhaustive = analyse(scenario).best
    assert found is not None and exhaustive is not None
    assert (found.choices, found.draws, found.total) == (
        exhaustive.choices,
        exhaustive.draws,
        exhaustive.total,
    )
    # Another worker (here: the same process, its table forgotten) reads the file.
    CONTINUATIONS.pop(scenario, None)
    ensure_table(scenario)
    assert builds == ["winkel-witwassen"] and has_table(scenario)
    again = best_continuation(scenario, start.state)
    assert again == found
    CONTINUATIONS.pop(scenario, None)


def test_a_damaged_file_is_rebuilt_and_a_small_case_needs_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini: Scenario
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    ensure_table(mini)
    assert has_table(mini) and not any(tmp_path.iterdir())
    scenario = bundled("winkel-witwassen")
    CONTINUATIONS.pop(scenario, None)
    table_path(scenario).write_bytes(b"FLVT garbage")
    monkeypatch.setattr(value_tables, "_build_out_of_process", lambda s: b"not a table")
    ensure_table(scenario)  # the child's answer is no table either: built in process
    assert has_table(scenario)
    CONTINUATIONS.pop(scenario, None)
    CONTINUATIONS.pop(mini, None)
