"""Every interface string in Dutch and English.

The msgids are the Dutch strings in ``src/frontlijn_game/ui`` (``_()``, ``N_()``,
``ngettext()``), extracted here with Babel's own extractor, as ``babel.cfg`` says. These
tests fail when a string is missing, untranslated or fuzzy in the English catalogue, when
the compiled .mo is older than the .po, when a translation loses a ``{placeholder}``, and
when an interface string bypasses the catalogue. The fix is always:

    python scripts/i18n.py all      # extract, update the .po; then translate; then
    python scripts/i18n.py compile
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import frontlijn_game.ui as ui_package
from frontlijn_game import i18n

UI = Path(ui_package.__file__).resolve().parent
LOCALE = UI / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "frontlijn.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "frontlijn.mo"
FIX = "run `python scripts/i18n.py all`, translate the new entries, then `... compile`"
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None}


@pytest.fixture(autouse=True)
def dutch_again() -> Iterator[None]:
    """Tests pin the language; leave Dutch behind."""
    yield
    i18n.set_language("nl")


def extracted() -> list[tuple[str, int, Any]]:
    return [
        (filename, lineno, message)
        for source in (UI, UI.parent / "cli", UI.parent / "service")
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(source), [("**.py", "python")], keywords=KEYWORDS
        )
    ]


def english() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle, locale="en")


def forms(message: Message) -> list[str]:
    value = message.string
    return list(value) if isinstance(value, list | tuple) else [value or ""]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_strings_are_found() -> None:
    found = extracted()
    assert len(found) > 100, "the extractor found hardly any interface strings"
    ids = {m if isinstance(m, str) else m[0] for _, _, m in found}
    for known in ("Uitleg score", "Welkom bij Frontlijn", "tandeloos", "Zoek een opdracht…"):
        assert known in ids


def test_every_interface_string_has_an_english_translation() -> None:
    catalog = english()
    problems = []
    for filename, lineno, message in extracted():
        msgid = message if isinstance(message, str) else message[0]
        entry = catalog.get(msgid)
        where = f"src/frontlijn_game/ui/{filename}:{lineno}"
        if entry is None:
            problems.append(f"missing: {msgid!r} ({where})")
        elif entry.fuzzy or not all(forms(entry)):
            problems.append(f"{'fuzzy' if entry.fuzzy else 'untranslated'}: {msgid!r} ({where})")
        elif not isinstance(message, str) and isinstance(entry.id, str):
            problems.append(f"plural forms missing: {msgid!r} ({where})")
    assert not problems, f"{len(problems)} interface string(s) not in English; {FIX}:\n" + (
        "\n".join(problems)
    )


def test_the_compiled_catalogue_is_up_to_date() -> None:
    """The .mo (what the app loads) holds exactly the .po's translations."""

    def table(catalog: Catalog) -> dict[Any, Any]:
        out = {}
        for message in catalog:
            if message.id and not message.fuzzy and all(forms(message)):
                key = message.id if isinstance(message.id, str) else tuple(message.id)
                out[key] = tuple(forms(message))
        return out

    assert MO.exists(), f"{MO} is missing; {FIX}"
    with MO.open("rb") as handle:
        compiled = read_mo(handle)
    assert table(compiled) == table(english()), f"frontlijn.mo is older than frontlijn.po; {FIX}"


def test_translations_keep_their_placeholders() -> None:
    bad = []
    for message in english():
        if not message.id or message.fuzzy:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        wanted = set().union(*(fields(i) for i in ids))
        for form in forms(message):
            if form and fields(form) != wanted:
                bad.append(f"{ids[0]!r}: {sorted(fields(form))} instead of {sorted(wanted)}")
    assert not bad, "translations that would break .format():\n" + "\n".join(bad)


def test_verdicts_stay_dutch_with_an_english_gloss() -> None:
    from fractions import Fraction

    from frontlijn_game.service import format as fmt

    i18n.set_language("en")
    for verdict in ("tandeloos", "in balans", "eindeloos", "niets gedaan"):
        name = fmt.verdict_name(verdict)
        assert name.startswith(verdict + " (") and name.endswith(")"), name
        sentence = fmt.verdict_sentence(verdict, Fraction(2, 5), Fraction(3, 10), Fraction(1, 2))
        assert sentence.startswith(verdict.capitalize() + " ("), sentence
    i18n.set_language("nl")
    assert fmt.verdict_name("tandeloos") == "tandeloos"


def test_language_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTLIJN_LANG", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.detect_language() == "en"
    assert i18n.detect_language("nl") == "nl"
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert i18n.detect_language() == "nl"
    assert i18n.detect_language("en") == "en"
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.detect_language() == "nl"
    monkeypatch.setenv("FRONTLIJN_LANG", "en")
    assert i18n.detect_language() == "en"


# -- nothing bypasses the catalogue ------------------------------------------------------

