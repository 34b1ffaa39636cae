"""``frontlijn report|export --leader NAME`` and ``frontlijn leader assign|unassign|list``:
a cursusleider of cohort A gets nothing of cohort B through the command line, the CSV
export or the xAPI export; without ``--leader`` the commands act as the database's owner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from frontlijn_game.cli import cli
from scopehelp import B_CODE, LOOSE_CODE, UI_CONTENT, SplitCohorts, split_cohorts

HOME = "https://oefenen.example.nl"


@pytest.fixture
def world(tmp_path: Path) -> SplitCohorts:
    return split_cohorts(f"sqlite:///{tmp_path / 'scope.sqlite3'}")


def frontlijn(url: str, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(
        cli, ["--db", url, "--content", str(UI_CONTENT), *args], input=input,
        catch_exceptions=False,
    )  # fmt: skip


def ok(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return result


def as_leader(world: SplitCohorts, leader: str, *args: str) -> Result:
    """The command as ``leader``, the password on standard input."""
    return frontlijn(
        world.url, *args, "--leader", leader, "--leader-password-file", "-",
        input=world.password + "\n",
    )  # fmt: skip


def test_reports_as_a_cursusleider(world: SplitCohorts) -> None:
    mine = json.loads(
        ok(as_leader(world, world.leader_a, "report", "options", "ui-proef", "--json")).stdout
    )
    every = json.loads(ok(frontlijn(world.url, "report", "options", "ui-proef", "--json")).stdout)
    assert mine["attempts"] == 2 and every["attempts"] == 4  # A's two, not B's nor the loose one
    text = ok(as_leader(world, world.leader_a, "report", "options", "ui-proef")).stdout
    items = ok(as_leader(world, world.leader_a, "report", "items", "ui-proef", "--json")).stdout
    world.assert_nothing_of_b(text + items + json.dumps(mine))
    refused = as_leader(
        world, world.leader_a, "report", "options", "ui-proef", "--cohort", "groep-b"
    )
    assert refused.exit_code == 1 and "groep-b" in refused.stderr  # unknown, as if absent
    assert "Traceback" not in refused.output
    theirs = json.loads(
        ok(as_leader(world, world.leader_b, "report", "options", "ui-proef", "--json")).stdout
    )
    assert theirs["attempts"] == 1
    # --password-file is the same option on the report commands.
    alias = frontlijn(
        world.url, "report", "options", "ui-proef", "--json", "--leader", world.leader_a,
        "--password-file", "-", input=world.password + "\n",
    )  # fmt: skip
    assert json.loads(ok(alias).stdout)["attempts"] == 2


def test_a_wrong_leader_login_gets_nothing(world: SplitCohorts) -> None:
    wrong = frontlijn(
        world.url, "report", "options", "ui-proef", "--leader", world.leader_a,
        "--leader-password-file", "-", input="niet-het-wachtwoord\n",
    )  # fmt: skip
    assert wrong.exit_code == 1
    assert "name or password is wrong" in wrong.stderr
    assert "Luister" not in wrong.stdout and wrong.stdout == ""
    alone = frontlijn(world.url, "export", "csv", "--leader-password-file", "-", input="x\n")
    assert alone.exit_code == 2


def test_csv_export_as_a_cursusleider(world: SplitCohorts, tmp_path: Path) -> None:
    ok(as_leader(world, world.leader_a, "export", "csv", "-o", str(tmp_path / "a")))
    attempts = (tmp_path / "a" / "attempts.csv").read_text(encoding="utf-8")
    decisions = (tmp_path / "a" / "decisions.csv").read_text(encoding="utf-8")
    world.assert_nothing_of_b(attempts + decisions)
    assert len(attempts.splitlines()) == 3  # header and A's two attempts
    ok(frontlijn(world.url, "export", "csv", "-o", str(tmp_path / "all")))
    everything = (tmp_path / "all" / "attempts.csv").read_text(encoding="utf-8")
    assert B_CODE in everything and LOOSE_CODE in everything


def test_xapi_export_as_a_cursusleider(world: SplitCohorts, tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    ok(as_leader(world, world.leader_a, "export", "xapi", "-o", str(out), "--home-page", HOME))
    mine = json.loads(out.read_text(encoding="utf-8"))
    world.assert_nothing_of_b(json.dumps(mine))
    stdout = as_leader(world, world.leader_a, "export", "xapi", "--home-page", HOME)
    assert json.loads(ok(stdout).stdout) == mine  # the question went to standard error
    every = json.loads(ok(frontlijn(world.url, "export", "xapi", "--home-page", HOME)).stdout)
    assert 0 < len(mine) < len(every) and B_CODE in json.dumps(every)
    refused = as_leader(
        world, world.leader_a, "export", "xapi", "--home-page", HOME, "--cohort", "groep-b"
    )
    assert refused.exit_code == 1 and "Traceback" not in refused.output


def test_leader_accounts_roles_and_cohorts(world: SplitCohorts, tmp_path: Path) -> None:
    listed = json.loads(ok(frontlijn(world.url, "leader", "list", "--json")).stdout)["leaders"]
    roles = {x["name"]: (x["role"], x["cohorts"]) for x in listed}
    assert roles == {
        "baas": ("beheerder", []),
        "leider-a": ("cursusleider", ["groep-a"]),
        "leider-b": ("cursusleider", ["groep-b"]),
    }
    table = ok(frontlijn(world.url, "--lang", "nl", "leader", "list")).stdout
    assert "leider-a" in table and "groep-a" in table and "beheerder" in table
    added = frontlijn(
        world.url, "leader", "add", "carla", "--cohort", "groep-a", "--cohort", "groep-b",
        "--password-file", "-", input="nog-een-heel-lang-wachtwoord\n",
    )  # fmt: skip
    assert ok(added).stdout.startswith("added course leader carla")
    assert "groep-a, groep-b" in added.stderr
    moved = ok(frontlijn(world.url, "leader", "unassign", "carla", "groep-a")).stdout
    assert "carla" in moved and "groep-a" in moved
    again = ok(frontlijn(world.url, "leader", "unassign", "carla", "groep-a")).stdout
    assert "nothing changed" in again
    ok(frontlijn(world.url, "leader", "assign", "leider-a", "groep-b"))
    both = json.loads(
        ok(as_leader(world, world.leader_a, "report", "options", "ui-proef", "--json")).stdout
    )
    assert both["attempts"] == 3
    promoted = ok(frontlijn(world.url, "leader", "role", "leider-a", "beheerder")).stdout
    assert "leider-a" in promoted
    every = json.loads(
        ok(as_leader(world, world.leader_a, "report", "options", "ui-proef", "--json")).stdout
    )
    assert every["attempts"] == 4
    for args, message in (
        (("leader", "assign", "niemand", "groep-a"), "niemand"),
        (("leader", "assign", "carla", "west"), "west"),
        (("leader", "add", "dirk", "--cohort", "west", "--password-file", "-"), "west"),
        (("leader", "role", "carla", "koning"), "koning"),
    ):
        result = frontlijn(world.url, *args, input="nog-een-heel-lang-wachtwoord\n")
        assert result.exit_code in (1, 2) and message in result.output, (args, result.output)
        assert "Traceback" not in result.output
