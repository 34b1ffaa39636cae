"""``frontlijn lti add|list|remove|grades|send``: registrations and the tool's keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from frontlijn_game.cli import cli

ISS = "https://moodle.example.org"
PLATFORM = [
    "--issuer", ISS, "--client-id", "AbC123", "--deployment", "1", "--deployment", "7",
    "--auth-url", f"{ISS}/mod/lti/auth.php", "--token-url", f"{ISS}/mod/lti/token.php",
    "--jwks-url", f"{ISS}/mod/lti/certs.php",
]  # fmt: skip


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("FRONTLIJN_LTI_KEYS", str(tmp_path / "keys"))
    return f"sqlite:///{tmp_path / 'lti.sqlite3'}"


def frontlijn(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, *args], catch_exceptions=False)


def test_add_list_remove(url: str, tmp_path: Path) -> None:
    added = frontlijn(url, "lti", "add", *PLATFORM, "--json")
    assert added.exit_code == 0, added.output
    info = json.loads(added.output)
    key = Path(info["key_file"])
    assert key.parent == tmp_path / "keys"
    assert key.stat().st_mode & 0o777 == 0o600 and key.parent.stat().st_mode & 0o777 == 0o700
    assert "PRIVATE KEY" not in added.output  # the key itself is never printed
    listed = json.loads(frontlijn(url, "lti", "list", "--json").output)["registrations"]
    assert [
        (r["issuer"], r["client_id"], r["deployment_ids"], r["key_present"]) for r in listed
    ] == [(ISS, "AbC123", ["1", "7"], True)]
    text = frontlijn(url, "lti", "list").output
    assert ISS in text and "AbC123" in text
    deployed = frontlijn(
        url, "lti", "deploy", "--issuer", ISS, "--deployment", "9", "--deployment", "7"
    )
    assert deployed.exit_code == 0 and "1, 7, 9" in deployed.output
    again = frontlijn(url, "lti", "add", *PLATFORM)
    assert again.exit_code == 1 and "exists already" in again.output
    removed = frontlijn(url, "lti", "remove", "--issuer", ISS)
    assert removed.exit_code == 0 and "Removed" in removed.output
    assert not key.exists()
    assert "No learning platforms" in frontlijn(url, "lti", "list").output
    gone = frontlijn(url, "lti", "remove", "--issuer", ISS)
    assert gone.exit_code == 1 and "Traceback" not in gone.output


def test_bad_input_is_refused_with_a_clear_message(url: str, tmp_path: Path) -> None:
    bad = [*PLATFORM]
    bad[bad.index("--jwks-url") + 1] = "ftp://moodle.example.org/certs"
    result = frontlijn(url, "lti", "add", *bad)
    assert result.exit_code == 1
    assert "--jwks-url is not an http(s) address" in result.output
    assert not (tmp_path / "keys").exists() or not any((tmp_path / "keys").iterdir())
    missing = frontlijn(url, "lti", "add", "--issuer", ISS)
    assert missing.exit_code == 2  # usage: the required options are named


def test_grades_and_send_with_nothing_to_do(url: str) -> None:
    frontlijn(url, "lti", "add", *PLATFORM)
    assert json.loads(frontlijn(url, "lti", "grades", "--json").output) == {"grades": []}
    sent = frontlijn(url, "lti", "send")
    assert sent.exit_code == 0 and "0 newly queued; 0 sent" in sent.output