TEXT_ARGUMENT = {  # call name -> positions and keywords that are shown to people
    "Binding": ({2}, {"description", "tooltip"}),
    "Static": ({0}, {"content"}),
    "Label": ({0}, {"content"}),
    "Button": ({0}, {"label"}),
    "Input": (set(), {"placeholder"}),
    "notify": ({0}, {"title"}),
    "SystemCommand": ({0, 1}, set()),
    "DiscoveryHit": (set(), {"help"}),
    "Hit": (set(), {"help"}),
    "ConfirmDialog": ({0}, {"yes", "no"}),
    "add_column": ({0}, set()),
    "say": ({0}, set()),
}
WORDS = re.compile(r"[A-Za-zÀ-ÿ]{2,}")


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _literal_text(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    return None


def ui_sources() -> Iterator[tuple[Path, ast.Module]]:
    """The screens and the application layer that words their results."""
    for path in sorted([*UI.rglob("*.py"), *(UI.parent / "service").rglob("*.py")]):
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_no_interface_text_bypasses_the_catalogue() -> None:
    """A literal with words, given straight to a widget, a key or a notification."""
    found = []
    for path, tree in ui_sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            spec = TEXT_ARGUMENT.get(_call_name(node))
            if spec is None:
                continue
            positions, keywords = spec
            candidates = [a for i, a in enumerate(node.args) if i in positions]
            candidates += [k.value for k in node.keywords if k.arg in keywords]
            for arg in candidates:
                text = _literal_text(arg)
                if text and WORDS.search(text):
                    found.append(f"{path.relative_to(UI.parent)}:{node.lineno}: {text!r}")
    assert not found, "interface text without _():\n" + "\n".join(found)


def test_no_translation_frozen_at_import() -> None:
    """``_()`` outside a function runs once, at import, in that moment's language; only
    key labels (``BINDINGS``) are translated again when the language changes."""
    found = []
    for path, tree in ui_sources():
        todo: list[tuple[ast.AST, bool]] = [(tree, False)]
        while todo:
            node, in_bindings = todo.pop()
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "ngettext")
                and not in_bindings
            ):
                found.append(f"{path.relative_to(UI.parent)}:{node.lineno}")
            bindings = in_bindings or (
                isinstance(node, ast.Assign | ast.AnnAssign)
                and any(
                    isinstance(t, ast.Name) and t.id == "BINDINGS"
                    for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                )
            )
            todo.extend((child, bindings) for child in ast.iter_child_nodes(node))
    assert not found, "translated at import (use N_() and translate when shown):\n" + (
        "\n".join(found)
    )


def _ui_node_classes() -> list[type[Any]]:
    from textual.dom import DOMNode

    for module in pkgutil.walk_packages(ui_package.__path__, "frontlijn_game.ui."):
        importlib.import_module(module.name)
    out = []
    todo: list[type[Any]] = [DOMNode]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("frontlijn_game.ui"):
            out.append(cls)
    return out


def test_every_key_label_is_in_the_catalogue_and_comes_back() -> None:
    from frontlijn_game.ui.language import translator

    i18n.set_language("nl")
    msgids = {m if isinstance(m, str) else m[0] for _, _, m in extracted()}
    to_english, to_dutch = translator("nl", "en"), translator("en", "nl")
    bad = []
    for cls in _ui_node_classes():
        for binding in cls.__dict__.get("BINDINGS", []):
            label = getattr(binding, "description", "")
            if not label:
                continue
            dutch = to_dutch(label)  # whatever language the class was imported in
            if dutch not in msgids:
                bad.append(f"{cls.__name__} {binding.key}: {label!r} is not a msgid")
            elif to_dutch(to_english(dutch)) != dutch:
                bad.append(f"{cls.__name__} {binding.key}: {dutch!r} does not come back")
    assert not bad, "key labels the language switch cannot translate:\n" + "\n".join(bad)


# -- the running app ------------------------------------------------------------------------


def _shown_labels(app: Any) -> list[str]:
    return [
        active.binding.description
        for active in app.screen.active_bindings.values()
        if active.binding.show or active.binding.action == "command_palette"
    ]


async def test_switching_language_changes_the_screen_and_the_keys(tmp_path: Path) -> None:
    from textual.command import CommandPalette
    from textual.widgets import Input, Static

    from frontlijn_game.ui.factory import build_app
    from frontlijn_game.ui.input_guard import InputGuard

    content = Path(__file__).resolve().parent / "fixtures" / "content"
    app = build_app(
        content, f"sqlite:///{tmp_path / 'p.sqlite3'}", lang="nl", input_guard=InputGuard(0)
    )
    english_strings = {m.string for m in english() if m.id and isinstance(m.string, str)}
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        labels = _shown_labels(app)
        assert "opdrachten" in labels and "English" in labels, labels
        assert "palette" not in labels

        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        assert i18n.language() == "en"
        labels = _shown_labels(app)
        assert set(labels) <= english_strings, labels
        assert "commands" in labels and "Nederlands" in labels
        assert app.screen.sub_title == "Sign in"
        title = app.screen.query(".screen-title").first(Static)
        assert "Welcome" in str(title.render())
        assert app.screen.query_one("#code", Input).placeholder == "for example jw-4821"
        system = [command.title for command in app.get_system_commands(app.screen)]
        assert system and set(system) <= english_strings, system

        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).placeholder == "Search for a command…"
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        assert i18n.language() == "nl"
        assert "opdrachten" in _shown_labels(app)
        assert app.screen.sub_title == "Aanmelden"
