"""The command line speaks the interface language: help, summaries and errors (issue 20)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner, Result

from frontlijn_game.cli import cli, hoist_global_options

DUTCH_WORDS = (" een ", " het ", " van ", " toon ")
ENGLISH_WORDS = (" the ", " and ", " with ", " show ")


@pytest.fixture(autouse=True)
def no_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTLIJN_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def frontlijn(*args: str) -> Result:
    return CliRunner().invoke(cli, hoist_global_options(args), catch_exceptions=False)


def command_paths() -> list[tuple[str, ...]]:
    """Every sub-command, nested ones too (``trainee pin``), as typed after ``frontlijn``."""
    ctx = click.Context(cli)
    found: list[tuple[str, ...]] = []

    def walk(group: click.Group, prefix: tuple[str, ...]) -> None:
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, name
            found.append((*prefix, name))
            if isinstance(command, click.Group):
                walk(command, (*prefix, name))

    walk(cli, ())
    return found


def test_validate_help_is_dutch_by_default_and_english_with_lang_en() -> None:
    dutch = frontlijn("validate", "--help")
    english = frontlijn("--lang", "en", "validate", "--help")
    assert "Controleer scenario-, curriculum- en testbestanden" in dutch.stdout
    assert "Tel waarschuwingen als fouten" in dutch.stdout
    assert "Toon deze hulp en stop." in dutch.stdout
    assert "Check scenario, curriculum and test files" in english.stdout
    assert "Treat warnings as errors" in english.stdout
    assert "Show this message and exit." in english.stdout
    assert frontlijn("validate", "--help", "--lang", "en").stdout == english.stdout


def test_the_top_level_help_follows_lang_too() -> None:
    english = frontlijn("--lang", "en", "--help").stdout
    assert "Without a sub-command the trainee app starts." in english
    assert "Check scenario, curriculum and test files" in english  # the command list
    dutch = frontlijn("--help").stdout
    assert "Zonder subopdracht start de app voor deelnemers." in dutch


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_command_help_is_in_the_chosen_language(path: tuple[str, ...]) -> None:
    dutch = frontlijn(*path, "--help")
    english = frontlijn("--lang", "en", *path, "--help")
    assert dutch.exit_code == 0 and english.exit_code == 0
    assert dutch.stdout != english.stdout
    lower_nl, lower_en = dutch.stdout.lower(), english.stdout.lower()
    assert not any(word in lower_en for word in DUTCH_WORDS), english.stdout
    assert not any(word in lower_nl for word in ENGLISH_WORDS), dutch.stdout


def test_summaries_and_store_errors_are_dutch_by_default(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "leeg.yaml").write_text("format: frontlijn/scenario@1\n", encoding="utf-8")
    checked = frontlijn("validate", str(folder / "leeg.yaml"))
    assert checked.exit_code == 1
    assert checked.stderr.splitlines()[-1].startswith("1 bestand gecontroleerd: ")
    url = f"sqlite:///{folder / 'p.sqlite3'}"
    missing = frontlijn("--db", url, "trainee", "pin", "NIEMAND", "--remove")
    assert missing.exit_code == 1
    assert missing.stderr == "frontlijn: fout: geen deelnemer met code 'NIEMAND'\n"
    english = frontlijn("--lang", "en", "--db", url, "trainee", "pin", "NIEMAND", "--remove")
    assert english.stderr == "frontlijn: error: no trainee with code 'NIEMAND'\n"


def test_one_command_s_language_does_not_stay_behind() -> None:
    from frontlijn_game.i18n import language

    frontlijn("--lang", "en", "validate", "--help")
    assert language() == "nl"


def test_clicks_own_strings_are_dutch_by_default_and_english_with_lang_en() -> None:
    dutch = frontlijn("validate", "--help").stdout
    assert dutch.startswith("Gebruik: ") and "Opties:" in dutch
    assert "Opdrachten:" in frontlijn("--help").stdout
    english = frontlijn("--lang", "en", "validate", "--help").stdout
    assert english.startswith("Usage: ") and "Options:" in english


def test_clicks_usage_errors_follow_lang_even_after_the_context_closed() -> None:
    dutch = frontlijn("--bogus")
    assert dutch.exit_code == 2
    assert "Fout: Onbekende optie '--bogus'." in dutch.stderr
    assert "voor hulp." in dutch.stderr
    missing = frontlijn("validate").stderr
    assert "Fout: Ontbrekend argument 'PATHS...'." in missing
    english = frontlijn("--lang", "en", "validate")
    assert "Error: Missing argument 'PATHS...'." in english.stderr
    assert "validate --help' for help." in english.stderr
    assert "Fout:" not in english.stderr
    assert "No such command 'bogus'." in frontlijn("bogus", "--lang", "en").stderr
