"""The trainer's commands speak the interface language: validate, paths, playtest, run,
test, inspect and new (issue 20). Dutch by default, English with ``--lang en``; the
``file:line:col``, the ``[code]`` and every ``--json`` key and code are the same in both."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from frontlijn_game.cli import cli, hoist_global_options
from helpers import FIXTURES

BROKEN = """\
format: frontlijn/scenario@1
id: kapot
title: Kapotte casus
onbekend: 3
variables:
  vertrouwen: {initial: 50, min: 0, max: 100}
scoring:
  target_balance: [0.3, 0.5]
  weights: {balance: 0.5, outcome: 0.5, process: 0}
start: begin
scenes:
  begin:
    text: "Samir staat voor je."
    choices:
      - id: vraag_door
        text: Vraag door
        when: "vertrouwe > 10"
        goto: nergens
  eind:
    text: Klaar
    ending: {label: Klaar, outcome: 50, kind: goed}
"""
ENGLISH_WORDS = re.compile(
    r"\b(unknown|must|does not|did you mean|expected|never|choice|scene|ending|"
    r"decisions|runs|states|searched|wrote|next|note)\b"
)
LINE = re.compile(
    r"^(?P<place>\S+:\d+:\d+: (?:error|warning): )(?P<message>.*) \[(?P<code>[a-z-]+)\]$"
)


@pytest.fixture(autouse=True)
def no_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTLIJN_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def frontlijn(*args: str) -> Result:
    return CliRunner().invoke(cli, hoist_global_options(args), catch_exceptions=False)


def diagnostics(output: str) -> list[tuple[str, str, str]]:
    """(place, message, code) of every diagnostic line."""
    return [
        (m["place"], m["message"], m["code"])
        for line in output.splitlines()
        if (m := LINE.match(line)) is not None
    ]


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "kapot.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_validate_is_dutch_by_default_with_the_same_places_and_codes_as_english(
    broken: Path,
) -> None:
    dutch = frontlijn("validate", str(broken))
    english = frontlijn("--lang", "en", "validate", str(broken))
    assert dutch.exit_code == english.exit_code == 1
    nl, en = diagnostics(dutch.stderr), diagnostics(english.stderr)
    assert len(nl) >= 4 and len(nl) == len(dutch.stderr.splitlines()) - 1
    assert [(p, c) for p, _m, c in nl] == [(p, c) for p, _m, c in en]
    assert {c for _p, _m, c in nl} >= {"unknown-key", "unknown-variable", "unknown-scene"}
    for (_p, dutch_message, code), (_q, english_message, _c) in zip(nl, en, strict=True):
        assert dutch_message != english_message, code
        assert not ENGLISH_WORDS.search(dutch_message), dutch_message
    by_code = {c: m for _p, m, c in nl}
    assert by_code["unknown-key"] == "onbekende sleutel 'onbekend' in het scenario"
    assert by_code["unknown-variable"] == (
        "voorwaarde van keuze 'vraag_door': onbekende variabele 'vertrouwe' "
        "(bedoel je 'vertrouwen'?)"
    )
    assert {c: m for _p, m, c in en}["unknown-key"] == "unknown key 'onbekend' in the scenario"
    assert dutch.stderr.splitlines()[-1] == "1 bestand gecontroleerd: 4 fouten, 0 waarschuwingen"


def test_validate_json_keeps_its_keys_and_codes_and_words_the_message(broken: Path) -> None:
    dutch = json.loads(frontlijn("validate", "--json", str(broken)).stdout)
    english = json.loads(frontlijn("--lang", "en", "validate", "--json", str(broken)).stdout)
    assert dutch.keys() == english.keys()
    assert {k: v for k, v in dutch.items() if k != "diagnostics"} == {
        k: v for k, v in english.items() if k != "diagnostics"
    }
    for nl, en in zip(dutch["diagnostics"], english["diagnostics"], strict=True):
        assert nl.keys() == en.keys() == {"file", "line", "col", "severity", "message", "code"}
        assert {k: v for k, v in nl.items() if k != "message"} == {
            k: v for k, v in en.items() if k != "message"
        }
        assert nl["message"] != en["message"]


def test_paths_and_playtest_speak_dutch() -> None:
    case = str(FIXTURES / "mini.yaml")
    paths = frontlijn("paths", case)
    assert paths.exit_code == 0, paths.output
    assert "toestanden doorzocht" in paths.stdout and "eindes bereikt:" in paths.stdout
    english = frontlijn("--lang", "en", "paths", case).stdout
    assert "states searched" in english and "endings reached:" in english
    playtest = frontlijn("playtest", case, "--runs", "20", "--seed", "3")
    assert playtest.exit_code == 0, playtest.output
    assert "20 doorlopen (seed 3)" in playtest.stdout
    assert "\nEindes\n" in playtest.stdout and "Scènes (bezoeken)" in playtest.stdout
    assert "20 runs (seed 3)" in frontlijn("--lang", "en", "playtest", case, "--runs", "20",
                                            "--seed", "3").stdout  # fmt: skip
    json_nl = json.loads(frontlijn("paths", case, "--json").stdout)
    json_en = json.loads(frontlijn("--lang", "en", "paths", case, "--json").stdout)
    for data in (json_nl, json_en):  # timings differ from run to run
        data.pop("seconds"), data["assessment"].pop("seconds")
    assert json_nl == json_en


def test_run_with_a_choice_not_offered_says_so_in_dutch() -> None:
    case = str(FIXTURES / "mini.yaml")
    dutch = frontlijn("run", case, "--choices", "bestaat_niet")
    assert dutch.exit_code == 1
    assert "wordt niet aangeboden in scène" in dutch.stderr, dutch.stderr
    english = frontlijn("--lang", "en", "run", case, "--choices", "bestaat_niet")
    assert "is not offered in scene" in english.stderr


def test_new_inspect_and_test_speak_dutch(tmp_path: Path) -> None:
    made = frontlijn("new", "scenario", "mijn-casus", "--dir", str(tmp_path))
    assert made.exit_code == 0, made.output
    assert "geschreven" in made.stdout and "volgende stap: frontlijn validate" in made.stdout
    again = frontlijn("new", "scenario", "mijn-casus", "--dir", str(tmp_path))
    assert again.exit_code == 1 and "bestaan al; niets geschreven" in again.stderr
    case = tmp_path / "scenarios" / "mijn-casus.yaml"
    tested = frontlijn("test", str(case))
    assert tested.exit_code == 0, tested.output
    assert "geslaagd" in tested.stdout + tested.stderr
    unknown = frontlijn("inspect", "bestaat_niet", str(case))
    assert unknown.exit_code == 1
    assert "is geen variabele, feit, actor, scène, keuze of tag van" in unknown.stderr
