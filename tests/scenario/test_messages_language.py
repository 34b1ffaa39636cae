"""Content messages speak the interface language; their code and place never change.

A trainer under the Dutch interface (the default) reads every loader, validation, engine
and authoring message in Dutch, under ``--lang en`` in English; the ``[code]``, the
``file:line:col`` and the severity are the same in both, so editors, tests and ``--json``
readers that key on them keep working. These tests fail when a new message is written
as a bare (English) literal instead of a Dutch msgid through ``_()``, when a msgid has no
English translation, or when a Dutch msgid is left equal to its English text.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

import frontlijn_game
from frontlijn_game import i18n
from frontlijn_game.scenario.curriculum import load_curriculum
from frontlijn_game.scenario.diagnostics import Diagnostic
from frontlijn_game.scenario.loader import load_scenario, load_scenario_bytes
from helpers import FIXTURES

PACKAGE = Path(frontlijn_game.__file__).resolve().parent
CONTENT_ROOMS = ("scenario", "authoring", "engine")
"""Where content messages are made: the loaders, the engine's errors, the authoring tools."""
PO = PACKAGE / "ui" / "locale" / "en" / "LC_MESSAGES" / "frontlijn.po"
BAD = FIXTURES / "bad"
SAME_IN_BOTH = {
    "actor",
    "actor '{actor}'",
    "feedback",
    "goto",
    'label "{label}"',
    "module '{module}'",
    "start",
    "tag",
    "weights.process is {weight}",
    "{scene} (open)",
}
"""Msgids whose English is the same text: key names and words both languages share.
Anything else equal to its English was left untranslated (write the Dutch msgid)."""


def bad_files() -> list[Path]:
    return sorted((BAD / "scenarios").glob("*.yaml")) + sorted((BAD / "curricula").glob("*.yaml"))


def load_in(language: str, path: Path) -> list[Diagnostic]:
    i18n.set_language(language)
    load = load_curriculum if path.parent.name == "curricula" else load_scenario
    return load(path)[1]


def place(d: Diagnostic) -> tuple[str, int, int, str, str]:
    return (d.file, d.line, d.col, d.severity, d.code)


@pytest.mark.parametrize("path", bad_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_bad_fixture_speaks_dutch_and_english_at_the_same_place(path: Path) -> None:
    dutch = load_in("nl", path)
    english = load_in("en", path)
    assert dutch, f"{path} is a bad fixture without a diagnostic"
    assert [place(d) for d in dutch] == [place(d) for d in english]
    for nl, en in zip(dutch, english, strict=True):
        assert nl.message != en.message, f"{nl.code}: the same text in both languages"
        prefix = f"{nl.file}:{nl.line}:{nl.col}: {nl.severity}: "
        assert nl.format() == f"{prefix}{nl.message} [{nl.code}]"
        assert en.format() == f"{prefix}{en.message} [{en.code}]"
        assert nl.to_json().keys() == en.to_json().keys()


def test_an_unknown_variable_in_dutch_and_in_english() -> None:
    text = (FIXTURES / "bad" / "scenarios" / "unknown-variable.yaml").read_bytes()
    i18n.set_language("nl")
    dutch = [d for d in load_scenario_bytes("case.yaml", text)[1] if d.code == "unknown-variable"]
    i18n.set_language("en")
    english = [d for d in load_scenario_bytes("case.yaml", text)[1] if d.code == "unknown-variable"]
    assert dutch and [place(d) for d in dutch] == [place(d) for d in english]
    assert "onbekende variabele" in dutch[0].message or "niet gedeclareerd" in dutch[0].message
    assert "bedoel je" in " ".join(d.message for d in dutch)
    assert "did you mean" in " ".join(d.message for d in english)
    assert not any("unknown" in d.message or "did you mean" in d.message for d in dutch)


def test_yaml_syntax_and_limits_in_dutch() -> None:
    i18n.set_language("nl")
    _, found = load_scenario_bytes("case.yaml", b"a: 1\n\tb: 2\n")
    assert [d.code for d in found] == ["yaml-syntax"]
    assert found[0].message.startswith("YAML-syntaxfout: een tabteken verstoort het inspringen")
    assert "spaties" in found[0].message
    _, found = load_scenario_bytes("big.yaml", b"a: 1\n" + b"#" * 2_000_001)
    assert [d.code for d in found] == ["file-too-large"]
    assert found[0].message == "het bestand is 2.000.006 bytes; de grens is 2.000.000"
    i18n.set_language("en")
    _, found = load_scenario_bytes("big.yaml", b"a: 1\n" + b"#" * 2_000_001)
    assert found[0].message == "file is 2,000,006 bytes; the limit is 2,000,000"


# -- the catalogue holds every content message, in both languages ----------------------


def content_msgids() -> Iterator[tuple[str, str]]:
    """(msgid, where) of every ``_()``/``N_()``/``ngettext()`` string of the content rooms."""
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    for room in CONTENT_ROOMS:
        for filename, lineno, message, _c, _ctx in extract_from_dir(
            str(PACKAGE / room), [("**.py", "python")], keywords=keywords
        ):
            msgid = message if isinstance(message, str) else message[0]
            yield msgid, f"{room}/{filename}:{lineno}"


def test_content_messages_are_found() -> None:
    ids = {msgid for msgid, _where in content_msgids()}
    assert len(ids) > 250, "the extractor found hardly any content messages"
    assert "{what} moet een mapping zijn, maar is {got}" in ids
    assert "YAML-syntaxfout: {problem}{where}" in ids


def test_every_content_message_has_english_that_differs_from_its_dutch() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    missing, same = [], []
    for msgid, where in content_msgids():
        entry = catalog.get(msgid)
        strings = None if entry is None else entry.string
        forms = [strings] if isinstance(strings, str) else list(strings or ())
        if entry is None or entry.fuzzy or not all(forms):
            missing.append(f"{where}: {msgid!r}")
        elif forms[0] == msgid and msgid not in SAME_IN_BOTH:
            same.append(f"{where}: {msgid!r}")
    assert not missing, "content messages without English (python scripts/i18n.py all):\n" + (
        "\n".join(missing)
    )
    assert not same, "msgids that are English already (write them in Dutch):\n" + "\n".join(same)


# -- nothing bypasses the catalogue ----------------------------------------------------

MESSAGE_ARGUMENT = {  # call name -> the position of the text a trainer reads
    "error": 2,
    "warning": 2,
    "warn": 2,
    "Diagnostic": 4,
    "ExprError": 0,
    "ExprRuntimeError": 0,
    "TemplateError": 0,
    "EngineError": 0,
    "ScaffoldError": 0,
    "Mismatch": 1,
}
WORDS = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")
"""Two words: a sentence, not a code such as ``unknown-variable``."""


def _literal_words(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    else:
        return None
    return text if WORDS.search(text) else None


def content_sources() -> Iterator[tuple[Path, ast.Module]]:
    for room in CONTENT_ROOMS:
        for path in sorted((PACKAGE / room).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_no_content_message_bypasses_the_catalogue() -> None:
    """A diagnostic or error made from a bare literal would stay English under Dutch."""
    found = []
    for path, tree in content_sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            position = MESSAGE_ARGUMENT.get(name)
            if position is None or len(node.args) <= position:
                continue
            text = _literal_words(node.args[position])
            if text is not None:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {text!r}")
    assert not found, "content messages without _():\n" + "\n".join(found)


def test_no_content_message_is_translated_at_import() -> None:
    """Module constants are marked with ``N_()`` and translated when shown: ``_()`` at
    import would freeze the language of the moment the module was first loaded."""
    found = []
    for path, tree in content_sources():
        todo: list[ast.AST] = [tree]
        while todo:
            node = todo.pop()
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "ngettext")
            ):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
            todo.extend(ast.iter_child_nodes(node))
    assert not found, "_() outside a function:\n" + "\n".join(found)
